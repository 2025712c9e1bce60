"""Selects: the priority of each WAN."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import Wan
from .coordinator import PeplinkConfigEntry, WanCoordinator
from .entity import PeplinkWanStatusEntity, async_add_wan_entities

# Writes go one at a time: the router applies its configuration as a whole.
PARALLEL_UPDATES = 1

PRIORITIES = ["1", "2", "3", "4"]

WAN_PRIORITY = SelectEntityDescription(
    key="priority",
    translation_key="wan_priority",
    entity_category=EntityCategory.CONFIG,
    options=PRIORITIES,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create a priority select per WAN, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [PeplinkWanPrioritySelect(runtime.wan, wan)],
    )


class PeplinkWanPrioritySelect(PeplinkWanStatusEntity, SelectEntity):
    """A WAN's priority, 1 (highest) to 4; unknown while the WAN is disabled."""

    entity_description = WAN_PRIORITY

    def __init__(self, coordinator: WanCoordinator, wan: Wan) -> None:
        """Describe one WAN's priority."""
        super().__init__(coordinator, wan, WAN_PRIORITY.key)

    @property
    def current_option(self) -> str | None:
        """The priority the router reports."""
        priority = self.coordinator.data.wans[self.wan_id].priority
        return str(priority) if str(priority) in PRIORITIES else None

    async def async_select_option(self, option: str) -> None:
        """Set the priority on the router."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(
            lambda: client.set_wan_priority(self.wan_id, int(option))
        )
