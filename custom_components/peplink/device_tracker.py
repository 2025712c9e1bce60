"""Device trackers: the router's GPS position, and the clients on its LAN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from homeassistant.components.device_tracker import (
    CONF_CONSIDER_HOME,
    ScannerEntity,
    ScannerEntityDescription,
    SourceType,
    TrackerEntity,
    TrackerEntityDescription,
)
from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .api import Client, Location
from .const import CONF_TRACK_CLIENTS, DEFAULT_CONSIDER_HOME, TrackClients
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator
from .endpoints import CLIENTS, LOCATION, Clients
from .entity import PeplinkEntity, async_add_entities_of

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0

# A rough conversion of the GPS's horizontal dilution of precision to metres.
METRES_PER_HDOP = 5

LOCATION_TRACKER = TrackerEntityDescription(key="location", translation_key="location")


@dataclass(frozen=True, kw_only=True)
class PeplinkClientTrackerDescription(ScannerEntityDescription):
    """The tracker of one LAN client, named as the router names it."""

    mac: str
    consider_home: timedelta


def client_unique_id(serial_number: str, mac: str) -> str:
    """Unique ID of a client's tracker; the router's serial keeps routers apart."""
    return f"{serial_number}_client_{mac}"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Track the router's position and the clients the options ask for."""
    runtime = entry.runtime_data
    async_add_entities_of(
        entry,
        async_add_entities,
        LOCATION,
        lambda _: {LOCATION_TRACKER.key: LOCATION_TRACKER},
        lambda location, description: [PeplinkLocationTracker(location, description)],
    )

    track = TrackClients(entry.options.get(CONF_TRACK_CLIENTS, TrackClients.ALL))
    prefix = client_unique_id(runtime.serial_number, "")
    registry = er.async_get(hass)
    tracked_before = {
        registry_entry.unique_id.removeprefix(prefix): registry_entry
        for registry_entry in er.async_entries_for_config_entry(
            registry, entry.entry_id
        )
        if registry_entry.domain == Platform.DEVICE_TRACKER
        and registry_entry.unique_id.startswith(prefix)
    }
    if track is TrackClients.NONE:
        # The user chose not to track clients: their trackers go.
        for registry_entry in tracked_before.values():
            registry.async_remove(registry_entry.entity_id)
        return
    consider_home = timedelta(
        seconds=entry.options.get(
            CONF_CONSIDER_HOME, DEFAULT_CONSIDER_HOME.total_seconds()
        )
    )

    def wanted(client: Client) -> bool:
        return track is TrackClients.ALL or client.wireless

    @callback
    def track_clients(clients: PeplinkCoordinator[Clients]) -> None:
        """Add the trackers of the clients, now and as they appear."""

        def tracker(mac: str, name: str) -> PeplinkClientTracker:
            return PeplinkClientTracker(
                clients,
                PeplinkClientTrackerDescription(
                    key=f"client_{mac}", name=name, mac=mac, consider_home=consider_home
                ),
            )

        # Trackers of clients the router does not report now survive a restart.
        known: set[str] = set()
        restored = []
        for mac, registry_entry in tracked_before.items():
            current = clients.data.get(mac)
            if current is not None and not wanted(current):
                registry.async_remove(registry_entry.entity_id)
                continue
            if current is None:
                known.add(mac)
                restored.append(tracker(mac, registry_entry.original_name or mac))
        async_add_entities(restored)

        @callback
        def add_new_clients() -> None:
            new = {
                mac: client
                for mac, client in clients.data.items()
                if mac not in known and wanted(client)
            }
            if new:
                known.update(new)
                async_add_entities(
                    tracker(mac, client.name or mac) for mac, client in new.items()
                )

        add_new_clients()
        entry.async_on_unload(clients.async_add_listener(add_new_clients))

    runtime.async_when_polled(CLIENTS, track_clients)


class PeplinkLocationTracker(PeplinkEntity[Location], TrackerEntity):
    """The router's GPS position; unknown without a fix."""

    entity_description: TrackerEntityDescription
    _attr_source_type = SourceType.GPS

    @property
    def latitude(self) -> float | None:
        """Latitude while the GPS has a fix."""
        location = self.coordinator.data
        return location.latitude if location.has_fix else None

    @property
    def longitude(self) -> float | None:
        """Longitude while the GPS has a fix."""
        location = self.coordinator.data
        return location.longitude if location.has_fix else None

    @property
    def location_accuracy(self) -> int:
        """Estimated accuracy in metres, from the horizontal dilution of precision."""
        hdop = self.coordinator.data.hdop
        return round(hdop * METRES_PER_HDOP) if hdop is not None else 0


class PeplinkClientTracker(PeplinkEntity[Clients], ScannerEntity):
    """A LAN client: home while the router reports it active, away after a while."""

    entity_description: PeplinkClientTrackerDescription
    _last_active: datetime | None = None
    _seen_active = False
    _cancel_away: CALLBACK_TYPE | None = None

    def _device_info(self) -> DeviceInfo:
        # A client is not a part of the router, nor a device of ours: empty
        # rather than None, as None makes Home Assistant 2026.11 give it a
        # device named after the entity, which doubles the entity's name.
        return DeviceInfo()

    async def async_added_to_hass(self) -> None:
        """Start from what the router reports now."""
        self._note_activity()
        await super().async_added_to_hass()

    def _client(self) -> Client | None:
        return self.coordinator.data.get(self.entity_description.mac)

    def _note_activity(self) -> None:
        # Polls that change nothing do not reach the entity: a client active at
        # the previous update was active until this one.
        client = self._client()
        active = client is not None and client.active
        if active or self._seen_active:
            self._last_active = dt_util.utcnow()
        self._seen_active = active

    @callback
    def _handle_coordinator_update(self) -> None:
        self._note_activity()
        self._schedule_away()
        super()._handle_coordinator_update()

    def _schedule_away(self) -> None:
        """Re-check when the away time runs out, even if no poll changes."""
        if self._cancel_away is not None:
            self._cancel_away()
            self._cancel_away = None
        client = self._client()
        if self._last_active is None or (client is not None and client.active):
            return
        remaining = (
            self._last_active + self.entity_description.consider_home - dt_util.utcnow()
        )
        if remaining.total_seconds() > 0:
            self._cancel_away = async_call_later(
                self.hass, remaining, self._away_time_over
            )

    @callback
    def _away_time_over(self, _now: datetime) -> None:
        self._cancel_away = None
        self.async_write_state_if_changed()

    async def async_will_remove_from_hass(self) -> None:
        """Stop the pending away check."""
        if self._cancel_away is not None:
            self._cancel_away()
            self._cancel_away = None
        await super().async_will_remove_from_hass()

    @property
    def is_connected(self) -> bool:
        """Home while active, and for the away time after it was last active."""
        client = self._client()
        if client is not None and client.active:
            return True
        return (
            self._last_active is not None
            and dt_util.utcnow() - self._last_active
            < self.entity_description.consider_home
        )

    @property
    def unique_id(self) -> str | None:
        """The router's serial and the MAC; ScannerEntity's would be the bare MAC."""
        return self._attr_unique_id

    @property
    def mac_address(self) -> str:
        """The client's MAC address."""
        return self.entity_description.mac

    @property
    def ip_address(self) -> str | None:
        """The client's IP address, while reported."""
        client = self._client()
        return client.ip_address if client else None

    @property
    def hostname(self) -> str | None:
        """The client's name on the router."""
        client = self._client()
        return client.name if client else None
