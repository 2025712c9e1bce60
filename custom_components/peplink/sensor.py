"""Sensors: WAN status, traffic, cellular radio, allowance, and router health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    DEGREE,
    PERCENTAGE,
    REVOLUTIONS_PER_MINUTE,
    SIGNAL_STRENGTH_DECIBELS,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfDataRate,
    UnitOfInformation,
    UnitOfLength,
    UnitOfSpeed,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .api import (
    Allowance,
    CellularInfo,
    CellularSignal,
    Hardware,
    Location,
    Traffic,
    Wan,
    WanState,
    WanTraffic,
)
from .coordinator import (
    Allowances,
    Clients,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    WanCoordinator,
)
from .entity import (
    PeplinkAllowanceEntity,
    PeplinkEntity,
    PeplinkWanEntity,
    PeplinkWanStatusEntity,
    async_add_wan_entities,
)

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0


def _cellular(wan: Wan) -> CellularInfo:
    """The cellular detail of a WAN created for cellular WANs only."""
    assert wan.cellular is not None  # noqa: S101 - exists_fn guarantees it
    return wan.cellular


def _signal[T](read: Callable[[CellularSignal], T]) -> Callable[[Wan], T | None]:
    """Read a measurement of the primary band of a cellular WAN."""

    def value(wan: Wan) -> T | None:
        signal = wan.cellular.signal if wan.cellular else None
        return read(signal) if signal is not None else None

    return value


def _is_cellular(wan: Wan) -> bool:
    return wan.cellular is not None


@dataclass(frozen=True, kw_only=True)
class PeplinkWanSensorDescription(SensorEntityDescription):
    """A sensor of a WAN, read from the WAN status."""

    value_fn: Callable[[Wan], StateType]
    exists_fn: Callable[[Wan], bool] = lambda _: True


WAN_SENSORS: tuple[PeplinkWanSensorDescription, ...] = (
    PeplinkWanSensorDescription(
        key="status",
        translation_key="wan_status",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in WanState if state is not WanState.UNKNOWN],
        value_fn=lambda wan: None if wan.state is WanState.UNKNOWN else wan.state.value,
    ),
    PeplinkWanSensorDescription(
        key="ip_address",
        translation_key="ip_address",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda wan: wan.ip_address,
    ),
    PeplinkWanSensorDescription(
        key="signal_level",
        translation_key="signal_level",
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_is_cellular,
        value_fn=lambda wan: _cellular(wan).signal_level,
    ),
    PeplinkWanSensorDescription(
        key="rssi",
        translation_key="rssi",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        exists_fn=_is_cellular,
        value_fn=_signal(lambda signal: signal.rssi),
    ),
    PeplinkWanSensorDescription(
        key="rsrp",
        translation_key="rsrp",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_is_cellular,
        value_fn=_signal(lambda signal: signal.rsrp),
    ),
    PeplinkWanSensorDescription(
        key="rsrq",
        translation_key="rsrq",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        exists_fn=_is_cellular,
        value_fn=_signal(lambda signal: signal.rsrq),
    ),
    PeplinkWanSensorDescription(
        key="sinr",
        translation_key="sinr",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_is_cellular,
        value_fn=_signal(lambda signal: signal.sinr),
    ),
    PeplinkWanSensorDescription(
        key="carrier",
        translation_key="carrier",
        exists_fn=_is_cellular,
        value_fn=lambda wan: _cellular(wan).carrier,
    ),
    PeplinkWanSensorDescription(
        key="network_type",
        translation_key="network_type",
        exists_fn=_is_cellular,
        value_fn=lambda wan: _cellular(wan).network_type,
    ),
    PeplinkWanSensorDescription(
        key="bands",
        translation_key="bands",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exists_fn=_is_cellular,
        value_fn=lambda wan: (
            ", ".join(band.name for band in _cellular(wan).bands if band.name) or None
        ),
    ),
    PeplinkWanSensorDescription(
        key="active_sim",
        translation_key="active_sim",
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=_is_cellular,
        value_fn=lambda wan: _cellular(wan).active_sim,
    ),
)

CONNECTED_SINCE = SensorEntityDescription(
    key="connected_since",
    translation_key="connected_since",
    device_class=SensorDeviceClass.TIMESTAMP,
)


@dataclass(frozen=True, kw_only=True)
class PeplinkWanTrafficSensorDescription(SensorEntityDescription):
    """A traffic sensor of a WAN; the router leaves idle WANs out of its report."""

    value_fn: Callable[[WanTraffic | None], StateType]


WAN_TRAFFIC_SENSORS: tuple[PeplinkWanTrafficSensorDescription, ...] = (
    PeplinkWanTrafficSensorDescription(
        key="download_rate",
        translation_key="download_rate",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda traffic: traffic.download_rate if traffic else 0.0,
    ),
    PeplinkWanTrafficSensorDescription(
        key="upload_rate",
        translation_key="upload_rate",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda traffic: traffic.upload_rate if traffic else 0.0,
    ),
    PeplinkWanTrafficSensorDescription(
        key="downloaded",
        translation_key="downloaded",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda traffic: traffic.downloaded if traffic else None,
    ),
    PeplinkWanTrafficSensorDescription(
        key="uploaded",
        translation_key="uploaded",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda traffic: traffic.uploaded if traffic else None,
    ),
)


@dataclass(frozen=True, kw_only=True)
class PeplinkAllowanceSensorDescription(SensorEntityDescription):
    """A sensor of a WAN's (or a SIM's) bandwidth allowance."""

    value_fn: Callable[[Allowance], StateType]


ALLOWANCE_SENSORS: tuple[PeplinkAllowanceSensorDescription, ...] = (
    PeplinkAllowanceSensorDescription(
        key="allowance_usage",
        translation_key="allowance_usage",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        # Usage drops to zero when a billing cycle starts: a meter reset.
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda allowance: allowance.usage,
    ),
    PeplinkAllowanceSensorDescription(
        key="allowance_percent",
        translation_key="allowance_percent",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda allowance: allowance.percent,
    ),
)


@dataclass(frozen=True, kw_only=True)
class PeplinkRouterSensorDescription[DataT](SensorEntityDescription):
    """A sensor of the router, read from one coordinator's data."""

    value_fn: Callable[[DataT], StateType]


