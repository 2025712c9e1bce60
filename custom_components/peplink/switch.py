"""Switches: enable each WAN, and the router's Wi-Fi access point."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AccessPointStatus, Wan
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator, WanCoordinator
from .entity import PeplinkEntity, PeplinkWanStatusEntity, async_add_wan_entities

# Writes go one at a time: the router applies its configuration as a whole.
PARALLEL_UPDATES = 1

WAN_ENABLED = SwitchEntityDescription(
    key="enabled",
    translation_key="wan_enabled",
    entity_category=EntityCategory.CONFIG,
)
ACCESS_POINT = SwitchEntityDescription(
    key="access_point",
    translation_key="access_point",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the switches, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    if runtime.access_point is not None:
        async_add_entities([PeplinkAccessPointSwitch(runtime.access_point)])
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [PeplinkWanEnabledSwitch(runtime.wan, wan)],
    )


class PeplinkWanEnabledSwitch(PeplinkWanStatusEntity, SwitchEntity):
    """Whether a WAN is enabled; applied on the router at once."""

    entity_description = WAN_ENABLED

    def __init__(self, coordinator: WanCoordinator, wan: Wan) -> None:
        """Describe one WAN's switch."""
        super().__init__(coordinator, wan, WAN_ENABLED.key)

    @property
    def is_on(self) -> bool | None:
        """Whether the router has the WAN enabled."""
        return self.coordinator.data.wans[self.wan_id].enabled

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Enable the WAN."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(lambda: client.set_wan_enabled(self.wan_id, True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Disable the WAN."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(lambda: client.set_wan_enabled(self.wan_id, False))


class PeplinkAccessPointSwitch(
    PeplinkEntity[PeplinkCoordinator[AccessPointStatus]], SwitchEntity
):
    """The router's built-in Wi-Fi access point."""

    entity_description = ACCESS_POINT

    def __init__(self, coordinator: PeplinkCoordinator[AccessPointStatus]) -> None:
        """Describe the access point switch."""
        super().__init__(coordinator, ACCESS_POINT.key)

    @property
    def is_on(self) -> bool | None:
        """Whether the access point is on."""
        return self.coordinator.data.enabled

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the access point on."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(lambda: client.set_access_point(True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the access point off."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(lambda: client.set_access_point(False))
