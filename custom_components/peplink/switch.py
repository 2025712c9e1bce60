"""Switches: enable each WAN, the router's Wi-Fi access point and Wi-Fi networks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AccessPointStatus, PeplinkClient, SsidProfile, Wan
from .coordinator import PeplinkConfigEntry
from .endpoints import ACCESS_POINT, SSID_PROFILES, SsidProfiles
from .entity import (
    PeplinkEntity,
    PeplinkSsidEntity,
    PeplinkWanStatusEntity,
    async_add_entities_of,
    async_add_wan_entities,
)

# Writes go one at a time: the router applies its configuration as a whole.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class PeplinkWanSwitchDescription(SwitchEntityDescription):
    """A switch of a WAN, read from the WAN status."""

    is_on_fn: Callable[[Wan], bool | None]
    turn_fn: Callable[[PeplinkClient, int, bool], Awaitable[object]]


@dataclass(frozen=True, kw_only=True)
class PeplinkAccessPointSwitchDescription(SwitchEntityDescription):
    """A switch of the router's access point."""

    is_on_fn: Callable[[AccessPointStatus], bool | None]
    turn_fn: Callable[[PeplinkClient, bool], Awaitable[object]]


@dataclass(frozen=True, kw_only=True)
class PeplinkSsidSwitchDescription(SwitchEntityDescription):
    """A switch of one of the router's Wi-Fi networks."""

    is_on_fn: Callable[[SsidProfile], bool | None]
    turn_fn: Callable[[PeplinkClient, int, bool], Awaitable[object]]


WAN_SWITCHES: tuple[PeplinkWanSwitchDescription, ...] = (
    PeplinkWanSwitchDescription(
        key="enabled",
        translation_key="wan_enabled",
        entity_category=EntityCategory.CONFIG,
        is_on_fn=lambda wan: wan.enabled,
        turn_fn=lambda client, wan_id, on: client.set_wan_enabled(wan_id, on),
    ),
)
ACCESS_POINT_SWITCHES: tuple[PeplinkAccessPointSwitchDescription, ...] = (
    PeplinkAccessPointSwitchDescription(
        key="access_point",
        translation_key="access_point",
        is_on_fn=lambda access_point: access_point.enabled,
        turn_fn=lambda client, on: client.set_access_point(on),
    ),
)

SSID_SWITCHES: tuple[PeplinkSsidSwitchDescription, ...] = (
    PeplinkSsidSwitchDescription(
        key="ssid",
        translation_key="ssid",
        is_on_fn=lambda profile: profile.enabled,
        turn_fn=lambda client, profile_id, on: client.set_ssid_enabled(profile_id, on),
    ),
)


def _own_profiles(profiles: SsidProfiles) -> dict[int, SsidProfile]:
    """The profiles the router manages itself: InControl overwrites the others."""
    return {
        profile_id: profile
        for profile_id, profile in profiles.items()
        if not profile.incontrol_managed
    }


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the switches, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    async_add_entities_of(
        entry,
        async_add_entities,
        ACCESS_POINT,
        lambda _: {
            description.key: description for description in ACCESS_POINT_SWITCHES
        },
        lambda access_point, description: [
            PeplinkAccessPointSwitch(access_point, description)
        ],
    )
    async_add_entities_of(
        entry,
        async_add_entities,
        SSID_PROFILES,
        _own_profiles,
        lambda profiles, profile: [
            PeplinkSsidSwitch(
                profiles,
                # Named after the network as the router first reported it.
                replace(
                    description,
                    translation_placeholders={
                        "name": profile.ssid or str(profile.profile_id)
                    },
                ),
                profile.profile_id,
            )
            for description in SSID_SWITCHES
        ],
    )
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [
            PeplinkWanSwitch(runtime.wan, description, wan.wan_id)
            for description in WAN_SWITCHES
        ],
    )


class PeplinkWanSwitch(PeplinkWanStatusEntity, SwitchEntity):
    """A switch of a WAN; applied on the router at once."""

    entity_description: PeplinkWanSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """The state the router reports."""
        return self.entity_description.is_on_fn(self.wan)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, self.wan_id, True)
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, self.wan_id, False)
        )


class PeplinkAccessPointSwitch(PeplinkEntity[AccessPointStatus], SwitchEntity):
    """A switch of the router's built-in Wi-Fi access point."""

    entity_description: PeplinkAccessPointSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """The state the router reports."""
        return self.entity_description.is_on_fn(self.coordinator.data)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, True)
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, False)
        )


class PeplinkSsidSwitch(PeplinkSsidEntity, SwitchEntity):
    """A switch of one of the router's Wi-Fi networks; applied at once."""

    entity_description: PeplinkSsidSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """The state the router reports."""
        return self.entity_description.is_on_fn(self.profile)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, self.profile_id, True)
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off."""
        await self.async_send_command(
            self.entity_description.turn_fn(self.client, self.profile_id, False)
        )
