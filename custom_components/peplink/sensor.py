"""Sensors: WAN status, traffic, cellular radio, allowance, and router health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    UnitOfLength,
    UnitOfSpeed,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .api import Hardware, Wan, WanState
from .coordinator import PeplinkConfigEntry, PeplinkRuntimeData
from .endpoints import ALLOWANCES, CLIENTS, HARDWARE, LOCATION, SMS, TRAFFIC, Endpoint
from .entity import PeplinkEntity, allowance_keys, async_add_wan_entities
from .wan_sensor import (
    DATA_RATE,
    DATA_SIZE,
    PeplinkAllowanceSensor,
    PeplinkAllowanceSensorDescription,
    PeplinkConnectedSinceSensor,
    PeplinkSmsInboxSensor,
    PeplinkWanSensor,
    PeplinkWanSensorDescription,
    PeplinkWanTrafficSensor,
    PeplinkWanTrafficSensorDescription,
    cellular,
    is_cellular,
    signal,
)

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0


WAN_SENSORS: tuple[PeplinkWanSensorDescription, ...] = (
    PeplinkWanSensorDescription(
        key="status",
        translation_key="wan_status",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in WanState if state is not WanState.UNKNOWN],
        while_disabled=True,
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
        exists_fn=is_cellular,
        value_fn=lambda wan: cellular(wan).signal_level,
    ),
    PeplinkWanSensorDescription(
        key="rssi",
        translation_key="rssi",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        exists_fn=is_cellular,
        value_fn=signal(lambda signal: signal.rssi),
    ),
    PeplinkWanSensorDescription(
        key="rsrp",
        translation_key="rsrp",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=is_cellular,
        value_fn=signal(lambda signal: signal.rsrp),
    ),
    PeplinkWanSensorDescription(
        key="rsrq",
        translation_key="rsrq",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        exists_fn=is_cellular,
        value_fn=signal(lambda signal: signal.rsrq),
    ),
    PeplinkWanSensorDescription(
        key="sinr",
        translation_key="sinr",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=is_cellular,
        value_fn=signal(lambda signal: signal.sinr),
    ),
    PeplinkWanSensorDescription(
        key="carrier",
        translation_key="carrier",
        exists_fn=is_cellular,
        value_fn=lambda wan: cellular(wan).carrier,
    ),
    PeplinkWanSensorDescription(
        key="network_type",
        translation_key="network_type",
        exists_fn=is_cellular,
        value_fn=lambda wan: cellular(wan).network_type,
    ),
    PeplinkWanSensorDescription(
        key="bands",
        translation_key="bands",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exists_fn=is_cellular,
        value_fn=lambda wan: (
            ", ".join(band.name for band in cellular(wan).bands if band.name) or None
        ),
    ),
    PeplinkWanSensorDescription(
        key="active_sim",
        translation_key="active_sim",
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=is_cellular,
        value_fn=lambda wan: cellular(wan).active_sim,
    ),
)

CONNECTED_SINCE = SensorEntityDescription(
    key="connected_since",
    translation_key="connected_since",
    device_class=SensorDeviceClass.TIMESTAMP,
)
SMS_INBOX = SensorEntityDescription(
    key="sms_inbox",
    translation_key="sms_inbox",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
)


WAN_TRAFFIC_SENSORS: tuple[PeplinkWanTrafficSensorDescription, ...] = (
    PeplinkWanTrafficSensorDescription(
        key="download_rate",
        translation_key="download_rate",
        **DATA_RATE,
        value_fn=lambda traffic: traffic.download_rate if traffic else 0.0,
    ),
    PeplinkWanTrafficSensorDescription(
        key="upload_rate",
        translation_key="upload_rate",
        **DATA_RATE,
        value_fn=lambda traffic: traffic.upload_rate if traffic else 0.0,
    ),
    PeplinkWanTrafficSensorDescription(
        key="downloaded",
        translation_key="downloaded",
        **DATA_SIZE,
        value_fn=lambda traffic: traffic.downloaded if traffic else None,
    ),
    PeplinkWanTrafficSensorDescription(
        key="uploaded",
        translation_key="uploaded",
        **DATA_SIZE,
        value_fn=lambda traffic: traffic.uploaded if traffic else None,
    ),
)


ALLOWANCE_SENSORS: tuple[PeplinkAllowanceSensorDescription, ...] = (
    PeplinkAllowanceSensorDescription(
        key="allowance_usage",
        translation_key="allowance_usage",
        # Usage drops to zero when a billing cycle starts: a meter reset.
        **DATA_SIZE,
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
    """A sensor of the router, read from one endpoint's data."""

    endpoint: Endpoint[DataT]
    value_fn: Callable[[DataT], StateType]


