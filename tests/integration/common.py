"""Helpers shared by the integration's tests."""

from __future__ import annotations

from datetime import timedelta
import inspect
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
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket

from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.conftest import ADMIN


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


def device_by_identifier(
    device_registry: dr.DeviceRegistry, identifier: str
) -> dr.DeviceEntry | None:
    """The device with this identifier of the integration, whichever entry has it.

    Home Assistant 2026.9 deprecates `async_get_device`, which tests may no longer
    call, for `async_get_devices`, which 2025.4 lacks.
    """
    identifiers = {(DOMAIN, identifier)}
    if not hasattr(device_registry, "async_get_devices"):
        return device_registry.async_get_device(identifiers=identifiers)
    devices = device_registry.async_get_devices(identifiers=identifiers)
    assert len(devices) <= 1, f"several devices {identifier}"
    return devices[0] if devices else None


async def async_remove_device(
    client: MockHAClientWebSocket, device_id: str, config_entry_id: str
) -> dict[str, Any]:
    """Remove a device as the UI does; the websocket's answer.

    The newest test plugin removes the device, which belongs to one config entry
    only, by its ID; older plugins remove it from the config entry given.
    """
    remove: Any = client.remove_device
    if len(inspect.signature(remove).parameters) == 1:
        answer: dict[str, Any] = await remove(device_id)
    else:
        answer = await remove(device_id, config_entry_id)
    return answer


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
