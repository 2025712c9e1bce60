"""Entities follow the router: what it adds later appears, with no reload.

An item added to data already polled (a SpeedFusion profile, a fan, a thermal
sensor, an allowance monitor) gets its entities at the next poll; a kind of
data the router had nothing of at setup gets them when it is asked again
(hourly). Neither signs in again, nor sends a request more than polling does.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.endpoints import ALLOWANCES, HARDWARE
from simulator import RouterSimulator
from simulator.changes import (
    add_allowance,
    add_fan,
    add_pepvpn_profile,
    add_thermal_sensor,
    remove_allowance,
    remove_pepvpn_profile,
)
from tests.integration.common import (
    async_poll,
    is_available,
    is_registered,
    sensor_value,
    state_of,
)

ALLOWANCE_FUNCTION = "status.wan.connection.allowance"
HEALTH_POLL = 60  # seconds: fans, temperatures, allowances, SpeedFusion
RECHECK = 3600  # seconds: an endpoint the router had nothing of, asked again


def allowance_entities(serial: str, wan_id: int, suffix: str = "") -> list[str]:
    """The unique IDs of a WAN's (or, with a suffix, a SIM's) allowance sensors."""
    return [
        f"{serial}_wan{wan_id}_allowance_usage{suffix}",
        f"{serial}_wan{wan_id}_allowance_percent{suffix}",
    ]


@pytest.mark.parametrize("profile", ["max"])
async def test_allowance_monitor_added_removed_and_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A SIM's new monitor gets its sensors and button; removed, they wait for it."""
    runtime = init_integration.runtime_data
    usage, percent = allowance_entities(serial, 4, "_sim1")
    button = f"{serial}_wan4_new_billing_cycle_sim1"
    assert not is_registered(hass, Platform.SENSOR, usage)

    # No traffic: the usage stays as set.
    simulator.set_rates(4, 0, 0)
    simulator.reset_counters()
    add_allowance(simulator.state, 4, 1, limit_mb=2000, usage_mb=500)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)

    # Shown in GB.
    assert sensor_value(hass, usage) == 0.5
    assert sensor_value(hass, percent) == 25
    assert is_available(hass, Platform.BUTTON, button)
    # The one poll of the minute, in the session setup opened: no reload.
    assert simulator.requests[ALLOWANCE_FUNCTION] == 1
    assert simulator.logins == 0
    assert init_integration.runtime_data is runtime

    remove_allowance(simulator.state, 4, 1)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert not is_available(hass, Platform.SENSOR, usage)
    assert not is_available(hass, Platform.BUTTON, button)
    # The other WAN's monitor stays.
    assert is_available(hass, Platform.SENSOR, f"{serial}_wan3_allowance_usage_sim1")

    add_allowance(simulator.state, 4, 1, limit_mb=2000, usage_mb=1000)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert sensor_value(hass, percent) == 50
    assert simulator.logins == 0


@pytest.mark.parametrize("profile", ["balance"])
async def test_first_allowance_monitor_without_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A router with no monitor at setup: the first one appears at the recheck."""
    runtime = init_integration.runtime_data
    assert runtime.coordinator(ALLOWANCES) is None
    usage, percent = allowance_entities(serial, 1)

    simulator.set_rates(1, 0, 0)
    simulator.reset_counters()
    add_allowance(simulator.state, 1, limit_mb=4000, usage_mb=1000)
    await async_poll(hass, freezer, RECHECK - 10, simulator)
    # Not polled: only asked again, hourly.
    assert simulator.requests[ALLOWANCE_FUNCTION] == 0
    assert not is_registered(hass, Platform.SENSOR, usage)

    await async_poll(hass, freezer, 10, simulator)
    assert simulator.requests[ALLOWANCE_FUNCTION] == 1
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data is runtime
    assert runtime.coordinator(ALLOWANCES) is not None
    assert sensor_value(hass, usage) == 1
    assert sensor_value(hass, percent) == 25
    assert is_available(hass, Platform.BUTTON, f"{serial}_wan1_new_billing_cycle")
    assert simulator.logins == 0

    # From now on it is polled like the others.
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert simulator.requests[ALLOWANCE_FUNCTION] == 2
    assert simulator.logins == 0


async def test_speedfusion_profile_added_removed_and_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A new profile gets its sensor at the next poll; one deleted waits for it."""
    unique_id = f"{serial}_pepvpn_3"
    assert not is_registered(hass, Platform.BINARY_SENSOR, unique_id)

    simulator.reset_counters()
    add_pepvpn_profile(simulator.state, 3, "Branch Office")
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    state = state_of(hass, Platform.BINARY_SENSOR, unique_id)
    assert state.state == STATE_ON
    assert state.attributes["friendly_name"].endswith("SpeedFusion Branch Office")
    assert simulator.requests["status.pepvpn"] == 1
    assert simulator.logins == 0

    remove_pepvpn_profile(simulator.state, 3)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert state_of(hass, Platform.BINARY_SENSOR, unique_id).state == STATE_UNAVAILABLE
    assert is_available(hass, Platform.BINARY_SENSOR, f"{serial}_pepvpn_1")

    add_pepvpn_profile(simulator.state, 3, "Branch Office", status="DISCONNECTED")
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert state_of(hass, Platform.BINARY_SENSOR, unique_id).state == "off"


@pytest.mark.parametrize("profile", ["max"])
async def test_fan_and_thermal_sensor_added(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A fan and a second thermal sensor appear; the first keeps its name."""
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_fan_1_speed")
    simulator.reset_counters()
    add_fan(simulator.state, 4200)
    add_thermal_sensor(simulator.state, 51.5)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)

    assert sensor_value(hass, f"{serial}_fan_1_speed") == 4200
    second = state_of(hass, Platform.SENSOR, f"{serial}_temperature_2")
    assert float(second.state) == 51.5
    assert second.attributes["friendly_name"].endswith("Temperature 2")
    first = state_of(hass, Platform.SENSOR, f"{serial}_temperature_1")
    assert first.attributes["friendly_name"].endswith("Temperature")
    assert simulator.logins == 0


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_first_hardware_sensor_without_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A router with no fan nor thermal sensor at setup gets them at the recheck."""
    runtime = init_integration.runtime_data
    assert runtime.coordinator(HARDWARE) is None
    add_thermal_sensor(simulator.state, 40.0)
    simulator.reset_counters()
    await async_poll(hass, freezer, RECHECK, simulator)

    assert runtime.coordinator(HARDWARE) is not None
    assert init_integration.runtime_data is runtime
    state = state_of(hass, Platform.SENSOR, f"{serial}_temperature_1")
    assert float(state.state) == 40.0
    assert state.attributes["friendly_name"].endswith("Temperature")
    assert simulator.logins == 0


async def test_fan_no_longer_reported(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A fan the router stops reporting is unavailable, and back with it."""
    unique_id = f"{serial}_fan_2_speed"
    assert is_available(hass, Platform.SENSOR, unique_id)
    fan = simulator.state.fans.pop()
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert not is_available(hass, Platform.SENSOR, unique_id)
    assert is_available(hass, Platform.SENSOR, f"{serial}_fan_1_speed")

    simulator.state.fans.append(fan)
    await async_poll(hass, freezer, HEALTH_POLL, simulator)
    assert sensor_value(hass, unique_id) == fan["value"]
