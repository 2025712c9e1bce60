"""The config flow, reauth, reconfigure and options, against the simulator over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator
import ssl
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, patch

import aiohttp
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.peplink import config_flow
from custom_components.peplink.api import PeplinkClient
from custom_components.peplink.const import (
    CONF_CERTIFICATE_SHA256,
    CONF_TRACK_CLIENTS,
    CONF_TRACK_LOCATION,
    DOMAIN,
)
from simulator import Fault, RouterSimulator
from tests.conftest import ADMIN, API_CLIENT, new_simulator
from tests.integration.conftest import entry_data

BALANCE_SERIAL = "AB12-BC34-DE56"
BALANCE_NAME = "Example Site Balance 710"
ADMIN_INPUT = {CONF_USERNAME: ADMIN.username, CONF_PASSWORD: ADMIN.password}
API_CLIENT_INPUT = {
    CONF_CLIENT_ID: API_CLIENT.client_id,
    CONF_CLIENT_SECRET: API_CLIENT.client_secret,
}


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep the flow from setting up the whole integration."""
    with patch(
        "custom_components.peplink.async_setup_entry", return_value=True
    ) as mocked:
        yield mocked


@pytest.fixture
def tolerate_refused_handshakes(hass: HomeAssistant) -> Generator[None]:
    """Let the simulator's server side fail a TLS handshake the client refused.

    The hass fixture fails a test on any error the event loop reports, and the
    simulator shares that loop; only this one server-side error is expected.
    """
    loop = hass.loop
    fail_test = loop.get_exception_handler()
    assert fail_test is not None

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message", "").startswith(
            "Error on transport creation for incoming connection"
        ) and isinstance(context.get("exception"), ConnectionResetError | ssl.SSLError):
            return
        fail_test(loop, context)

    loop.set_exception_handler(handler)
    yield
    loop.set_exception_handler(fail_test)


@pytest.fixture
async def https_simulator(
    socket_enabled: None, profile: str, tolerate_refused_handshakes: None
) -> AsyncIterator[RouterSimulator]:
    """A simulated router serving HTTPS with a self-signed certificate."""
    sim = new_simulator(profile)
    await sim.start(host="127.0.0.1", port=0, https=True)
    yield sim
    await sim.stop()


def connection_input(simulator: RouterSimulator, **changes: Any) -> dict[str, Any]:
    """The user step's input that points at the simulator."""
    return {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SSL: simulator.https,
        CONF_VERIFY_SSL: False,
        **changes,
    }


def schema_defaults(result: FlowResult) -> dict[str, Any]:
    """What a form shows in its fields: defaults, else suggested values."""
    shown: dict[str, Any] = {}
    for key in result["data_schema"].schema:
        if key.description and "suggested_value" in key.description:
            shown[str(key)] = key.description["suggested_value"]
        elif key.default is not vol.UNDEFINED:
            shown[str(key)] = key.default()
        else:
            shown[str(key)] = None
    return shown


async def start_flow(
    hass: HomeAssistant, connection: dict[str, Any], method: str = "admin"
) -> FlowResult:
    """Go through the user step and the menu to the credentials form."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], connection
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "auth_method"
    assert result["menu_options"] == ["admin", "api_client"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": method}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == method
    assert result["errors"] == {}
    return result


async def submit(
    hass: HomeAssistant, result: FlowResult, user_input: dict[str, Any]
) -> FlowResult:
    """Submit a form of the flow."""
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


def assert_error(result: FlowResult, step_id: str, error: str) -> None:
    """The form is shown again with one base error."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step_id
    assert result["errors"] == {"base": error}


# User flow


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("method", ["admin", "api_client"])
async def test_user_flow(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    https_simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
    https: bool,
) -> None:
    sim = https_simulator if https else simulator
    result = await start_flow(hass, connection_input(sim), method)
    if method == "admin":
        assert schema_defaults(result) == {CONF_USERNAME: "admin", CONF_PASSWORD: None}
        credentials = ADMIN_INPUT
    else:
        assert schema_defaults(result) == {
            CONF_CLIENT_ID: None,
            CONF_CLIENT_SECRET: None,
        }
        credentials = API_CLIENT_INPUT

    result = await submit(hass, result, credentials)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == BALANCE_NAME
    # Over HTTPS without verification, the certificate seen now is trusted.
    pinned = {CONF_CERTIFICATE_SHA256: (await _fingerprint(sim)).hex()} if https else {}
    assert result["data"] == {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: sim.port,
        CONF_SSL: https,
        CONF_VERIFY_SSL: False,
        **credentials,
        **pinned,
    }
    assert result["options"] == {}
    entry = result["result"]
    assert entry.unique_id == BALANCE_SERIAL
    assert entry.version == 1
    assert entry.minor_version == 1
    assert len(mock_setup_entry.mock_calls) == 1


