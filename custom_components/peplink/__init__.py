"""The Peplink integration: a router, its WANs, clients and health."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .api import PeplinkClient, PeplinkError
from .client_factory import create_client, create_session
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator, PeplinkRuntimeData
from .devices import keep_devices_registered, wan_identifier
from .endpoints import ENDPOINTS, IDENTITY, Endpoint
from .errors import router_error
from .repairs import async_clear_issues
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.DEVICE_TRACKER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions, once for all routers."""
    async_setup_services(hass)
    return True


async def _probe(
    client: PeplinkClient, options: Mapping[str, Any]
) -> dict[Endpoint[Any], Any]:
    """The first data of every endpoint this router offers.

    The required endpoints go first: they sign in, and tell whether the
    sign-in may write.
    """
    found: dict[Endpoint[Any], Any] = {}
    for required in (True, False):
        endpoints = [
            endpoint
            for endpoint in ENDPOINTS
            if endpoint.required is required and endpoint.wanted(client, options)
        ]
        answers = await asyncio.gather(
            *(endpoint.probe(client) for endpoint in endpoints)
        )
        found.update(
            (endpoint, data)
            for endpoint, data in zip(endpoints, answers, strict=True)
            if data is not None
        )
    return found


async def async_setup_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Probe what the router offers once, then poll only that."""
    session = create_session(hass, entry.data)
    entry.async_on_unload(session.detach)
    client = create_client(session, entry.data)
    try:
        found = await _probe(client, entry.options)
    except PeplinkError as err:
        raise router_error(hass, entry, err, setup=True) from err

    serial_number = found[IDENTITY].device.serial_number
    if serial_number is None or serial_number != entry.unique_id:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="different_router",
            translation_placeholders={"host": client.host},
        )
    entry.runtime_data = PeplinkRuntimeData(
        client=client,
        serial_number=serial_number,
        polled={
            endpoint.key: PeplinkCoordinator(hass, entry, client, endpoint, data)
            for endpoint, data in found.items()
        },
    )

    async_clear_issues(hass, entry)
    keep_devices_registered(hass, entry)
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def _async_reload(hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
    """Apply changed options."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Unload the platforms."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: PeplinkConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a WAN device the router no longer reports."""
    runtime = entry.runtime_data
    current = {(DOMAIN, runtime.serial_number)} | {
        (DOMAIN, wan_identifier(runtime.serial_number, wan_id))
        for wan_id in runtime.wan.data.wans
    }
    return not device.identifiers & current
