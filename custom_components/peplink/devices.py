"""The router's device, and a device per WAN under it."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN, MANUFACTURER
from .coordinator import PeplinkConfigEntry


def wan_identifier(serial_number: str, wan_id: int) -> str:
    """Device identifier of a WAN of the router."""
    return f"{serial_number}_wan{wan_id}"


def keep_devices_registered(hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
    """Register the devices now, and again when what they show changes."""
    registered: list[object] = []

    @callback
    def register_devices() -> None:
        # Only when something the devices show changed: the WANs poll often.
        runtime = entry.runtime_data
        shown = (
            runtime.identity.data,
            [
                (wan.wan_id, wan.name, wan.connection_type)
                for wan in runtime.wan.data.wans.values()
            ],
        )
        if registered != [shown]:
            registered[:] = [shown]
            _register_devices(hass, entry)

    register_devices()
    for source in (entry.runtime_data.identity, entry.runtime_data.wan):
        entry.async_on_unload(source.async_add_listener(register_devices))


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