async def test_user_form_defaults(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert schema_defaults(result) == {
        CONF_HOST: None,
        CONF_PORT: None,
        CONF_SSL: True,
        CONF_VERIFY_SSL: False,
    }


@pytest.mark.parametrize(
    ("name", "model", "title"),
    [
        ("", "Peplink Balance 710", "Peplink Balance 710"),
        ("", "", "127.0.0.1"),
    ],
)
async def test_title_fallback(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    name: str,
    model: str,
    title: str,
) -> None:
    simulator.state.device["name"] = name
    simulator.state.device["model"] = model
    result = await start_flow(hass, connection_input(simulator))
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title


async def test_port_left_empty(
    hass: HomeAssistant, socket_enabled: None, mock_setup_entry: AsyncMock
) -> None:
    """Without a port the client uses the scheme's; the entry then has no port."""
    sim = new_simulator("balance")
    # Binding port 80 needs root, which these machines and CI run as.
    await sim.start(host="127.0.0.1", port=80)
    try:
        connection = connection_input(sim)
        del connection[CONF_PORT]
        result = await start_flow(hass, connection)
        result = await submit(hass, result, ADMIN_INPUT)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert CONF_PORT not in result["data"]

        # Reconfiguring onto the default port drops a stored port again.
        entry = result["result"]
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_PORT: 8080}
        )
        result = await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id},
        )
        result = await submit(hass, result, {**connection, **ADMIN_INPUT})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert CONF_PORT not in entry.data
    finally:
        await sim.stop()


@pytest.mark.parametrize(
    "host", ["http://x", "x/y", "u@x", "a b", "", "   ", "x:8080", "https://x:1/p"]
)
async def test_invalid_host(hass: HomeAssistant, host: str) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    # Refused before any request: no simulator runs.
    result = await submit(
        hass, result, {CONF_HOST: host, CONF_SSL: True, CONF_VERIFY_SSL: False}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    # The form keeps what was typed.
    assert schema_defaults(result)[CONF_HOST] == host

    result = await submit(
        hass,
        result,
        {CONF_HOST: "router.example", CONF_SSL: True, CONF_VERIFY_SSL: False},
    )
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"] == {"host": "router.example"}


@pytest.mark.parametrize(
    ("host", "accepted"), [("  192.168.50.1 ", "192.168.50.1"), ("fe80::1", "fe80::1")]
)
async def test_valid_host_forms(hass: HomeAssistant, host: str, accepted: str) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await submit(
        hass, result, {CONF_HOST: host, CONF_SSL: True, CONF_VERIFY_SSL: False}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"] == {"host": accepted}


# Errors, each corrected in the same flow


async def test_cannot_connect(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    result = await start_flow(hass, connection_input(simulator))
    port = simulator.port
    await simulator.stop()

    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "cannot_connect")
    # The username stays, the password does not.
    assert schema_defaults(result) == {CONF_USERNAME: "admin", CONF_PASSWORD: None}

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("method", "wrong", "right"),
    [
        ("admin", {**ADMIN_INPUT, CONF_PASSWORD: "wrong"}, ADMIN_INPUT),
        (
            "api_client",
            {**API_CLIENT_INPUT, CONF_CLIENT_SECRET: "wrong"},
            API_CLIENT_INPUT,
        ),
    ],
)
async def test_invalid_auth(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
    wrong: dict[str, str],
    right: dict[str, str],
) -> None:
    result = await start_flow(hass, connection_input(simulator), method)

    result = await submit(hass, result, wrong)
    assert_error(result, method, "invalid_auth")
    # One attempt, never a retry: routers lock accounts.
    assert simulator.failed_logins == 1

    result = await submit(hass, result, wrong)
    assert_error(result, method, "invalid_auth")
    assert simulator.failed_logins == 2

    result = await submit(hass, result, right)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {**connection_input(simulator), **right}
    assert simulator.failed_logins == 2


async def test_tls_error(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    result = await start_flow(
        hass, connection_input(https_simulator, **{CONF_VERIFY_SSL: True})
    )
    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "tls_error")
    assert https_simulator.logins == 0

    # Verification is a connection setting: the user corrects it in a new flow.
    hass.config_entries.flow.async_abort(result["flow_id"])
    result = await start_flow(hass, connection_input(https_simulator))
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VERIFY_SSL] is False


