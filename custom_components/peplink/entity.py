"""Base entities: one on the router's device, one on a WAN's device."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import Wan
from .const import DOMAIN
from .coordinator import (
    Allowances,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    WanCoordinator,
)
from .errors import command_errors


def wan_identifier(serial_number: str, wan_id: int) -> str:
    """Device identifier of a WAN of the router."""
    return f"{serial_number}_wan{wan_id}"


class PeplinkEntity[CoordinatorT: PeplinkCoordinator[Any]](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of the router's device."""

    _attr_has_entity_name = True
    # What the entity showed when last written: available, state, attributes.
    _shown: tuple[object, ...] | None = None

    def __init__(self, coordinator: CoordinatorT, key: str) -> None:
        """Key the unique ID to the router's serial number."""
        super().__init__(coordinator)
        self.serial_number = coordinator.config_entry.runtime_data.serial_number
        self._attr_unique_id = f"{self.serial_number}_{key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, self.serial_number)})

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

    async def async_write(self, write: Callable[[], Awaitable[object]]) -> None:
        """Send a write, then show what the router reports, not what was asked.

        A failed write raises a translated error and leaves the state as it was.
        """
        async with command_errors():
            await write()
        await self.coordinator.async_refresh()


class PeplinkWanEntity[CoordinatorT: PeplinkCoordinator[Any]](
    PeplinkEntity[CoordinatorT]
):
    """An entity of a WAN connection's device, under the router."""

    def __init__(self, coordinator: CoordinatorT, wan: Wan, key: str) -> None:
        """Belong to the WAN's device, which setup registers under the router."""
        super().__init__(coordinator, f"wan{wan.wan_id}_{key}")
        self.wan_id = wan.wan_id
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, wan_identifier(self.serial_number, wan.wan_id))}
        )


class PeplinkWanStatusEntity(PeplinkWanEntity[WanCoordinator]):
    """An entity of a WAN fed by the WAN status."""

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer lists the WAN."""
        return super().available and self.wan_id in self.coordinator.data.wans


class PeplinkAllowanceEntity(PeplinkWanEntity[PeplinkCoordinator[Allowances]]):
    """An entity of a WAN's (or one of its SIMs') bandwidth allowance."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[Allowances],
        wan: Wan,
        sim_id: int | None,
        key: str,
    ) -> None:
        """Keep the (WAN, SIM) pair the allowance is reported under."""
        super().__init__(coordinator, wan, key)
        self.sim_id = sim_id
        self.allowance_key = (wan.wan_id, sim_id)

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer reports this allowance."""
        return super().available and self.allowance_key in self.coordinator.data


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
