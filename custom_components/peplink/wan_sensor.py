"""The kinds of sensor of a WAN's device, and how each reads its value.

What each sensor is (key, name, unit) is declared in sensor.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    MAX_LENGTH_STATE_STATE,
    UnitOfDataRate,
    UnitOfInformation,
)
from homeassistant.helpers.typing import StateType

from .api import Allowance, CellularInfo, CellularSignal, Traffic, Wan, WanTraffic
from .entity import (
    PeplinkAllowanceEntity,
    PeplinkEnabledWanEntity,
    PeplinkSmsEntity,
    PeplinkWanStatusEntity,
)

# Classes and units shared by every sensor of a kind of value.
DATA_RATE: dict[str, Any] = {
    "device_class": SensorDeviceClass.DATA_RATE,
    "native_unit_of_measurement": UnitOfDataRate.KILOBITS_PER_SECOND,
    "suggested_unit_of_measurement": UnitOfDataRate.MEGABITS_PER_SECOND,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.MEASUREMENT,
}
DATA_SIZE: dict[str, Any] = {
    "device_class": SensorDeviceClass.DATA_SIZE,
    "native_unit_of_measurement": UnitOfInformation.MEGABYTES,
    "suggested_unit_of_measurement": UnitOfInformation.GIGABYTES,
    "suggested_display_precision": 2,
    "state_class": SensorStateClass.TOTAL_INCREASING,
}


def cellular(wan: Wan) -> CellularInfo:
    """The cellular detail of a WAN created for cellular WANs only."""
    assert wan.cellular is not None  # noqa: S101 - exists_fn guarantees it
    return wan.cellular


def signal[T](read: Callable[[CellularSignal], T]) -> Callable[[Wan], T | None]:
    """Read a measurement of the primary band of a cellular WAN."""

    def value(wan: Wan) -> T | None:
        signal = wan.cellular.signal if wan.cellular else None
        return read(signal) if signal is not None else None

    return value


def is_cellular(wan: Wan) -> bool:
    """Whether the WAN is a cellular one."""
    return wan.cellular is not None


def is_wifi(wan: Wan) -> bool:
    """Whether the WAN is Wi-Fi as WAN, even while it reports no detail (off)."""
    return wan.wifi is not None or (wan.connection_type or "").lower() in (
        "wifi",
        "wireless",
    )


@dataclass(frozen=True, kw_only=True)
class PeplinkWanSensorDescription(SensorEntityDescription):
    """A sensor of a WAN, read from the WAN status."""

    value_fn: Callable[[Wan], StateType]
    exists_fn: Callable[[Wan], bool] = lambda _: True
    # Whether the value remains while the WAN is disabled: only its status does.
    while_disabled: bool = False


@dataclass(frozen=True, kw_only=True)
class PeplinkWanTrafficSensorDescription(SensorEntityDescription):
    """A traffic sensor of a WAN; the router leaves idle WANs out of its report."""

    value_fn: Callable[[WanTraffic | None], StateType]


@dataclass(frozen=True, kw_only=True)
class PeplinkAllowanceSensorDescription(SensorEntityDescription):
    """A sensor of a WAN's (or a SIM's) bandwidth allowance."""

    value_fn: Callable[[Allowance], StateType]


class PeplinkWanSensor(PeplinkWanStatusEntity, SensorEntity):
    """A sensor of a WAN, read from the WAN status."""

    entity_description: PeplinkWanSensorDescription

    @property
    def available(self) -> bool:
        """Unavailable while the WAN is disabled, unless the value remains."""
        return super().available and (
            self.entity_description.while_disabled or not self.wan_disabled
        )

    @property
    def native_value(self) -> StateType:
        """The value, from the latest WAN status."""
        value = self.entity_description.value_fn(self.wan)
        if isinstance(value, str) and len(value) > MAX_LENGTH_STATE_STATE:
            # Home Assistant refuses a state this long; cut short, it would
            # read as something the router did not say.
            return None
        return value


class PeplinkConnectedSinceSensor(PeplinkWanStatusEntity, SensorEntity):
    """When the WAN connected; steady between polls, unknown while down."""

    @property
    def available(self) -> bool:
        """Unavailable while the WAN is disabled: it has no connection."""
        return super().available and not self.wan_disabled

    @property
    def native_value(self) -> datetime | None:
        """The start of the current connection."""
        return self.coordinator.data.connected_since.get(self.wan_id)


class PeplinkWanTrafficSensor(PeplinkEnabledWanEntity[Traffic], SensorEntity):
    """A traffic sensor of a WAN; unavailable while the WAN is disabled."""

    entity_description: PeplinkWanTrafficSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value, from the latest traffic report."""
        return self.entity_description.value_fn(
            self.coordinator.data.wans.get(self.wan_id)
        )


class PeplinkAllowanceSensor(PeplinkAllowanceEntity, SensorEntity):
    """A bandwidth allowance sensor of a WAN, or of one of its SIMs."""

    entity_description: PeplinkAllowanceSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value, from the latest allowance report."""
        return self.entity_description.value_fn(self.allowance)


class PeplinkSmsInboxSensor(PeplinkSmsEntity, SensorEntity):
    """How many messages the active SIM of a cellular WAN stores; one a multi-part."""

    @property
    def native_value(self) -> int | None:
        """The number of messages, from the latest poll of the inbox."""
        return len(self.inbox.messages) if self.inbox is not None else None