async def test_account_locked(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    simulator.lockout_after = 1
    result = await start_flow(hass, connection_input(simulator))

    result = await submit(hass, result, {**ADMIN_INPUT, CONF_PASSWORD: "wrong"})
    assert_error(result, "admin", "invalid_auth")
    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "account_locked")
    assert simulator.failed_logins == 2

    simulator.advance(simulator.lockout_seconds + 1)
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("function", "fault"),
    [
        ("status.system.info", Fault.NOT_JSON),
        ("login", Fault.NOT_JSON),
        ("status.system.info", Fault.UNSUPPORTED),
    ],
)
async def test_not_peplink(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    function: str,
    fault: Fault,
) -> None:
    result = await start_flow(hass, connection_input(simulator))
    simulator.inject(function, fault)

    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "not_peplink")

    simulator.clear_faults()
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_unknown_error(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = await start_flow(hass, connection_input(simulator))
    with patch.object(
        PeplinkClient, "get_router_info", side_effect=RuntimeError("boom")
    ):
        result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "unknown")
    assert "Unexpected error while checking the router" in caplog.text

    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_no_serial_number(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    result = await start_flow(hass, connection_input(simulator), "api_client")
    simulator.state.device["serialNumber"] = ""

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert_error(result, "api_client", "no_serial_number")
    assert schema_defaults(result) == {
        CONF_CLIENT_ID: API_CLIENT.client_id,
        CONF_CLIENT_SECRET: None,
    }

    simulator.state.device["serialNumber"] = BALANCE_SERIAL
    result = await submit(hass, result, API_CLIENT_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == BALANCE_SERIAL


async def test_session_closed_after_validation(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Each check uses a session of its own and closes it, failed or not."""
    result = await start_flow(hass, connection_input(simulator))
    sessions: list[Any] = []
    real = config_flow.create_session

    def recording(*args: Any) -> Any:
        sessions.append(real(*args))
        return sessions[-1]

    with patch.object(config_flow, "create_session", recording):
        result = await submit(hass, result, {**ADMIN_INPUT, CONF_PASSWORD: "wrong"})
        result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(sessions) == 2
    assert all(session.closed for session in sessions)


# Already configured


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_already_configured(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    host: str,
) -> None:
    """The same router is refused, also under another address."""
    mock_config_entry.add_to_hass(hass)
    result = await start_flow(hass, connection_input(simulator, **{CONF_HOST: host}))
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert len(mock_setup_entry.mock_calls) == 0


# Reauth


async def test_reauth(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    mock_config_entry.add_to_hass(hass)
    simulator.password = "n3w-admin-pass"

    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert schema_defaults(result) == {CONF_USERNAME: "admin", CONF_PASSWORD: None}
    assert result["description_placeholders"] == {
        "name": BALANCE_NAME,
        "host": "127.0.0.1",
    }

    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "reauth_confirm", "invalid_auth")
    assert simulator.failed_logins == 1

    result = await submit(
        hass, result, {CONF_USERNAME: "admin", CONF_PASSWORD: "n3w-admin-pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert dict(mock_config_entry.data) == {
        **entry_data(simulator),
        CONF_PASSWORD: "n3w-admin-pass",
    }
    assert simulator.failed_logins == 1


async def test_reauth_api_client(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=BALANCE_NAME,
        unique_id=BALANCE_SERIAL,
        data={
            **entry_data(simulator, api_client=True),
            CONF_CLIENT_SECRET: "old-secret",
        },
    )
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert schema_defaults(result) == {
        CONF_CLIENT_ID: API_CLIENT.client_id,
        CONF_CLIENT_SECRET: None,
    }

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert dict(entry.data) == entry_data(simulator, api_client=True)


async def test_reauth_wrong_router(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Another router",
        unique_id="1824-ABCD-EF01",
        data=entry_data(simulator),
    )
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_router"
    assert entry.data == entry_data(simulator)


# Reconfigure


async def test_reconfigure(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    mock_config_entry.add_to_hass(hass)
    moved = new_simulator("balance")
    await moved.start(host="127.0.0.1", port=0)
    try:
        result = await mock_config_entry.start_reconfigure_flow(hass)
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "reconfigure"
        assert schema_defaults(result) == {
            CONF_HOST: "127.0.0.1",
            CONF_PORT: simulator.port,
            CONF_SSL: False,
            CONF_VERIFY_SSL: False,
            CONF_USERNAME: "admin",
            CONF_PASSWORD: None,
        }

        # An empty password keeps the current one.
        result = await submit(
            hass,
            result,
            {**connection_input(moved), CONF_USERNAME: "admin", CONF_PASSWORD: ""},
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert dict(mock_config_entry.data) == entry_data(moved)
        assert moved.logins == 1
    finally:
        await moved.stop()


async def test_reconfigure_new_secret(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=BALANCE_NAME,
        unique_id=BALANCE_SERIAL,
        data={
            **entry_data(simulator, api_client=True),
            CONF_CLIENT_SECRET: "old-secret",
        },
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    defaults = schema_defaults(result)
    assert defaults[CONF_CLIENT_ID] == API_CLIENT.client_id
    assert defaults[CONF_CLIENT_SECRET] is None

    # The old secret is refused: an empty field keeps it.
    result = await submit(
        hass,
        result,
        {**connection_input(simulator), CONF_CLIENT_ID: API_CLIENT.client_id},
    )
    assert_error(result, "reconfigure", "invalid_auth")
    # What was typed stays, the secret never shows.
    assert schema_defaults(result)[CONF_CLIENT_SECRET] is None
    assert schema_defaults(result)[CONF_PORT] == simulator.port

    result = await submit(
        hass,
        result,
        {**connection_input(simulator), **API_CLIENT_INPUT},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, api_client=True)


async def test_reconfigure_wrong_router(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    mock_config_entry.add_to_hass(hass)
    other = new_simulator("max")
    await other.start(host="127.0.0.1", port=0)
    try:
        result = await mock_config_entry.start_reconfigure_flow(hass)
        result = await submit(
            hass, result, {**connection_input(other), CONF_USERNAME: "admin"}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_router"
        assert dict(mock_config_entry.data) == entry_data(simulator)
    finally:
        await other.stop()


async def test_reconfigure_errors(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    good = {**connection_input(simulator), CONF_USERNAME: "admin"}

    result = await submit(hass, result, {**good, CONF_HOST: "http://127.0.0.1"})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}

    port = simulator.port
    await simulator.stop()
    result = await submit(hass, result, good)
    assert_error(result, "reconfigure", "cannot_connect")
    await simulator.start(host="127.0.0.1", port=port)

    result = await submit(hass, result, {**good, CONF_PASSWORD: "wrong"})
    assert_error(result, "reconfigure", "invalid_auth")
    assert simulator.failed_logins == 1

    result = await submit(hass, result, good)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(mock_config_entry.data) == entry_data(simulator)


# Options


async def test_options_defaults_and_save(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    # Not loaded: whether the router has GPS is unknown, so location is offered.
    assert schema_defaults(result) == {
        CONF_TRACK_CLIENTS: "all",
        "consider_home": 180,
        CONF_TRACK_LOCATION: True,
    }

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_TRACK_CLIENTS: "wireless",
            "consider_home": 300.0,
            CONF_TRACK_LOCATION: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == {
        CONF_TRACK_CLIENTS: "wireless",
        "consider_home": 300,
        CONF_TRACK_LOCATION: False,
    }

    # The form then shows the saved values.
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert schema_defaults(result) == {
        CONF_TRACK_CLIENTS: "wireless",
        "consider_home": 300,
        CONF_TRACK_LOCATION: False,
    }


async def test_options_refuse_out_of_range(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TRACK_CLIENTS: "all", "consider_home": 3601}
        )
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TRACK_CLIENTS: "some", "consider_home": 60}
        )


@pytest.mark.parametrize(
    ("location", "options", "saved"),
    [
        (None, {}, {}),
        (object(), {}, {CONF_TRACK_LOCATION: True}),
        # Tracking off means the router's location was never asked for.
        (None, {CONF_TRACK_LOCATION: False}, {CONF_TRACK_LOCATION: False}),
    ],
    ids=["no_gps", "gps", "tracking_off"],
)
async def test_options_location_only_with_gps(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    location: object,
    options: dict[str, Any],
    saved: dict[str, Any],
) -> None:
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options=options)
    mock_config_entry.mock_state(hass, ConfigEntryState.LOADED)
    mock_config_entry.runtime_data = SimpleNamespace(location=location)

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert (CONF_TRACK_LOCATION in schema_defaults(result)) is bool(saved)

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TRACK_CLIENTS: "none", "consider_home": 0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == {
        CONF_TRACK_CLIENTS: "none",
        "consider_home": 0,
        **saved,
    }


async def _fingerprint(sim: RouterSimulator) -> bytes:
    """The SHA-256 of the certificate the simulator presents."""
    async with aiohttp.ClientSession() as session:
        return await PeplinkClient(
            session, sim.host, ADMIN, port=sim.port
        ).get_certificate_fingerprint()
