"""Base entities: of the router's device, a WAN's device, an allowance, an SSID.

Each takes its coordinator and its description; the platforms' classes only
read values and send commands.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from dataclasses import replace

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import Allowance, PeplinkClient, SmsInbox, SsidProfile, Wan, WanState
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator
from .devices import wan_identifier
from .endpoints import (
    ALLOWANCES,
    WAN,
    AllowanceKey,
    Allowances,
    Endpoint,
    SmsInboxes,
    SsidProfiles,
    WanData,
)
from .errors import command_errors


class PeplinkEntity[DataT](CoordinatorEntity[PeplinkCoordinator[DataT]]):
    """An entity of the router's device."""

    _attr_has_entity_name = True
    # What the entity showed when last written: available, state, attributes.
    _shown: tuple[object, ...] | None = None

    def __init__(
        self, coordinator: PeplinkCoordinator[DataT], description: EntityDescription
    ) -> None:
        """Key the unique ID to the router's serial number."""
        super().__init__(coordinator)
        self.entity_description = description
        self.serial_number = coordinator.config_entry.runtime_data.serial_number
        self._attr_unique_id = f"{self.serial_number}_{self._unique_key()}"
        self._attr_device_info = self._device_info()

    def _unique_key(self) -> str:
        return self.entity_description.key

    def _device_info(self) -> DeviceInfo:
        return DeviceInfo(identifiers={(DOMAIN, self.serial_number)})

    @property
    def client(self) -> PeplinkClient:
        """The router's client, for commands."""
        return self.coordinator.client

    def _what_is_shown(self) -> tuple[object, ...]:
        # Like Home Assistant, an unavailable entity shows nothing else.
        if not self.available:
            return (False,)
        return (True, self.state, self.state_attributes, self.extra_state_attributes)

    async def async_added_to_hass(self) -> None:
        """Remember what the first state, written next, shows."""
        await super().async_added_to_hass()
        self._shown = self._what_is_shown()

    @callback
    def _handle_coordinator_update(self) -> None:
        """One changed value in an endpoint's data reaches every entity of it."""
        self.async_write_state_if_changed()

    @callback
    def async_write_state_if_changed(self) -> None:
        """Write the state only if what the entity shows changed."""
        shown = self._what_is_shown()
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()

    async def async_send_command(self, command: Awaitable[object]) -> None:
        """Send a command, then show what the router reports, not what was asked.

        A failed command raises a translated error and leaves the state as it was.
        A poll in flight meanwhile reads again rather than show the state from
        before the command.
        """
        async with command_errors(), self.coordinator.writing():
            await command
        await self.coordinator.async_refresh()


class PeplinkWanEntity[DataT](PeplinkEntity[DataT]):
    """An entity of a WAN connection's device, under the router."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[DataT],
        description: EntityDescription,
        wan_id: int,
    ) -> None:
        """Belong to the WAN's device, which setup registers under the router."""
        self.wan_id = wan_id
        super().__init__(coordinator, description)

    def _unique_key(self) -> str:
        return f"wan{self.wan_id}_{super()._unique_key()}"

    def _device_info(self) -> DeviceInfo:
        return DeviceInfo(
            identifiers={(DOMAIN, wan_identifier(self.serial_number, self.wan_id))}
        )

    @property
    def wan_disabled(self) -> bool:
        """Whether the WAN status reports the WAN disabled.

        A value the WAN has only while enabled (a rate, a signal, an address) is
        then unavailable: it does not exist, rather than being unknown.
        """
        wans = self.coordinator.config_entry.runtime_data.wan.data.wans
        wan = wans.get(self.wan_id)
        return wan is not None and wan.state is WanState.DISABLED


