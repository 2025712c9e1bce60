"""Values that cannot be true read as unknown: absurd, impossible or unreadable.

Numbers beyond 64 bits or beyond a float, negative amounts, a start in the
future, positions off the globe, nan and infinity: None, never a value shown as
real, and never an error other than the client's own.
"""

from __future__ import annotations

import math

import pytest

from custom_components.peplink.api import (
    Hardware,
    Location,
    Traffic,
    WanStatus,
    WanTraffic,
)
from custom_components.peplink.api.models.cellular import CellularInfo, parse_sms
from custom_components.peplink.api.models.usage import parse_allowances
from custom_components.peplink.api.parsing import (
    as_duration,
    as_float,
    as_int,
    as_str,
    as_timestamp,
)

ABSURD = {
    "2**64": 2**64,
    "-2**64": -(2**64),
    "10**30": 10**30,
    "10**400": 10**400,
    "400 nines": "9" * 400,
    "5000 nines": "9" * 5000,
    "1e300": 1e300,
    "'1e30'": "1e30",
}


@pytest.mark.parametrize("absurd", ABSURD.values(), ids=ABSURD.keys())
def test_absurd_whole_numbers_are_unknown(absurd: object) -> None:
    """Routers count in 64 bits: a larger number is garbage, not a value."""
    assert as_int(absurd) is None
    assert as_duration(absurd) is None
    assert as_timestamp(absurd) is None


@pytest.mark.parametrize(
    "unreadable", ["1e400", "nan", "inf", "-inf", "", None, [1]], ids=repr
)
def test_numbers_that_are_no_number_are_unknown(unreadable: object) -> None:
    assert as_float(unreadable) is None
    assert as_int(unreadable) is None


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_no_text_of_nan_or_infinity(value: float) -> None:
    assert as_float(value) is None
    assert as_str(value) is None


def test_bounded_readers() -> None:
    assert as_int(2**63 - 1) == 2**63 - 1
    # Exact, where a float would round.
    assert as_int("9007199254740993") == 9_007_199_254_740_993
    assert as_float(2**63) == 2.0**63
    # Too large for a float at all.
    assert as_float(10**400) is None
    assert as_float("-3", minimum=0) is None
    assert as_float("91", maximum=90) is None
    assert as_float(90, maximum=90) == 90
    assert as_duration(-1) is None
    assert as_duration("86400") == 86400
    # Milliseconds, as some firmware sends them, read as seconds.
    assert as_timestamp(1_764_435_720_000) == 1_764_435_720
    assert as_timestamp(1_764_435_720) == 1_764_435_720
    assert as_timestamp(-1) is None
    # Microseconds are past the year 9999 even in milliseconds.
    assert as_timestamp(1_764_435_720_000_000) is None


def test_text_that_cannot_be_stored_is_mended() -> None:
    """JSON may escape half a character; no state or log can hold one."""
    assert as_str("carrier \ud800") == "carrier ?"
    assert as_str("Zürich") == "Zürich"


def test_impossible_values_are_unknown() -> None:
    """Negative totals and rates, a start in the future, nan: None, not shown."""
    status = WanStatus.from_api(
        {
            "1": {"uptime": -30, "message": "Connected"},
            "2": {"uptime": 2**64, "message": "Connected"},
            "3": {"uptime": "1e30", "message": "Connected"},
            "4": {"uptime": "nan", "message": "Connected"},
        }
    )
    assert [wan.uptime for wan in status.wans.values()] == [None] * 4
    traffic = Traffic.from_api(
        {
            "bandwidth": {
                "1": {"overall": {"download": -5, "upload": "inf"}},
                "2": {"overall": {"download": 10, "upload": 20}},
            },
            "traffic": {
                "unit": "TB",
                "1": {"overall": {"download": -1, "upload": 1e308}},
                "2": {"overall": {"download": "nan", "upload": 2**1100}},
            },
            "lifetime": {"all": {"overall": {"download": -7, "upload": "-0.5"}}},
        }
    )
    assert traffic.wans[1] == WanTraffic(None, None, None, None)
    assert (traffic.wans[2].download_rate, traffic.wans[2].downloaded) == (10, None)
    assert traffic.wans[2].uploaded is None
    assert traffic.download_rate is None
    assert (traffic.lifetime_downloaded, traffic.lifetime_uploaded) == (None, None)
    # Each finite, the sum of two is not.
    huge = Traffic.from_api(
        {"bandwidth": {str(wan): {"overall": {"download": 1e308}} for wan in (1, 2)}}
    )
    assert huge.wans[1].download_rate == 1e308
    assert huge.download_rate is None
    allowance = parse_allowances(
        {"1": {"usage": -1, "limit": "-10", "percent": -5}, "order": [1]}
    )[1, None]
    assert (allowance.usage, allowance.limit, allowance.percent) == (None, None, None)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91, 0), (-90.5, 10), (0, 180.1), (45, -200), ("nan", 1), (1, "inf")],
)
def test_positions_off_the_globe_are_no_fix(
    latitude: object, longitude: object
) -> None:
    location = Location.from_api(
        {"gps": True, "location": {"latitude": latitude, "longitude": longitude}}
    )
    assert not location.has_fix
    assert None in (location.latitude, location.longitude)


def test_impossible_gps_and_hardware_readings_are_unknown() -> None:
    location = Location.from_api(
        {
            "gps": True,
            "location": {
                "latitude": -90,
                "longitude": 180,
                "speed": -1,
                "heading": 361,
                "hdop": 1e308,
                # In milliseconds.
                "timestamp": 1_311_972_720_000,
            },
        }
    )
    assert location.has_fix
    assert (location.speed, location.heading, location.hdop) == (None, None, None)
    assert location.timestamp == 1_311_972_720
    hardware = Hardware.from_api(
        {
            "fanSpeed": [{"value": -100, "total": "-1"}],
            "thermalSensor": [
                {"temperature": -300, "threshold": "-273.15"},
                {"temperature": "-273.15", "threshold": -274},
            ],
        }
    )
    assert (hardware.fans[0].speed, hardware.fans[0].max_speed) == (None, None)
    # Colder than absolute zero is no reading.
    assert [
        (sensor.temperature, sensor.threshold) for sensor in hardware.thermal_sensors
    ] == [(None, -273.15), (-273.15, None)]


def test_sms_timestamps_in_milliseconds() -> None:
    inbox = parse_sms(
        {
            "sms": [
                {
                    "sender": "988",
                    "message": [
                        {"id": 1, "timestamp": 1_581_774_925_000},
                        {"id": 2, "timestamp": 10**30},
                    ],
                }
            ]
        }
    )
    assert [message.timestamp for message in inbox.messages] == [1_581_774_925, None]


def test_signal_level_outside_the_bars_is_unknown() -> None:
    levels = [
        CellularInfo.from_api({"signalLevel": level}).signal_level
        for level in (-1, 0, "5", 6, 2**64)
    ]
    assert levels == [None, 0, 5, None, None]
