"""Sensors of the router's device: what they read, and their one class.

What the fixed ones are (key, name, unit) is declared in sensor.py; those of
the hardware, one per fan and thermal sensor the router has, are made here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import REVOLUTIONS_PER_MINUTE, UnitOfTemperature
from homeassistant.helpers.typing import StateType

from .api import Hardware, WanState
from .devices import wan_name
from .endpoints import HARDWARE, Endpoint, WanData
from .entity import PeplinkEntity


@dataclass(frozen=True, kw_only=True)
class PeplinkRouterSensorDescription[DataT](SensorEntityDescription):
    """A sensor of the router, read from one endpoint's data."""

    endpoint: Endpoint[DataT]
    value_fn: Callable[[DataT], StateType]
    attributes_fn: Callable[[DataT], Mapping[str, Any]] | None = None
    # Whether what it reads is still reported (a fan, a thermal sensor).
    reported_fn: Callable[[DataT], bool] = lambda _: True


def connected_wans(data: WanData) -> list[str]:
    """The names of the connected WANs, best priority (the lowest number) first.

    WANs of one priority keep the router's order; a WAN without a priority
    comes last.
    """
    connected = [wan for wan in data.wans.values() if wan.state is WanState.CONNECTED]
    connected.sort(key=lambda wan: (wan.priority is None, wan.priority or 0))
    return [wan_name(wan) for wan in connected]


def active_wan(data: WanData) -> str | None:
    """The connected WAN of the best priority; None while none is connected."""
    return next(iter(connected_wans(data)), None)


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
        reported_fn=lambda hardware: any(fan.index == index for fan in hardware.fans),
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
        reported_fn=lambda hardware: any(
            sensor.index == index for sensor in hardware.thermal_sensors
        ),
    )


def hardware_sensors(
    hardware: Hardware,
) -> dict[str, PeplinkRouterSensorDescription[Hardware]]:
    """A sensor per fan and per thermal sensor the router has, by key.

    Where the router has several thermal sensors, their names are numbered.
    """
    numbered = len(hardware.thermal_sensors) > 1
    descriptions = [
        *(_fan_sensor(fan.index) for fan in hardware.fans),
        *(
            _temperature_sensor(sensor.index, numbered)
            for sensor in hardware.thermal_sensors
        ),
    ]
    return {description.key: description for description in descriptions}


class PeplinkRouterSensor[DataT](PeplinkEntity[DataT], SensorEntity):
    """A sensor of the router."""

    entity_description: PeplinkRouterSensorDescription[DataT]

    @property
    def available(self) -> bool:
        """Unavailable while the router no longer reports what it reads."""
        return super().available and self.entity_description.reported_fn(
            self.coordinator.data
        )

    @property
    def native_value(self) -> StateType:
        """The value, from the endpoint's latest data."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """The attributes, for a sensor that has some."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.coordinator.data)
