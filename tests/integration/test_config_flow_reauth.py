"""Reauthentication: new credentials for the same router, never another one."""

from __future__ import annotations

from unittest.mock import AsyncMock

from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from simulator import RouterSimulator
from tests.constants import API_CLIENT, BALANCE_NAME
from tests.integration.common import added_entry, entry_data, other_router_entry
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    STALE_API_CLIENT,
    assert_error,
    schema_defaults,
    submit,
)


async def test_reauth(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    simulator.password = "n3w-admin-pass"

    result = await entry.start_reauth_flow(hass)
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
    assert dict(entry.data) == {
        **entry_data(simulator),
        CONF_PASSWORD: "n3w-admin-pass",
    }
    assert simulator.failed_logins == 1


async def test_reauth_api_client(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator, STALE_API_CLIENT)

    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert schema_defaults(result) == {
        CONF_CLIENT_ID: API_CLIENT.client_id,
        CONF_CLIENT_SECRET: None,
    }

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


async def test_reauth_wrong_router(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = other_router_entry(simulator)
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_router"
    assert entry.data == entry_data(simulator)
