"""Sensors: WAN status, traffic, cellular radio, allowance, and router health."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    DEGREE,
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfLength,
    UnitOfSpeed,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import Wan, WanState
from .coordinator import PeplinkConfigEntry, PeplinkRuntimeData
from .endpoints import CLIENTS, HARDWARE, LOCATION, SMS, TRAFFIC, WAN, Endpoint
from .entity import (
    async_add_allowance_entities,
    async_add_entities_of,
    async_add_wan_entities,
    sms_inboxes,
)
from .router_sensor import (
    PeplinkRouterSensor,
    PeplinkRouterSensorDescription,
    active_wan,
    connected_wans,
    hardware_sensors,
)
from .sim_sensor import sim_slot_sensor
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
    is_wifi,
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
    PeplinkWanSensorDescription(
        key="wifi_ssid",
        translation_key="wifi_ssid",
        exists_fn=is_wifi,
        value_fn=lambda wan: wan.wifi.ssid if wan.wifi else None,
    ),
    PeplinkWanSensorDescription(
        key="wifi_signal",
        translation_key="wifi_signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=is_wifi,
        value_fn=lambda wan: wan.wifi.signal_strength if wan.wifi else None,
    ),
)

# SIM A, SIM B, and the eSIM under either key firmware gives it.
SIM_SENSORS: tuple[PeplinkWanSensorDescription, ...] = (
    sim_slot_sensor(1, key="sim_a", translation_key="sim_a"),
    sim_slot_sensor(2, key="sim_b", translation_key="sim_b"),
    sim_slot_sensor(
        "speedfusionConnect5gLte", "eSim1", key="esim", translation_key="esim"
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


ROUTER_SENSORS: tuple[PeplinkRouterSensorDescription[Any], ...] = (
    # What carries traffic now, from the WAN status already polled.
    PeplinkRouterSensorDescription(
        key="active_wan",
        endpoint=WAN,
        translation_key="active_wan",
        value_fn=active_wan,
        attributes_fn=lambda wans: {"connected": connected_wans(wans)},
    ),
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


def wan_sensors(runtime: PeplinkRuntimeData, wan: Wan) -> list[Entity]:
    """The sensors of a WAN read from the WAN status: its radio and its SIMs."""
    return [
        *(
            PeplinkWanSensor(runtime.wan, description, wan.wan_id)
            for description in (*WAN_SENSORS, *SIM_SENSORS)
            if description.exists_fn(wan)
        ),
        PeplinkConnectedSinceSensor(runtime.wan, CONNECTED_SINCE, wan.wan_id),
    ]


def _router_sensors_of(
    endpoint: Endpoint[Any],
) -> Callable[[object], dict[str, PeplinkRouterSensorDescription[Any]]]:
    """The router's sensors read from an endpoint, by key, whatever its data."""
    descriptions = {
        description.key: description
        for description in ROUTER_SENSORS
        if description.endpoint is endpoint
    }
    return lambda _: descriptions


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the sensors of what this router reports, and of what it adds later."""
    runtime = entry.runtime_data
    for endpoint in dict.fromkeys(
        description.endpoint for description in ROUTER_SENSORS
    ):
        async_add_entities_of(
            entry,
            async_add_entities,
            endpoint,
            _router_sensors_of(endpoint),
            lambda coordinator, description: [
                PeplinkRouterSensor(coordinator, description)
            ],
        )
    async_add_entities_of(
        entry,
        async_add_entities,
        HARDWARE,
        hardware_sensors,
        lambda hardware, description: [PeplinkRouterSensor(hardware, description)],
    )
    async_add_wan_entities(
        entry, async_add_entities, lambda wan: wan_sensors(runtime, wan)
    )
    async_add_entities_of(
        entry,
        async_add_entities,
        TRAFFIC,
        lambda _: runtime.wan.data.wans,
        lambda traffic, wan: [
            PeplinkWanTrafficSensor(traffic, description, wan.wan_id)
            for description in WAN_TRAFFIC_SENSORS
        ],
    )
    async_add_allowance_entities(
        entry,
        async_add_entities,
        lambda allowances, key: [
            PeplinkAllowanceSensor(allowances, description, *key)
            for description in ALLOWANCE_SENSORS
        ],
    )
    async_add_entities_of(
        entry,
        async_add_entities,
        SMS,
        sms_inboxes,
        lambda sms, wan_id: [PeplinkSmsInboxSensor(sms, SMS_INBOX, wan_id)],
    )