class PeplinkWanStatusEntity(PeplinkWanEntity[WanData]):
    """An entity of a WAN fed by the WAN status."""

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer lists the WAN."""
        return super().available and self.wan_id in self.coordinator.data.wans

    @property
    def wan(self) -> Wan:
        """The WAN as last reported."""
        return self.coordinator.data.wans[self.wan_id]


class PeplinkAllowanceEntity(PeplinkWanEntity[Allowances]):
    """An entity of a WAN's bandwidth allowance, or of one of its SIMs'."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[Allowances],
        description: EntityDescription,
        wan_id: int,
        sim_id: int | None,
    ) -> None:
        """One allowance; per SIM where the router reports it per SIM."""
        if sim_id is not None:
            description = replace(
                description,
                key=f"{description.key}_sim{sim_id}",
                translation_key=f"{description.translation_key}_sim",
                translation_placeholders={"sim": str(sim_id)},
            )
        self.sim_id = sim_id
        super().__init__(coordinator, description, wan_id)

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer reports this allowance."""
        return super().available and (self.wan_id, self.sim_id) in self.coordinator.data

    @property
    def allowance(self) -> Allowance:
        """The allowance as last reported."""
        return self.coordinator.data[(self.wan_id, self.sim_id)]


def async_add_entities_of[DataT, KeyT: Hashable, ItemT](
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    endpoint: Endpoint[DataT],
    items: Callable[[DataT], Mapping[KeyT, ItemT]],
    build: Callable[[PeplinkCoordinator[DataT], ItemT], Iterable[Entity]],
) -> None:
    """Add the entities of each item of an endpoint's data, as items appear.

    Items are looked for now, at each change of the endpoint's data and of the
    WAN status (an item of a WAN waits for its WAN to be listed), and from when
    the endpoint answers, where the router did not offer it at setup: no
    reload. An item that goes leaves its entities, unavailable until it is back.
    """
    runtime = entry.runtime_data
    known: set[KeyT] = set()

    @callback
    def follow(coordinator: PeplinkCoordinator[DataT]) -> None:
        @callback
        def add_new() -> None:
            new = {
                key: item
                for key, item in items(coordinator.data).items()
                if key not in known
            }
            if new:
                known.update(new)
                async_add_entities(
                    entity
                    for item in new.values()
                    for entity in build(coordinator, item)
                )

        add_new()
        entry.async_on_unload(coordinator.async_add_listener(add_new))
        if coordinator is not runtime.wan:
            entry.async_on_unload(runtime.wan.async_add_listener(add_new))

    runtime.async_when_polled(endpoint, follow)


class PeplinkSsidEntity(PeplinkEntity[SsidProfiles]):
    """An entity of one of the router's Wi-Fi networks (SSID profiles)."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[SsidProfiles],
        description: EntityDescription,
        profile_id: int,
    ) -> None:
        """One profile, by its id."""
        self.profile_id = profile_id
        super().__init__(coordinator, description)

    def _unique_key(self) -> str:
        return f"{super()._unique_key()}_{self.profile_id}"

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer lists the profile as its own."""
        profile = self.coordinator.data.get(self.profile_id)
        return (
            super().available and profile is not None and not profile.incontrol_managed
        )

    @property
    def profile(self) -> SsidProfile:
        """The profile as last reported."""
        return self.coordinator.data[self.profile_id]


def sms_inboxes(inboxes: SmsInboxes) -> dict[int, int]:
    """The cellular WANs (by id, to their id) whose inbox the router reported."""
    return {wan_id: wan_id for wan_id in inboxes}


class PeplinkEnabledWanEntity[DataT](PeplinkWanEntity[DataT]):
    """An entity of a WAN fed by another endpoint than the WAN status.

    It follows the WAN status too: while that reports the WAN disabled, the
    entity is unavailable at once (a disabled WAN carries no traffic, and its
    modem reads no SMS).
    """

    async def async_added_to_hass(self) -> None:
        """Follow the WAN status as well as the entity's own endpoint."""
        await super().async_added_to_hass()
        wan_status = self.coordinator.config_entry.runtime_data.wan
        self.async_on_remove(
            wan_status.async_add_listener(self._handle_coordinator_update)
        )

    @property
    def available(self) -> bool:
        """Unavailable while the WAN is disabled."""
        return super().available and not self.wan_disabled


class PeplinkSmsEntity(PeplinkEnabledWanEntity[SmsInboxes]):
    """An entity of the SMS on a cellular WAN's SIM."""

    @property
    def available(self) -> bool:
        """Unavailable while the WAN is disabled, or its inbox is not reported."""
        return super().available and self.wan_id in self.coordinator.data

    @property
    def inbox(self) -> SmsInbox | None:
        """The inbox as last read, if the router reported it."""
        return self.coordinator.data.get(self.wan_id)


def async_add_wan_entities(
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[Wan], Iterable[Entity]],
) -> None:
    """Add the entities of every WAN now, and of WANs that appear later."""
    async_add_entities_of(
        entry,
        async_add_entities,
        WAN,
        lambda data: data.wans,
        lambda _, wan: build(wan),
    )


def async_add_allowance_entities(
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[PeplinkCoordinator[Allowances], AllowanceKey], Iterable[Entity]],
) -> None:
    """Add the entities of every allowance of a listed WAN, as they appear."""
    wans = entry.runtime_data.wan
    async_add_entities_of(
        entry,
        async_add_entities,
        ALLOWANCES,
        lambda allowances: {key: key for key in allowances if key[0] in wans.data.wans},
        build,
    )
