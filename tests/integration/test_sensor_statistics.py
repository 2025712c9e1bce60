"""Long-term statistics of the sensors, as the recorder compiles them."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
    get_start_time,
    statistics_during_period,
)

from simulator import RouterSimulator
from tests.integration.common import async_poll, entity_id_of, state_of

LOCATION_POLL = 60  # seconds


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: object) -> None:
    """Prepare the recorder's database before Home Assistant starts, as it must."""


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensor platform only."""
    return [Platform.SENSOR]


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", ["max"])
async def test_heading_averages_across_north(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Headings of 350° and 10° average to north, not to 180° (south)."""
    heading = f"{serial}_gps_heading"
    entity_id = entity_id_of(hass, Platform.SENSOR, heading)
    location = simulator.state.gps["location"]
    location["heading"] = 350.0
    await async_poll(hass, freezer, LOCATION_POLL, simulator)
    start = get_start_time(dt_util.utcnow()) + timedelta(minutes=5)
    await async_poll(
        hass, freezer, (start - dt_util.utcnow()).total_seconds(), simulator
    )
    assert state_of(hass, Platform.SENSOR, heading).state == "350.0"

    # Five minutes of a boat swinging about north.
    for degrees in (10.0, 350.0, 10.0, 350.0, 10.0):
        location["heading"] = degrees
        await async_poll(hass, freezer, LOCATION_POLL, simulator)
    assert state_of(hass, Platform.SENSOR, heading).state == "10.0"
    # The states are in the database before the period's statistics are made.
    await async_wait_recording_done(hass)
    do_adhoc_statistics(hass, start=start)
    await async_wait_recording_done(hass)

    statistics = await hass.async_add_executor_job(
        partial(
            statistics_during_period,
            hass,
            start,
            None,
            {entity_id},
            "5minute",
            None,
            {"mean"},
        )
    )
    (period,) = statistics[entity_id]
    mean = period["mean"]
    # An arithmetic mean of these would be 180°.
    assert min(mean, 360 - mean) < 5
