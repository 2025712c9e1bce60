"""Reconfiguring: the same router at a new address or with new credentials."""

from __future__ import annotations

from unittest.mock import AsyncMock

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
from homeassistant.data_entry_flow import FlowResultType

from simulator import RouterSimulator
from tests.constants import API_CLIENT
from tests.helpers import running_simulator
from tests.integration.common import added_entry, entry_data
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    STALE_API_CLIENT,
    assert_error,
    connection_input,
    schema_defaults,
    submit,
)


async def test_reconfigure(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    async with running_simulator("balance") as moved:
        result = await entry.start_reconfigure_flow(hass)
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

        # Over HTTP, a new address gets only a password typed for it.
        result = await submit(
            hass,
            result,
            {**connection_input(moved), CONF_USERNAME: "admin", CONF_PASSWORD: ""},
        )
        assert result["errors"] == {CONF_PASSWORD: "secret_in_plain_text"}
        assert moved.logins == 0
        result = await submit(
            hass,
            result,
            {**connection_input(moved), **ADMIN_INPUT},
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert dict(entry.data) == entry_data(moved)
        assert moved.logins == 1


async def test_reconfigure_new_secret(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator, STALE_API_CLIENT)

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
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


async def test_reconfigure_wrong_router(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    async with running_simulator("max") as other:
        result = await entry.start_reconfigure_flow(hass)
        result = await submit(hass, result, {**connection_input(other), **ADMIN_INPUT})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_router"
        assert dict(entry.data) == entry_data(simulator)


async def test_reconfigure_errors(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    result = await entry.start_reconfigure_flow(hass)
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
    assert dict(entry.data) == entry_data(simulator)
