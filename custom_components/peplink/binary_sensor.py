"""Binary sensors: whether each WAN and each SpeedFusion profile is connected."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PepVpnStatus, Wan, WanState
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator, WanCoordinator
from .entity import PeplinkEntity, PeplinkWanStatusEntity, async_add_wan_entities

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0

WAN_CONNECTED = BinarySensorEntityDescription(
    key="connected",
    translation_key="wan_connected",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)
PEPVPN_CONNECTED = BinarySensorEntityDescription(
    key="pepvpn",
    translation_key="pepvpn_connected",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create a connectivity sensor per WAN and per SpeedFusion profile."""
    runtime = entry.runtime_data
    if runtime.pepvpn is not None:
        pepvpn = runtime.pepvpn
        async_add_entities(
            PeplinkPepVpnConnectedSensor(pepvpn, profile_id, profile.name)
            for profile_id, profile in pepvpn.data.profiles.items()
        )
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [PeplinkWanConnectedSensor(runtime.wan, wan)],
    )


class PeplinkWanConnectedSensor(PeplinkWanStatusEntity, BinarySensorEntity):
    """On while the WAN is connected; standby counts as not connected."""

    entity_description = WAN_CONNECTED

    def __init__(self, coordinator: WanCoordinator, wan: Wan) -> None:
        """Describe one WAN's connectivity."""
        super().__init__(coordinator, wan, WAN_CONNECTED.key)

    @property
    def is_on(self) -> bool:
        """Whether the WAN is connected."""
        return self.coordinator.data.wans[self.wan_id].state is WanState.CONNECTED


class PeplinkPepVpnConnectedSensor(
    PeplinkEntity[PeplinkCoordinator[PepVpnStatus]], BinarySensorEntity
):
    """On while a SpeedFusion / PepVPN profile's tunnel is up."""

    entity_description = PEPVPN_CONNECTED

    def __init__(
        self,
        coordinator: PeplinkCoordinator[PepVpnStatus],
        profile_id: int,
        name: str | None,
    ) -> None:
        """Describe one profile, named after it."""
        super().__init__(coordinator, f"pepvpn_{profile_id}")
        self.profile_id = profile_id
        # The name reads "SpeedFusion {profile}": no "SpeedFusion SpeedFusion Connect".
        if name and name.lower().startswith("speedfusion "):
            name = name[len("speedfusion ") :]
        self._attr_translation_placeholders = {"profile": name or str(profile_id)}

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer lists the profile."""
        return super().available and self.profile_id in self.coordinator.data.profiles

    @property
    def is_on(self) -> bool:
        """Whether the tunnel is connected."""
        return self.coordinator.data.profiles[self.profile_id].connected
