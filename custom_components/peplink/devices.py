"""The router's device, and under it a device per WAN and per SMS recipient."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .api import Wan
from .const import DOMAIN, MANUFACTURER
from .coordinator import PeplinkConfigEntry
from .subentry_flow import SUBENTRY_SMS_RECIPIENT

# The WAN types routers report, as a model reads: cellular WANs are typed
# `gobi` before firmware 8.0.1, Wi-Fi WANs `wireless` on some firmware.
WAN_MODELS = {
    "adsl": "ADSL",
    "cellular": "Cellular",
    "ethernet": "Ethernet",
    "gobi": "Cellular",
    "ipsec": "IPsec",
    "modem": "USB modem",
    "wifi": "Wi-Fi",
    "wireless": "Wi-Fi",
    "wovlan": "VLAN",
}


def wan_name(wan: Wan) -> str:
    """The WAN's name as the router shows it; by its number if it has none."""
    return wan.name or f"WAN {wan.wan_id}"


def wan_identifier(serial_number: str, wan_id: int) -> str:
    """Device identifier of a WAN of the router."""
    return f"{serial_number}_wan{wan_id}"


def recipient_identifier(serial_number: str, subentry_id: str) -> str:
    """Device identifier of an SMS recipient (a config subentry) of the router."""
    return f"{serial_number}_sms_recipient_{subentry_id}"


def wan_model(connection_type: str | None) -> str | None:
    """The model a WAN's device shows: its type in words."""
    if connection_type is None:
        return None
    return WAN_MODELS.get(
        connection_type.lower(),
        # A type no router was seen to report: as sent, but not in lower case.
        connection_type[:1].upper() + connection_type[1:],
    )


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
    router_name = device.name or device.model or entry.title
    registry = dr.async_get(hass)
    router = registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, runtime.serial_number)},
        manufacturer=MANUFACTURER,
        model=device.model,
        model_id=device.product_code,
        name=router_name,
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
            model=wan_model(wan.connection_type),
            # Routers name their WANs alike ("WAN 1", "Cellular 1"): with the
            # router's name, devices and entity IDs of two routers stay apart.
            name=f"{router_name} {wan_name(wan)}",
        )
        if wan_device.via_device_id != router.id:
            registry.async_update_device(wan_device.id, via_device_id=router.id)
    if runtime.client.read_only:
        # Only a sign-in that may write sends an SMS: no recipient has an entity.
        return
    recipients = [
        subentry
        for subentry in entry.subentries.values()
        if subentry.subentry_type == SUBENTRY_SMS_RECIPIENT
    ]
    for subentry in recipients:
        # A device belongs to one subentry: each recipient has its own.
        recipient = registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            config_subentry_id=subentry.subentry_id,
            identifiers={
                (
                    DOMAIN,
                    recipient_identifier(runtime.serial_number, subentry.subentry_id),
                )
            },
            manufacturer=MANUFACTURER,
            model="SMS recipient",
            name=subentry.title,
            entry_type=dr.DeviceEntryType.SERVICE,
        )
        if recipient.via_device_id != router.id:
            registry.async_update_device(recipient.id, via_device_id=router.id)
