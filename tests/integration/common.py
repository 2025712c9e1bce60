"""Helpers shared by the integration's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.peplink.const import DOMAIN
from tests.conftest import ADMIN
from tests.simulator import RouterSimulator


async def async_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: float,
    simulator: RouterSimulator | None = None,
) -> None:
    """Let `seconds` pass for Home Assistant (and the router, when given).

    Polls due in that time run, to the end of their background tasks.
    """
    if simulator is not None:
        simulator.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def entity_id_of(
    entity_registry: er.EntityRegistry, platform: Platform, unique_id: str
) -> str:
    """The entity ID of the entity with this unique ID."""
    entity_id = entity_registry.async_get_entity_id(platform, DOMAIN, unique_id)
    assert entity_id is not None, f"no {platform} {unique_id}"
    return entity_id


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """The state of an entity, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"no state for {entity_id}"
    return state.state


async def async_add_through_flow(
    hass: HomeAssistant, simulator: RouterSimulator
) -> ConfigEntry[Any]:
    """Add the simulated router from the UI as admin; over HTTPS, unverified."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
            CONF_SSL: simulator.https,
            CONF_VERIFY_SSL: False,
        },
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "admin"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: ADMIN.username, CONF_PASSWORD: ADMIN.password},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    return result["result"]