TRAFFIC_SENSORS: tuple[PeplinkRouterSensorDescription[Traffic], ...] = (
    PeplinkRouterSensorDescription(
        key="download_rate",
        translation_key="total_download_rate",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda traffic: traffic.download_rate or 0.0,
    ),
    PeplinkRouterSensorDescription(
        key="upload_rate",
        translation_key="total_upload_rate",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda traffic: traffic.upload_rate or 0.0,
    ),
    PeplinkRouterSensorDescription(
        key="lifetime_downloaded",
        translation_key="lifetime_downloaded",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda traffic: traffic.lifetime_downloaded,
    ),
    PeplinkRouterSensorDescription(
        key="lifetime_uploaded",
        translation_key="lifetime_uploaded",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda traffic: traffic.lifetime_uploaded,
    ),
)

CLIENT_SENSORS: tuple[PeplinkRouterSensorDescription[Clients], ...] = (
    PeplinkRouterSensorDescription(
        key="connected_clients",
        translation_key="connected_clients",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda clients: sum(client.active for client in clients.values()),
    ),
)

# The router reports GPS speed without a unit; Peplink's own tools show km/h.
LOCATION_SENSORS: tuple[PeplinkRouterSensorDescription[Location], ...] = (
    PeplinkRouterSensorDescription(
        key="gps_speed",
        translation_key="gps_speed",
        device_class=SensorDeviceClass.SPEED,
        native_unit_of_measurement=UnitOfSpeed.KILOMETERS_PER_HOUR,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda location: location.speed if location.has_fix else None,
    ),
    PeplinkRouterSensorDescription(
        key="gps_heading",
        translation_key="gps_heading",
        native_unit_of_measurement=DEGREE,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda location: location.heading if location.has_fix else None,
    ),
    PeplinkRouterSensorDescription(
        key="gps_altitude",
        translation_key="gps_altitude",
        device_class=SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfLength.METERS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda location: location.altitude if location.has_fix else None,
    ),
)


def _fan_sensor(index: int) -> PeplinkRouterSensorDescription[Hardware]:
    return PeplinkRouterSensorDescription(
        key=f"fan_{index}_speed",
        translation_key="fan_speed",
        translation_placeholders={"fan": str(index)},
        native_unit_of_measurement=REVOLUTIONS_PER_MINUTE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hardware: next(
            (fan.speed for fan in hardware.fans if fan.index == index), None
        ),
    )


