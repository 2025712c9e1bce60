"""The config flow's errors, each corrected in the same flow."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.peplink import config_flow
from custom_components.peplink.api import PeplinkClient
from simulator import Fault, RouterSimulator
from tests.constants import API_CLIENT, BALANCE_SERIAL
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    assert_error,
    connection_input,
    schema_defaults,
    start_flow,
    submit,
)


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


@pytest.mark.usefixtures("tolerate_refused_handshakes")
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
    result = await start_flow(hass, connection_input(simulator), method)
    simulator.inject("status.system.info", Fault.HTTP_500)
    result = await submit(
        hass, result, ADMIN_INPUT if method == "admin" else API_CLIENT_INPUT
    )
    assert_error(result, method, "not_peplink")
    assert simulator.live_sessions == 0

    simulator.clear_faults()
    result = await submit(
        hass, result, ADMIN_INPUT if method == "admin" else API_CLIENT_INPUT
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert simulator.live_sessions == 0
