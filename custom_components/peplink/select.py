"""Selects: the priority of each WAN, the preferred SIM of each dual-SIM WAN."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PeplinkClient, SimPreference, Wan
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry
from .endpoints import SIM_PREFERENCES, SimPreferences
from .entity import (
    PeplinkWanEntity,
    PeplinkWanStatusEntity,
    async_add_entities_of,
    async_add_wan_entities,
)

# Writes go one at a time: the router applies its configuration as a whole.
PARALLEL_UPDATES = 1

PRIORITIES = ["1", "2", "3", "4"]
# The options of a preferred SIM, and the slot each stands for.
SIM_OPTIONS: dict[str, int | None] = {"sim_a": 1, "sim_b": 2, "no_preference": None}


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


@dataclass(frozen=True, kw_only=True)
class PeplinkSimSelectDescription(SelectEntityDescription):
    """A choice of a WAN's SIMs, read from its SIM preference."""

    current_fn: Callable[[SimPreference], str | None]
    select_fn: Callable[[PeplinkClient, SimPreference, int | None], Awaitable[object]]


SIM_SELECTS: tuple[PeplinkSimSelectDescription, ...] = (
    PeplinkSimSelectDescription(
        key="preferred_sim",
        translation_key="preferred_sim",
        entity_category=EntityCategory.CONFIG,
        options=list(SIM_OPTIONS),
        current_fn=lambda preference: next(
            option
            for option, sim in SIM_OPTIONS.items()
            if sim == preference.preferred_sim
        ),
        select_fn=lambda client, preference, sim: client.set_preferred_sim(
            preference.wan_id, sim, preference.enabled_sims
        ),
    ),
)


def _wans_allowed_both_sims(preferences: SimPreferences) -> dict[int, int]:
    """The WANs (by id, to their id) that may use both SIMs: only they have a SIM to prefer."""
    return {
        wan_id: wan_id
        for wan_id, preference in preferences.items()
        if len(preference.enabled_sims) > 1
    }


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
    async_add_entities_of(
        entry,
        async_add_entities,
        SIM_PREFERENCES,
        _wans_allowed_both_sims,
        lambda preferences, wan_id: [
            PeplinkSimSelect(preferences, description, wan_id)
            for description in SIM_SELECTS
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


class PeplinkSimSelect(PeplinkWanEntity[SimPreferences], SelectEntity):
    """A choice of a WAN's SIMs; the router uses it at once."""

    entity_description: PeplinkSimSelectDescription

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer reports the WAN's SIMs."""
        return super().available and self.wan_id in self.coordinator.data

    @property
    def current_option(self) -> str | None:
        """The option the router reports."""
        return self.entity_description.current_fn(self.coordinator.data[self.wan_id])

    async def async_select_option(self, option: str) -> None:
        """Send the choice; a SIM the WAN may not use is refused before sending."""
        sim = SIM_OPTIONS[option]
        preference = self.coordinator.data[self.wan_id]
        if sim is not None and sim not in preference.enabled_sims:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="sim_not_enabled"
            )
        await self.async_send_command(
            self.entity_description.select_fn(self.client, preference, sim)
        )
