"""Snapshots of what the integration decides about its entities and devices.

Home Assistant's own snapshots (`snapshot_platform`) show its registry entries as
it stores them, which changes from release to release. These show, in plain
values, only what the integration decides, so that one snapshot file holds on
every release the tests run on.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from homeassistant.components.sensor import SensorEntity
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import async_get_platforms
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.amber import AmberSnapshotExtension
from syrupy.location import PyTestLocation

# What Home Assistant adds to every tracker on newer releases only.
HOME_ASSISTANT_ATTRIBUTES = frozenset({"in_zones", "tracking_type"})


class SnapshotExtension(AmberSnapshotExtension):
    """Syrupy's own format, in snapshots/ beside the test module."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """The snapshots/ folder, as Home Assistant's tests have it."""
        return str(Path(test_location.filepath).parent / "snapshots")


def plain(value: Any) -> Any:
    """A value without Home Assistant's types: enums as their values, sets sorted."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _own(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """Attributes or capabilities without those Home Assistant adds itself."""
    return {
        key: value
        for key, value in plain(values or {}).items()
        if key not in HOME_ASSISTANT_ATTRIBUTES
    }


def _device(device_registry: dr.DeviceRegistry, device_id: str) -> dr.DeviceEntry:
    """The device of this ID, which must exist."""
    device = device_registry.async_get(device_id)
    assert device is not None, f"no device {device_id}"
    return device


def _identifiers(
    device_registry: dr.DeviceRegistry, device_id: str | None
) -> list[list[str]] | None:
    """A device by its identifiers, which the integration chooses (not its ID)."""
    if device_id is None:
        return None
    return plain(_device(device_registry, device_id).identifiers)


def _suggestions(entity: Entity) -> dict[str, Any]:
    """What a sensor suggests showing: its own choice, not the registry's options.

    Newer releases (2026.10, not 2025.4) store a precision of their own in the
    registry's options where a sensor of a device class suggests none.
    """
    if not isinstance(entity, SensorEntity):
        return {}
    return {
        "suggested_display_precision": entity.suggested_display_precision,
        "suggested_unit_of_measurement": plain(entity.suggested_unit_of_measurement),
    }


def entity_snapshot(
    hass: HomeAssistant,
    entry: er.RegistryEntry,
    defaults: tuple[er.RegistryEntryDisabler | None, er.RegistryEntryHider | None],
) -> dict[str, Any]:
    """An entity as the integration makes it: registry entry, device and state."""
    entity = next(
        (
            platform.entities[entry.entity_id]
            for platform in async_get_platforms(hass, entry.platform)
            if entry.entity_id in platform.entities
        ),
        None,
    )
    assert entity is not None, f"{entry.entity_id} not added"
    state = hass.states.get(entry.entity_id)
    assert state is not None, f"no state for {entry.entity_id}"
    disabled_by, hidden_by = defaults
    return {
        "unique_id": entry.unique_id,
        "original_name": entry.original_name,
        "has_entity_name": entry.has_entity_name,
        "translation_key": entry.translation_key,
        "device_class": plain(entry.original_device_class),
        "unit_of_measurement": plain(entry.unit_of_measurement),
        "entity_category": plain(entry.entity_category),
        "disabled_by": plain(disabled_by),
        "hidden_by": plain(hidden_by),
        "icon": entry.original_icon,
        "supported_features": int(entry.supported_features),
        "capabilities": _own(entry.capabilities),
        "options": _suggestions(entity),
        "device": _identifiers(dr.async_get(hass), entry.device_id),
        "state": state.state,
        "attributes": _own(state.attributes),
    }


def device_snapshot(
    device_registry: dr.DeviceRegistry, device: dr.DeviceEntry, port: int
) -> dict[str, Any]:
    """A device as the integration registers it; the simulator's port as <port>."""
    url = device.configuration_url
    return {
        "identifiers": plain(device.identifiers),
        "connections": plain(device.connections),
        "name": device.name,
        "manufacturer": device.manufacturer,
        "model": device.model,
        "model_id": device.model_id,
        "sw_version": device.sw_version,
        "hw_version": device.hw_version,
        "serial_number": device.serial_number,
        "configuration_url": url and url.replace(f":{port}", ":<port>"),
        "entry_type": plain(device.entry_type),
        "via_device": _identifiers(device_registry, device.via_device_id),
    }


async def async_snapshot_platform(
    hass: HomeAssistant, snapshot: SnapshotAssertion, entry: ConfigEntry[Any]
) -> None:
    """Snapshot the entities of the entry's one platform, and their devices.

    The entities are snapshotted as created, disabled or hidden by default as the
    integration decides; those disabled are then enabled, and the entry reloaded,
    so that their states are snapshotted too.
    """
    entity_registry = er.async_get(hass)
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entries, "no entities"
    assert len({registry_entry.domain for registry_entry in entries}) == 1, (
        "set up one platform only"
    )
    defaults = {e.entity_id: (e.disabled_by, e.hidden_by) for e in entries}
    disabled = [e.entity_id for e in entries if e.disabled_by is not None]
    for entity_id in disabled:
        entity_registry.async_update_entity(entity_id, disabled_by=None)
    if disabled:
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert {registry_entry.entity_id for registry_entry in entries} == set(defaults)

    for registry_entry in entries:
        assert entity_snapshot(
            hass, registry_entry, defaults[registry_entry.entity_id]
        ) == snapshot(name=registry_entry.entity_id)

    device_registry = dr.async_get(hass)
    device_ids = {e.device_id for e in entries if e.device_id is not None}
    devices = [
        device_snapshot(
            device_registry, _device(device_registry, device_id), entry.data[CONF_PORT]
        )
        for device_id in device_ids
    ]
    assert sorted(devices, key=lambda device: device["identifiers"]) == snapshot(
        name="devices"
    )