def _temperature_sensor(
    index: int, numbered: bool
) -> PeplinkRouterSensorDescription[Hardware]:
    return PeplinkRouterSensorDescription(
        key=f"temperature_{index}",
        translation_key="numbered_temperature" if numbered else "temperature",
        translation_placeholders={"sensor": str(index)},
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hardware: next(
            (
                sensor.temperature
                for sensor in hardware.thermal_sensors
                if sensor.index == index
            ),
            None,
        ),
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the sensors of what this router reports."""
    runtime = entry.runtime_data
    router: list[Entity] = []
    if runtime.traffic is not None:
        router.extend(
            PeplinkRouterSensor(runtime.traffic, description)
            for description in TRAFFIC_SENSORS
        )
    if runtime.clients is not None:
        router.extend(
            PeplinkRouterSensor(runtime.clients, description)
            for description in CLIENT_SENSORS
        )
    if runtime.location is not None:
        router.extend(
            PeplinkRouterSensor(runtime.location, description)
            for description in LOCATION_SENSORS
        )
    if runtime.hardware is not None:
        hardware = runtime.hardware.data
        router.extend(
            PeplinkRouterSensor(runtime.hardware, _fan_sensor(fan.index))
            for fan in hardware.fans
        )
        numbered = len(hardware.thermal_sensors) > 1
        router.extend(
            PeplinkRouterSensor(
                runtime.hardware, _temperature_sensor(sensor.index, numbered)
            )
            for sensor in hardware.thermal_sensors
        )
    async_add_entities(router)

    def wan_sensors(wan: Wan) -> list[Entity]:
        entities: list[Entity] = [
            PeplinkWanSensor(runtime.wan, wan, description)
            for description in WAN_SENSORS
            if description.exists_fn(wan)
        ]
        entities.append(PeplinkConnectedSinceSensor(runtime.wan, wan))
        if runtime.traffic is not None:
            entities.extend(
                PeplinkWanTrafficSensor(runtime.traffic, wan, description)
                for description in WAN_TRAFFIC_SENSORS
            )
        if runtime.allowances is not None:
            entities.extend(
                PeplinkAllowanceSensor(runtime.allowances, wan, sim_id, description)
                for (wan_id, sim_id) in runtime.allowances.data
                if wan_id == wan.wan_id
                for description in ALLOWANCE_SENSORS
            )
        return entities

    async_add_wan_entities(entry, async_add_entities, wan_sensors)


class PeplinkWanSensor(PeplinkWanStatusEntity, SensorEntity):
    """A sensor of a WAN, read from the WAN status."""

    entity_description: PeplinkWanSensorDescription

    def __init__(
        self,
        coordinator: WanCoordinator,
        wan: Wan,
        description: PeplinkWanSensorDescription,
    ) -> None:
        """Describe one value of one WAN."""
        super().__init__(coordinator, wan, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value, from the latest WAN status."""
        return self.entity_description.value_fn(self.coordinator.data.wans[self.wan_id])


class PeplinkConnectedSinceSensor(PeplinkWanStatusEntity, SensorEntity):
    """When the WAN connected; steady between polls, unknown while down."""

    entity_description = CONNECTED_SINCE

    def __init__(self, coordinator: WanCoordinator, wan: Wan) -> None:
        """Describe the connection time of one WAN."""
        super().__init__(coordinator, wan, CONNECTED_SINCE.key)

    @property
    def native_value(self) -> datetime | None:
        """The start of the current connection."""
        return self.coordinator.data.connected_since.get(self.wan_id)


class PeplinkWanTrafficSensor(
    PeplinkWanEntity[PeplinkCoordinator[Traffic]], SensorEntity
):
    """A traffic sensor of a WAN."""

    entity_description: PeplinkWanTrafficSensorDescription

    def __init__(
        self,
        coordinator: PeplinkCoordinator[Traffic],
        wan: Wan,
        description: PeplinkWanTrafficSensorDescription,
    ) -> None:
        """Describe one traffic value of one WAN."""
        super().__init__(coordinator, wan, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value, from the latest traffic report."""
        return self.entity_description.value_fn(
            self.coordinator.data.wans.get(self.wan_id)
        )


class PeplinkAllowanceSensor(PeplinkAllowanceEntity, SensorEntity):
    """A bandwidth allowance sensor of a WAN, or of one of its SIMs."""

    entity_description: PeplinkAllowanceSensorDescription

    def __init__(
        self,
        coordinator: PeplinkCoordinator[Allowances],
        wan: Wan,
        sim_id: int | None,
        description: PeplinkAllowanceSensorDescription,
    ) -> None:
        """Describe one allowance value; per SIM where the WAN has SIMs."""
        if sim_id is not None:
            description = replace(
                description,
                key=f"{description.key}_sim{sim_id}",
                translation_key=f"{description.translation_key}_sim",
                translation_placeholders={"sim": str(sim_id)},
            )
        super().__init__(coordinator, wan, sim_id, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value, from the latest allowance report."""
        return self.entity_description.value_fn(
            self.coordinator.data[self.allowance_key]
        )


class PeplinkRouterSensor[DataT](
    PeplinkEntity[PeplinkCoordinator[DataT]], SensorEntity
):
    """A sensor of the router."""

    entity_description: PeplinkRouterSensorDescription[DataT]

    def __init__(
        self,
        coordinator: PeplinkCoordinator[DataT],
        description: PeplinkRouterSensorDescription[DataT],
    ) -> None:
        """Describe one value of the router."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value, from the coordinator's latest data."""
        return self.entity_description.value_fn(self.coordinator.data)
