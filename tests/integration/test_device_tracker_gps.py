"""The router's own position: a GPS tracker and sensors, where the router has GPS."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import CONF_TRACK_LOCATION
from simulator import RouterSimulator
from simulator.profiles import load_profile
from tests.integration.common import (
    async_add_router,
    async_poll,
    is_registered,
    state_of,
)
from tests.integration.trackers import HEALTH_POLL

GPS_SENSORS = ("gps_speed", "gps_heading", "gps_altitude")


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_tracker(hass: HomeAssistant, serial: str) -> None:
    """The MAX's position from the profile; far from Home Assistant's home."""
    gps = load_profile("max")["gps"]["location"]
    state = state_of(hass, Platform.DEVICE_TRACKER, f"{serial}_location")
    assert state.state == STATE_NOT_HOME
    assert state.attributes["latitude"] == gps["latitude"]
    assert state.attributes["longitude"] == gps["longitude"]
    # HDOP 1 at about five metres per unit.
    assert state.attributes["gps_accuracy"] == round(gps["hdop"] * 5)
    assert state.attributes["source_type"] == "gps"


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_tracker_home(
    hass: HomeAssistant,
    simulator: RouterSimulator,
) -> None:
    """With Home Assistant's home at the router's position, the router is home."""
    gps = load_profile("max")["gps"]["location"]
    await hass.config.async_update(latitude=gps["latitude"], longitude=gps["longitude"])
    await hass.async_block_till_done()
    entry = await async_add_router(hass, simulator)
    location = state_of(hass, Platform.DEVICE_TRACKER, f"{entry.unique_id}_location")
    assert location.state == STATE_HOME


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_loses_fix(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Without a fix the position is unknown, and comes back with the fix."""
    location = f"{serial}_location"
    simulator.set_gps_fix(False)
    await async_poll(hass, freezer, HEALTH_POLL)
    state = state_of(hass, Platform.DEVICE_TRACKER, location)
    assert state.state == STATE_UNKNOWN
    assert "latitude" not in state.attributes
    assert "longitude" not in state.attributes
    for key in GPS_SENSORS:
        assert state_of(hass, Platform.SENSOR, f"{serial}_{key}").state == STATE_UNKNOWN

    simulator.set_gps_fix(True)
    await async_poll(hass, freezer, HEALTH_POLL)
    state = state_of(hass, Platform.DEVICE_TRACKER, location)
    assert state.state == STATE_NOT_HOME
    assert (
        state.attributes["latitude"]
        == load_profile("max")["gps"]["location"]["latitude"]
    )


@pytest.mark.parametrize(
    ("profile", "options"), [("max", {CONF_TRACK_LOCATION: False})]
)
async def test_location_tracking_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """No tracker, no GPS sensors, and the router is never asked where it is."""
    assert init_integration.state is ConfigEntryState.LOADED
    for _ in range(5):
        await async_poll(hass, freezer, HEALTH_POLL)
    assert simulator.requests["info.location"] == 0
    # The polling did run.
    assert simulator.requests["status.wan.connection"] > 5
    assert not is_registered(hass, Platform.DEVICE_TRACKER, f"{serial}_location")
    for key in GPS_SENSORS:
        assert not is_registered(hass, Platform.SENSOR, f"{serial}_{key}")


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_sensors_on_max(hass: HomeAssistant, serial: str) -> None:
    gps = load_profile("max")["gps"]["location"]
    expected = {
        "gps_speed": (gps["speed"], "km/h"),
        "gps_heading": (gps["heading"], "°"),
        "gps_altitude": (gps["altitude"], "m"),
    }
    for key, (number, unit) in expected.items():
        state = state_of(hass, Platform.SENSOR, f"{serial}_{key}")
        assert float(state.state) == pytest.approx(number, abs=0.01)
        assert state.attributes["unit_of_measurement"] == unit


async def test_no_gps_on_balance(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The Balance lacks the location endpoint: no tracker, no GPS sensors."""
    assert not is_registered(hass, Platform.DEVICE_TRACKER, f"{serial}_location")
    for key in GPS_SENSORS:
        assert not is_registered(hass, Platform.SENSOR, f"{serial}_{key}")
    asked = simulator.requests["info.location"]
    assert asked <= 1
    await async_poll(hass, freezer, HEALTH_POLL)
    assert simulator.requests["info.location"] == asked
