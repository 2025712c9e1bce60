"""Base entities: of the router's device, of a WAN's device, of an allowance.

Each takes its coordinator and its description; the platforms' classes only
read values and send commands.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import Allowance, PeplinkClient, SmsInbox, Wan, WanState
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator
from .devices import wan_identifier
from .endpoints import Allowances, SmsInboxes, WanData
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


class PeplinkSmsEntity(PeplinkWanEntity[SmsInboxes]):
    """An entity of the SMS on a cellular WAN's SIM.

    The inbox of a disabled WAN is not read: its entities are unavailable at
    once, as the WAN status reports it disabled.
    """

    async def async_added_to_hass(self) -> None:
        """Follow the WAN status too: it says whether the WAN is disabled."""
        await super().async_added_to_hass()
        wan_status = self.coordinator.config_entry.runtime_data.wan
        self.async_on_remove(
            wan_status.async_add_listener(self._handle_coordinator_update)
        )

    @property
    def available(self) -> bool:
        """Unavailable while the WAN is disabled, or its inbox is not reported."""
        return (
            super().available
            and not self.wan_disabled
            and self.wan_id in self.coordinator.data
        )

    @property
    def inbox(self) -> SmsInbox | None:
        """The inbox as last read, if the router reported it."""
        return self.coordinator.data.get(self.wan_id)


def allowance_keys(
    coordinator: PeplinkCoordinator[Allowances] | None, wan: Wan
) -> list[int | None]:
    """The SIMs (None for the WAN as a whole) a WAN reports allowances for."""
    if coordinator is None:
        return []
    return [sim_id for (wan_id, sim_id) in coordinator.data if wan_id == wan.wan_id]


def async_add_wan_entities(
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[Wan], Iterable[Entity]],
) -> None:
    """Add the entities of every WAN now, and of WANs that appear later."""
    coordinator = entry.runtime_data.wan
    known: set[int] = set()

    @callback
    def add_new_wans() -> None:
        new = [
            wan for wan_id, wan in coordinator.data.wans.items() if wan_id not in known
        ]
        if new:
            known.update(wan.wan_id for wan in new)
            async_add_entities(entity for wan in new for entity in build(wan))

    add_new_wans()
    entry.async_on_unload(coordinator.async_add_listener(add_new_wans))
