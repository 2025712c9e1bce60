"""The Peplink integration: a router, its WANs, clients and health."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.typing import ConfigType

from .api import PeplinkClient, PeplinkError, PeplinkUnsupportedError
from .client_factory import create_client, create_session
from .const import (
    CLIENTS_INTERVAL,
    CONF_TRACK_LOCATION,
    DOMAIN,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
    MANUFACTURER,
)
from .coordinator import (
    Clients,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    PeplinkRuntimeData,
    RouterIdentity,
    TrafficCoordinator,
    WanCoordinator,
)
from .entity import wan_identifier
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


async def _unless_unsupported[T](fetch: Callable[[], Awaitable[T]]) -> T | None:
    """Fetch once; None where this router does not offer the endpoint."""
    try:
        return await fetch()
    except PeplinkUnsupportedError:
        return None


async def _fetch_clients(client: PeplinkClient) -> Clients:
    """Clients keyed by MAC address as Home Assistant formats it."""
    return {
        format_mac(mac): found for mac, found in (await client.get_clients()).items()
    }


async def _fetch_identity(client: PeplinkClient) -> RouterIdentity:
    device, firmware = await asyncio.gather(
        client.get_router_info(), _unless_unsupported(client.get_firmware)
    )
    return RouterIdentity(device=device, firmware=firmware)


async def async_setup_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Probe what the router offers once, then poll only that."""
    session = create_session(hass, entry.data)
    entry.async_on_unload(session.detach)
    client = create_client(session, entry.data)

    track_location = entry.options.get(CONF_TRACK_LOCATION, True)
    try:
        identity, wans = await asyncio.gather(
            _fetch_identity(client), client.get_wan_status()
        )
        traffic, clients, hardware, allowances, pepvpn = await asyncio.gather(
            _unless_unsupported(client.get_traffic),
            _unless_unsupported(lambda: _fetch_clients(client)),
            _unless_unsupported(client.get_hardware),
            _unless_unsupported(client.get_allowances),
            _unless_unsupported(client.get_pepvpn_status),
        )
        location = (
            await _unless_unsupported(client.get_location) if track_location else None
        )
        # Only a client that may write gets the switch, so only it polls the AP.
        access_point = (
            None
            if client.read_only
            else await _unless_unsupported(client.get_access_point)
        )
    except PeplinkError as err:
        raise router_error(hass, entry, err, setup=True) from err

    serial_number = identity.device.serial_number
    if serial_number is None or serial_number != entry.unique_id:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="different_router",
            translation_placeholders={"host": client.host},
        )

    def coordinator[T](
        name: str, interval: timedelta, fetch: Callable[[], Awaitable[T]], data: T
    ) -> PeplinkCoordinator[T]:
        created = PeplinkCoordinator(
            hass, entry, name=name, update_interval=interval, fetch=fetch
        )
        created.async_set_updated_data(data)
        return created

    wan = WanCoordinator(hass, entry, client)
    wan.async_set_updated_data(wan.data_of(wans))
    traffic_coordinator = None
    if traffic is not None:
        traffic_coordinator = TrafficCoordinator(hass, entry, client)
        traffic_coordinator.async_set_updated_data(traffic)

    entry.runtime_data = PeplinkRuntimeData(
        client=client,
        serial_number=serial_number,
        identity=coordinator(
            "identity", IDENTITY_INTERVAL, lambda: _fetch_identity(client), identity
        ),
        wan=wan,
        traffic=traffic_coordinator,
        clients=(
            coordinator(
                "clients", CLIENTS_INTERVAL, lambda: _fetch_clients(client), clients
            )
            if clients is not None
            else None
        ),
        # Models without fans and sensors answer with empty lists.
        hardware=(
            coordinator("hardware", HEALTH_INTERVAL, client.get_hardware, hardware)
            if hardware is not None and (hardware.fans or hardware.thermal_sensors)
            else None
        ),
        allowances=(
            coordinator("allowance", HEALTH_INTERVAL, client.get_allowances, allowances)
            if allowances
            else None
        ),
        pepvpn=(
            coordinator(
                "SpeedFusion", HEALTH_INTERVAL, client.get_pepvpn_status, pepvpn
            )
            if pepvpn is not None and pepvpn.profiles
            else None
        ),
        location=(
            coordinator("location", HEALTH_INTERVAL, client.get_location, location)
            if location is not None
            else None
        ),
        access_point=(
            coordinator(
                "access point", HEALTH_INTERVAL, client.get_access_point, access_point
            )
            if access_point is not None and access_point.supported
            else None
        ),
    )

    async_clear_issues(hass, entry)
    registered: list[object] = []

    @callback
    def register_devices() -> None:
        # Only when something the devices show changed: the WANs poll often.
        runtime = entry.runtime_data
        shown = (
            runtime.identity.data,
            [
                (w.wan_id, w.name, w.connection_type)
                for w in runtime.wan.data.wans.values()
            ],
        )
        if registered != [shown]:
            registered[:] = [shown]
            _register_devices(hass, entry)

    register_devices()
    for source in (entry.runtime_data.identity, entry.runtime_data.wan):
        entry.async_on_unload(source.async_add_listener(register_devices))
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


def _register_devices(hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
    """Create or update the router's device, and each WAN's device under it.

    The WAN devices are linked to the router by its device ID here, in one
    place, rather than by each entity's device info: Home Assistant 2026.8
    deprecates the link by identifier, and releases before it lack the other.
    """
    runtime = entry.runtime_data
    identity = runtime.identity.data
    device = identity.device
    firmware = identity.firmware.running_version if identity.firmware else None
    registry = dr.async_get(hass)
    router = registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, runtime.serial_number)},
        manufacturer=MANUFACTURER,
        model=device.model,
        model_id=device.product_code,
        name=device.name or device.model or entry.title,
        hw_version=device.hardware_revision,
        sw_version=firmware or device.firmware_version,
        serial_number=runtime.serial_number,
        configuration_url=runtime.client.web_admin_url,
    )
    for wan in runtime.wan.data.wans.values():
        wan_device = registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(DOMAIN, wan_identifier(runtime.serial_number, wan.wan_id))},
            manufacturer=MANUFACTURER,
            model=wan.connection_type,
            name=wan.name or f"WAN {wan.wan_id}",
        )
        if wan_device.via_device_id != router.id:
            registry.async_update_device(wan_device.id, via_device_id=router.id)


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
