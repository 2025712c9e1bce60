"""The router itself: identity, firmware, hardware, GPS, access point, tunnels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..parsing import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    as_timestamp,
    indexed_entries,
)

# Bounds of what a router can report: beyond them a value is garbage, not a
# reading. Solder melts long before 300 °C.
_ABSOLUTE_ZERO = -273.15
_HOTTEST = 300.0
_FASTEST_FAN = 100_000
# Metres: the deepest ocean floor to far above any aircraft.
_LOWEST_ALTITUDE = -12_000.0
_HIGHEST_ALTITUDE = 100_000.0
# Faster than any vehicle a router travels in, in any unit a firmware uses.
_FASTEST_SPEED = 10_000.0
# NMEA receivers report at most 99.99; more is no dilution of precision.
_MAX_HDOP = 100.0


@dataclass(frozen=True, slots=True)
class RouterInfo:
    """The router's identity (``status.system.info``, ``infoType=device``)."""

    # Read by diagnostics only: hostname.

    serial_number: str | None
    name: str | None
    model: str | None
    product_code: str | None
    hardware_revision: str | None
    firmware_version: str | None
    hostname: str | None

    @classmethod
    def from_api(cls, data: Any) -> RouterInfo:
        """Read the ``device`` object."""
        device = as_dict(data)
        return cls(
            serial_number=as_str(device.get("serialNumber")),
            name=as_str(device.get("name")),
            model=as_str(device.get("model")),
            product_code=as_str(device.get("productCode")),
            hardware_revision=as_str(device.get("hardwareRevision")),
            firmware_version=as_str(device.get("firmwareVersion")),
            hostname=as_str(device.get("host")),
        )


@dataclass(frozen=True, slots=True)
class FirmwareSlot:
    """One firmware image slot."""

    # Read by diagnostics only: slot, bootable.

    slot: int
    version: str | None
    bootable: bool | None
    in_use: bool | None


@dataclass(frozen=True, slots=True)
class FirmwareInfo:
    """The firmware slots (``info.firmware``)."""

    slots: tuple[FirmwareSlot, ...]

    @property
    def running_version(self) -> str | None:
        """Version of the image in use."""
        return next((slot.version for slot in self.slots if slot.in_use), None)

    @classmethod
    def from_api(cls, data: Any) -> FirmwareInfo:
        """Read the slots keyed by number."""
        return cls(
            slots=tuple(
                FirmwareSlot(
                    slot=slot_id,
                    version=as_str(slot.get("version")),
                    bootable=as_bool(slot.get("bootable")),
                    in_use=as_bool(slot.get("inUse")),
                )
                for slot_id, slot in indexed_entries(data)
            )
        )


@dataclass(frozen=True, slots=True)
class Fan:
    """One fan."""

    # Read by diagnostics only: active, max_speed.

    index: int
    active: bool | None
    speed: int | None
    max_speed: int | None


@dataclass(frozen=True, slots=True)
class ThermalSensor:
    """One temperature sensor (°C)."""

    # Read by diagnostics only: threshold.

    index: int
    temperature: float | None
    threshold: float | None


@dataclass(frozen=True, slots=True)
class Hardware:
    """Fans and temperature sensors; empty on models without them."""

    fans: tuple[Fan, ...]
    thermal_sensors: tuple[ThermalSensor, ...]

    @classmethod
    def from_api(cls, data: Any) -> Hardware:
        """Read the ``fanSpeed`` and ``thermalSensor`` lists."""
        body = as_dict(data)
        return cls(
            fans=tuple(
                Fan(
                    index=index,
                    active=as_bool(fan.get("active")),
                    speed=as_int(fan.get("value"), minimum=0, maximum=_FASTEST_FAN),
                    max_speed=as_int(fan.get("total"), minimum=0, maximum=_FASTEST_FAN),
                )
                for index, fan in _enumerated_objects(body.get("fanSpeed"))
            ),
            thermal_sensors=tuple(
                ThermalSensor(
                    index=index,
                    temperature=_as_temperature(sensor.get("temperature")),
                    threshold=_as_temperature(sensor.get("threshold")),
                )
                for index, sensor in _enumerated_objects(body.get("thermalSensor"))
            ),
        )


def _as_temperature(value: Any) -> float | None:
    """Read degrees Celsius a router's sensor could report."""
    return as_float(value, minimum=_ABSOLUTE_ZERO, maximum=_HOTTEST)


def _enumerated_objects(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """Number the objects of a list from 1, keeping positions stable."""
    return [
        (index, item)
        for index, item in enumerate(as_list(value), start=1)
        if isinstance(item, Mapping)
    ]


@dataclass(frozen=True, slots=True)
class Location:
    """GPS position (``info.location``); ``has_fix`` false without a valid signal."""

    # Read by diagnostics only: timestamp.

    has_fix: bool
    latitude: float | None
    longitude: float | None
    altitude: float | None
    speed: float | None
    heading: float | None
    hdop: float | None
    timestamp: int | None

    @classmethod
    def from_api(cls, data: Any) -> Location:
        """Read the location, also from coordinates at the root."""
        body = as_dict(data)
        position = as_dict(body.get("location")) or body
        latitude = as_float(position.get("latitude"), minimum=-90, maximum=90)
        longitude = as_float(position.get("longitude"), minimum=-180, maximum=180)
        has_fix = as_bool(body.get("gps"))
        return cls(
            has_fix=(has_fix is not False)
            and latitude is not None
            and longitude is not None,
            latitude=latitude,
            longitude=longitude,
            altitude=as_float(
                position.get("altitude"),
                minimum=_LOWEST_ALTITUDE,
                maximum=_HIGHEST_ALTITUDE,
            ),
            speed=as_float(position.get("speed"), minimum=0, maximum=_FASTEST_SPEED),
            heading=as_float(position.get("heading"), minimum=0, maximum=360),
            hdop=as_float(position.get("hdop"), minimum=0, maximum=_MAX_HDOP),
            timestamp=as_timestamp(position.get("timestamp")),
        )


@dataclass(frozen=True, slots=True)
class PepVpnProfile:
    """A SpeedFusion / PepVPN profile."""

    # Read by diagnostics only: profile_type.

    profile_id: int
    name: str | None
    status: str | None
    profile_type: str | None

    @property
    def connected(self) -> bool:
        """Whether the tunnel is up."""
        return (self.status or "").upper() == "CONNECTED"


@dataclass(frozen=True, slots=True)
class PepVpnStatus:
    """SpeedFusion / PepVPN profiles (``status.pepvpn``)."""

    profiles: dict[int, PepVpnProfile]

    @classmethod
    def from_api(cls, data: Any) -> PepVpnStatus:
        """Read the ``profile`` objects keyed by id."""
        return cls(
            profiles={
                profile_id: PepVpnProfile(
                    profile_id=profile_id,
                    name=as_str(profile.get("name")),
                    status=as_str(profile.get("status")),
                    profile_type=as_str(profile.get("type")),
                )
                for profile_id, profile in indexed_entries(as_dict(data).get("profile"))
            }
        )


@dataclass(frozen=True, slots=True)
class AccessPointStatus:
    """The built-in Wi-Fi access point (``cmd.ap``)."""

    supported: bool
    enabled: bool | None

    @classmethod
    def from_api(cls, data: Any) -> AccessPointStatus:
        """Read the AP object."""
        body = as_dict(data)
        return cls(
            supported=as_bool(body.get("support")) is True,
            enabled=as_bool(body.get("enable")),
        )
