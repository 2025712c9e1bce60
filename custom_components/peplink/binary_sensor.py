"""Binary sensors: whether each WAN and each SpeedFusion profile is connected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PepVpnStatus, Wan, WanState
from .coordinator import PeplinkConfigEntry
from .endpoints import PEPVPN
from .entity import (
    PeplinkEntity,
    PeplinkWanStatusEntity,
    async_add_entities_of,
    async_add_wan_entities,
)

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class PeplinkWanBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor of a WAN, read from the WAN status."""

    is_on_fn: Callable[[Wan], bool]


@dataclass(frozen=True, kw_only=True)
class PeplinkPepVpnBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor of one SpeedFusion / PepVPN profile."""

    profile_id: int


WAN_BINARY_SENSORS: tuple[PeplinkWanBinarySensorDescription, ...] = (
    PeplinkWanBinarySensorDescription(
        key="connected",
        translation_key="wan_connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        # Standby counts as not connected.
        is_on_fn=lambda wan: wan.state is WanState.CONNECTED,
    ),
)


def pepvpn_connected(
    profile_id: int, name: str | None
) -> PeplinkPepVpnBinarySensorDescription:
    """The connectivity of one profile, named after it."""
    # The name reads "SpeedFusion {profile}": no "SpeedFusion SpeedFusion Connect".
    if name and name.lower().startswith("speedfusion "):
        name = name[len("speedfusion ") :]
    return PeplinkPepVpnBinarySensorDescription(
        key=f"pepvpn_{profile_id}",
        translation_key="pepvpn_connected",
        translation_placeholders={"profile": name or str(profile_id)},
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        profile_id=profile_id,
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create a connectivity sensor per WAN and per SpeedFusion profile."""
    runtime = entry.runtime_data
    async_add_entities_of(
        entry,
        async_add_entities,
        PEPVPN,
        lambda pepvpn: pepvpn.profiles,
        lambda pepvpn, profile: [
            PeplinkPepVpnConnectedSensor(
                pepvpn, pepvpn_connected(profile.profile_id, profile.name)
            )
        ],
    )
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [
            PeplinkWanBinarySensor(runtime.wan, description, wan.wan_id)
            for description in WAN_BINARY_SENSORS
        ],
    )


class PeplinkWanBinarySensor(PeplinkWanStatusEntity, BinarySensorEntity):
    """A binary sensor of a WAN."""

    entity_description: PeplinkWanBinarySensorDescription

    @property
    def is_on(self) -> bool:
        """The state, from the latest WAN status."""
        return self.entity_description.is_on_fn(self.wan)


class PeplinkPepVpnConnectedSensor(PeplinkEntity[PepVpnStatus], BinarySensorEntity):
    """On while a SpeedFusion / PepVPN profile's tunnel is up."""

    entity_description: PeplinkPepVpnBinarySensorDescription

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer lists the profile."""
        return (
            super().available
            and self.entity_description.profile_id in self.coordinator.data.profiles
        )

    @property
    def is_on(self) -> bool:
        """Whether the tunnel is connected."""
        profile_id = self.entity_description.profile_id
        return self.coordinator.data.profiles[profile_id].connected
