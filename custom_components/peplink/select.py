"""Selects: the priority of each WAN."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PeplinkClient, Wan
from .coordinator import PeplinkConfigEntry
from .entity import PeplinkWanStatusEntity, async_add_wan_entities

# Writes go one at a time: the router applies its configuration as a whole.
PARALLEL_UPDATES = 1

PRIORITIES = ["1", "2", "3", "4"]


@dataclass(frozen=True, kw_only=True)
class PeplinkWanSelectDescription(SelectEntityDescription):
    """A choice of a WAN, read from the WAN status."""

    current_fn: Callable[[Wan], str | None]
    select_fn: Callable[[PeplinkClient, int, str], Awaitable[object]]


WAN_SELECTS: tuple[PeplinkWanSelectDescription, ...] = (
    PeplinkWanSelectDescription(
        key="priority",
        translation_key="wan_priority",
        entity_category=EntityCategory.CONFIG,
        options=PRIORITIES,
        # 1 is the highest; a disabled WAN has none, so it is unknown.
        current_fn=lambda wan: (
            str(wan.priority) if str(wan.priority) in PRIORITIES else None
        ),
        select_fn=lambda client, wan_id, option: client.set_wan_priority(
            wan_id, int(option)
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the selects of each WAN, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [
            PeplinkWanSelect(runtime.wan, description, wan.wan_id)
            for description in WAN_SELECTS
        ],
    )


class PeplinkWanSelect(PeplinkWanStatusEntity, SelectEntity):
    """A choice of a WAN; applied on the router at once."""

    entity_description: PeplinkWanSelectDescription

    @property
    def current_option(self) -> str | None:
        """The option the router reports."""
        return self.entity_description.current_fn(self.wan)

    async def async_select_option(self, option: str) -> None:
        """Send the choice to the router."""
        await self.async_send_command(
            self.entity_description.select_fn(self.client, self.wan_id, option)
        )
