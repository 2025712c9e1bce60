"""Helpers shared by the integration's tests: set up, let time pass, look up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
import inspect
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket

from custom_components.peplink.api import AdminCredentials, Credentials
from custom_components.peplink.const import DOMAIN
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN, OTHER_SERIAL

# Setting up


def entry_data(
    simulator: RouterSimulator, credentials: Credentials = ADMIN
) -> dict[str, Any]:
    """Config entry data that points at the simulator: admin, or an API client."""
    data: dict[str, Any] = {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SSL: simulator.https,
        CONF_VERIFY_SSL: False,
    }
    if isinstance(credentials, AdminCredentials):
        data[CONF_USERNAME] = credentials.username
        data[CONF_PASSWORD] = credentials.password
    else:
        data[CONF_CLIENT_ID] = credentials.client_id
        data[CONF_CLIENT_SECRET] = credentials.client_secret
    return data


def config_entry_for(
    simulator: RouterSimulator,
    credentials: Credentials = ADMIN,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    """A config entry for the simulated router, as the config flow makes it."""
    device = simulator.state.device
    return MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator, credentials),
        options=options or {},
    )


def other_router_entry(simulator: RouterSimulator) -> MockConfigEntry:
    """A config entry of another router, at the simulated router's address."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Another router",
        unique_id=OTHER_SERIAL,
        data=entry_data(simulator),
    )


def added_entry(
    hass: HomeAssistant, simulator: RouterSimulator, credentials: Credentials = ADMIN
) -> MockConfigEntry:
    """A config entry for the simulated router, added but not set up: for flows."""
    entry = config_entry_for(simulator, credentials)
    entry.add_to_hass(hass)
    return entry


async def async_setup_integration(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    """Add the entry and set it up; whether that succeeded.

    The platforms set up are those of the `platforms` fixture, for the whole test.
    """
    entry.add_to_hass(hass)
    setup = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return setup


async def async_add_router(
    hass: HomeAssistant, simulator: RouterSimulator, credentials: Credentials = ADMIN
) -> MockConfigEntry:
    """Add a config entry for the simulated router and set it up, which must work."""
    entry = config_entry_for(simulator, credentials)
    assert await async_setup_integration(hass, entry)
    return entry


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


# Time

WAN_POLL = 15  # seconds: one WAN status and traffic poll


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


@asynccontextmanager
async def wan_unlisted(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    wan_id: int,
) -> AsyncIterator[None]:
    """The router leaves a WAN out from the next WAN poll on; lists it again after.

    The block starts after that poll; a WAN poll follows the block.
    """
    order = simulator.state.wan_order
    place = order.index(wan_id)
    order.remove(wan_id)
    await async_poll(hass, freezer, WAN_POLL, simulator)
    yield
    order.insert(place, wan_id)
    await async_poll(hass, freezer, WAN_POLL, simulator)


@asynccontextmanager
async def endpoint_failing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    function: str,
    seconds: float,
    recovery: float | None = None,
) -> AsyncIterator[None]:
    """The router answers `function` with HTTP 500 for `seconds` of polling; then fine.

    After the block, `recovery` seconds (by default as many) pass with the fault gone.
    """
    simulator.inject(function, Fault.HTTP_500)
    await async_poll(hass, freezer, seconds, simulator)
    # The fault was met, not merely armed.
    assert simulator.requests[function] > 0
    yield
    simulator.clear_faults()
    await async_poll(
        hass, freezer, seconds if recovery is None else recovery, simulator
    )


# Entities by what the integration makes them, their platform and unique ID: the
# entity IDs are Home Assistant's, made from names that translations may change.


def entity_id_of(hass: HomeAssistant, platform: Platform, unique_id: str) -> str:
    """The entity ID of the integration's entity with this unique ID, which must exist."""
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)
    assert entity_id is not None, f"no {platform} {unique_id}"
    return entity_id


def is_registered(hass: HomeAssistant, platform: Platform, unique_id: str) -> bool:
    """Whether the integration has an entity with this unique ID, enabled or not."""
    entity_registry = er.async_get(hass)
    return entity_registry.async_get_entity_id(platform, DOMAIN, unique_id) is not None


def state_of(hass: HomeAssistant, platform: Platform, unique_id: str) -> State:
    """The state of the integration's entity with this unique ID, which must exist."""
    entity_id = entity_id_of(hass, platform, unique_id)
    state = hass.states.get(entity_id)
    assert state is not None, f"no state for {entity_id}"
    return state


def is_available(hass: HomeAssistant, platform: Platform, unique_id: str) -> bool:
    """Whether the integration's entity with this unique ID is available."""
    return state_of(hass, platform, unique_id).state != STATE_UNAVAILABLE


def sensor_value(hass: HomeAssistant, unique_id: str) -> float:
    """The number the integration's sensor with this unique ID shows."""
    return float(state_of(hass, Platform.SENSOR, unique_id).state)


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
