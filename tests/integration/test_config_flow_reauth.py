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
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.constants import API_CLIENT, BALANCE_NAME, BALANCE_SERIAL
from tests.integration.common import entry_data
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    assert_error,
    schema_defaults,
    submit,
)


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
            **entry_data(simulator, API_CLIENT),
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
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


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