ROUTER_SENSORS: tuple[PeplinkRouterSensorDescription[Any], ...] = (
    PeplinkRouterSensorDescription(
        key="download_rate",
        endpoint=TRAFFIC,
        translation_key="total_download_rate",
        **DATA_RATE,
        value_fn=lambda traffic: traffic.download_rate,
    ),
    PeplinkRouterSensorDescription(
        key="upload_rate",
        endpoint=TRAFFIC,
        translation_key="total_upload_rate",
        **DATA_RATE,
        value_fn=lambda traffic: traffic.upload_rate,
    ),
    PeplinkRouterSensorDescription(
        key="lifetime_downloaded",
        endpoint=TRAFFIC,
        translation_key="lifetime_downloaded",
        **DATA_SIZE,
        value_fn=lambda traffic: traffic.lifetime_downloaded,
    ),
    PeplinkRouterSensorDescription(
        key="lifetime_uploaded",
        endpoint=TRAFFIC,
        translation_key="lifetime_uploaded",
        **DATA_SIZE,
        value_fn=lambda traffic: traffic.lifetime_uploaded,
    ),
    PeplinkRouterSensorDescription(
        key="connected_clients",
        endpoint=CLIENTS,
        translation_key="connected_clients",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda clients: sum(client.active for client in clients.values()),
    ),
    # The router reports GPS speed without a unit; Peplink's own tools show km/h.
    PeplinkRouterSensorDescription(
        key="gps_speed",
        endpoint=LOCATION,
        translation_key="gps_speed",
        device_class=SensorDeviceClass.SPEED,
        native_unit_of_measurement=UnitOfSpeed.KILOMETERS_PER_HOUR,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda location: location.speed if location.has_fix else None,
    ),
    PeplinkRouterSensorDescription(
        key="gps_heading",
        endpoint=LOCATION,
        translation_key="gps_heading",
        native_unit_of_measurement=DEGREE,
        suggested_display_precision=0,
        # Statistics average angles across north: 350° and 10° make 0°, not 180°.
        state_class=SensorStateClass.MEASUREMENT_ANGLE,
        value_fn=lambda location: location.heading if location.has_fix else None,
    ),
    PeplinkRouterSensorDescription(
        key="gps_altitude",
        endpoint=LOCATION,
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
        endpoint=HARDWARE,
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
        endpoint=HARDWARE,
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


def _hardware_sensors(hardware: Hardware) -> list[PeplinkRouterSensorDescription[Any]]:
    """A sensor per fan and per thermal sensor the router has."""
    numbered = len(hardware.thermal_sensors) > 1
    return [
        *(_fan_sensor(fan.index) for fan in hardware.fans),
        *(
            _temperature_sensor(sensor.index, numbered)
            for sensor in hardware.thermal_sensors
        ),
    ]


def wan_sensors(runtime: PeplinkRuntimeData, wan: Wan) -> list[Entity]:
    """The sensors of a WAN: status, cellular radio, traffic, allowances, SMS."""
    traffic = runtime.coordinator(TRAFFIC)
    sms = runtime.coordinator(SMS)
    allowances = runtime.coordinator(ALLOWANCES)
    entities: list[Entity] = [
        PeplinkWanSensor(runtime.wan, description, wan.wan_id)
        for description in WAN_SENSORS
        if description.exists_fn(wan)
    ]
    entities.append(
        PeplinkConnectedSinceSensor(runtime.wan, CONNECTED_SINCE, wan.wan_id)
    )
    if traffic is not None:
        entities.extend(
            PeplinkWanTrafficSensor(traffic, description, wan.wan_id)
            for description in WAN_TRAFFIC_SENSORS
        )
    entities.extend(
        PeplinkAllowanceSensor(
            allowances,
            description,
            wan.wan_id,
            sim_id,
        )
        for sim_id in allowance_keys(allowances, wan)
        if allowances is not None
        for description in ALLOWANCE_SENSORS
    )
    if sms is not None and is_cellular(wan):
        entities.append(PeplinkSmsInboxSensor(sms, SMS_INBOX, wan.wan_id))
    return entities


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the sensors of what this router reports."""
    runtime = entry.runtime_data
    hardware = runtime.coordinator(HARDWARE)
    router_sensors = [
        *ROUTER_SENSORS,
        *(_hardware_sensors(hardware.data) if hardware is not None else ()),
    ]
    async_add_entities(
        PeplinkRouterSensor(coordinator, description)
        for description in router_sensors
        if (coordinator := runtime.coordinator(description.endpoint)) is not None
    )
    async_add_wan_entities(
        entry, async_add_entities, lambda wan: wan_sensors(runtime, wan)
    )


class PeplinkRouterSensor[DataT](PeplinkEntity[DataT], SensorEntity):
    """A sensor of the router."""

    entity_description: PeplinkRouterSensorDescription[DataT]

    @property
    def native_value(self) -> StateType:
        """The value, from the endpoint's latest data."""
        return self.entity_description.value_fn(self.coordinator.data)
