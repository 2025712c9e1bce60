"""The config flow's errors, each corrected in the same flow."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.peplink import flow_base
from custom_components.peplink.api import PeplinkClient
from custom_components.peplink.const import DOMAIN
from simulator import Fault, RouterSimulator
from tests.constants import API_CLIENT, BALANCE_SERIAL
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    assert_connection_error,
    assert_error,
    connection_input,
    schema_defaults,
    sent_no_credential,
    start_flow,
    submit,
)


async def test_cannot_connect(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Shown on the form that holds the address, with what was typed."""
    connection = connection_input(simulator)
    port = simulator.port
    await simulator.stop()
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )

    result = await submit(hass, result, connection)
    assert_connection_error(result, "cannot_connect", connection)

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, connection)
    assert result["type"] is FlowResultType.MENU
    assert sent_no_credential(simulator)


async def test_cannot_connect_after_the_check(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """The router gone by the sign-in: back to the address, not a password error."""
    connection = connection_input(simulator)
    result = await start_flow(hass, connection)
    port = simulator.port
    await simulator.stop()

    result = await submit(hass, result, ADMIN_INPUT)
    assert_connection_error(result, "cannot_connect", connection)

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, connection)
    result = await submit(hass, result, {"next_step_id": "admin"})
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


@pytest.mark.usefixtures("tolerate_refused_handshakes")
async def test_tls_error(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A self-signed certificate verified: said where verification is turned off."""
    sim = https_simulator
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    verified = connection_input(sim, **{CONF_VERIFY_SSL: True})

    result = await submit(hass, result, verified)
    assert_connection_error(result, "tls_error", verified)
    # The handshake failed: no request reached the router.
    assert not sim.request_log

    result = await submit(hass, result, connection_input(sim))
    assert result["type"] is FlowResultType.MENU
    result = await submit(hass, result, {"next_step_id": "admin"})
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


@pytest.mark.parametrize("fault", [Fault.NOT_JSON, Fault.HTTP_500, Fault.EMPTY])
async def test_not_peplink_on_the_address(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    fault: Fault,
) -> None:
    """Something else answers there: said before any credential is asked for."""
    simulator.inject("info.firmware", fault)
    connection = connection_input(simulator)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )

    result = await submit(hass, result, connection)
    assert_connection_error(result, "not_peplink", connection)
    assert sent_no_credential(simulator)

    simulator.clear_faults()
    result = await submit(hass, result, connection)
    assert result["type"] is FlowResultType.MENU


@pytest.mark.parametrize(
    "fault",
    [
        Fault.UNAUTHORIZED,
        Fault.UNSUPPORTED,
        Fault.UNKNOWN_FUNCTION,
        Fault.INTERNAL_ERROR,
        Fault.NOT_FOUND,
    ],
)
async def test_firmware_refused_before_sign_in_is_still_a_peplink(
    hass: HomeAssistant, simulator: RouterSimulator, fault: Fault
) -> None:
    """Firmware that refuses the check, or lacks it, goes on to the sign-in."""
    simulator.inject("info.firmware", fault)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await submit(hass, result, connection_input(simulator))
    assert result["type"] is FlowResultType.MENU
    assert simulator.requests["info.firmware"] == 1
    assert sent_no_credential(simulator)


@pytest.mark.parametrize(
    ("function", "fault"),
    [
        ("status.system.info", Fault.NOT_JSON),
        ("login", Fault.NOT_JSON),
        ("status.system.info", Fault.UNSUPPORTED),
    ],
)
async def test_not_peplink_after_sign_in(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    function: str,
    fault: Fault,
) -> None:
    """Answered the check, then not like a Peplink: back to the address."""
    connection = connection_input(simulator)
    result = await start_flow(hass, connection)
    simulator.inject(function, fault)

    result = await submit(hass, result, ADMIN_INPUT)
    assert_connection_error(result, "not_peplink", connection)

    simulator.clear_faults()
    result = await submit(hass, result, connection)
    result = await submit(hass, result, {"next_step_id": "admin"})
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
    real = flow_base.create_session

    def recording(*args: Any) -> Any:
        sessions.append(real(*args))
        return sessions[-1]

    with patch.object(flow_base, "create_session", recording):
        result = await submit(hass, result, {**ADMIN_INPUT, CONF_PASSWORD: "wrong"})
        result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(sessions) == 2
    assert all(session.closed for session in sessions)


async def test_busy_sign_in_is_not_a_wrong_password(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A router that cannot sign in now says so; the user just tries again."""
    simulator.max_sessions = simulator.live_sessions
    result = await start_flow(hass, connection_input(simulator))

    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin", "router_busy")

    simulator.max_sessions = None
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize("profile", ["balance"])
async def test_token_refused_identity_asks_for_an_admin(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A router that shows its serial number only to admins is still a Peplink."""
    simulator.cgi_refuses_tokens = True
    result = await start_flow(hass, connection_input(simulator), "api_client")

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert_error(result, "api_client", "no_serial_number")


@pytest.mark.parametrize("method", ["admin", "api_client"])
async def test_flow_leaves_no_session_open(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
) -> None:
    """Routers cap their sessions: the check signs out, failed or not."""
    connection = connection_input(simulator)
    credentials = ADMIN_INPUT if method == "admin" else API_CLIENT_INPUT
    result = await start_flow(hass, connection, method)
    simulator.inject("status.system.info", Fault.HTTP_500)
    result = await submit(hass, result, credentials)
    assert_connection_error(result, "not_peplink", connection)
    assert simulator.live_sessions == 0

    simulator.clear_faults()
    result = await submit(hass, result, connection)
    result = await submit(hass, result, {"next_step_id": method})
    result = await submit(hass, result, credentials)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert simulator.live_sessions == 0
