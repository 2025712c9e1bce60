"""Sensor values between polls: WAN states, counters, rates, hardware, radio, uptime."""

from __future__ import annotations

from datetime import UTC, datetime

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from simulator import RouterSimulator, payloads
from tests.constants import KBPS_SECONDS_PER_MB
from tests.integration.common import async_poll, sensor_value, state_of


async def test_wan_standby_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    simulator.set_wan_state(2, "standby")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_status").state == ("standby")
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan2_connected_since").state
        == STATE_UNKNOWN
    )
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state == "connected"


async def test_wan_disabled_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    downloaded = sensor_value(hass, f"{serial}_wan1_downloaded")
    simulator.set_wan_state(1, "disabled")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state == "disabled"
    # Dropped from the traffic report: no rate, no totals while disabled.
    for key in ("download_rate", "downloaded"):
        assert (
            state_of(hass, Platform.SENSOR, f"{serial}_wan1_{key}").state
            == STATE_UNAVAILABLE
        ), key
    simulator.set_wan_state(1, "connected")
    await async_poll(hass, freezer, 15, simulator)
    # Back with the totals the router kept: no meter reset.
    assert sensor_value(hass, f"{serial}_wan1_downloaded") >= downloaded
    assert sensor_value(hass, f"{serial}_wan1_download_rate") > 0


async def test_counters_advance_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Ten router minutes, then one traffic poll: totals grow by rate x time."""
    before = sensor_value(hass, f"{serial}_wan1_downloaded")
    assert before == pytest.approx(150791 / 1000)
    simulator.advance(600)
    await async_poll(hass, freezer, 15)
    # The router reports whole megabytes.
    expected_mb = int(150791 + 2342 * 600 / KBPS_SECONDS_PER_MB)
    assert sensor_value(hass, f"{serial}_wan1_downloaded") == pytest.approx(
        expected_mb / 1000
    )
    expected_up = int(109331 + 1634 * 600 / KBPS_SECONDS_PER_MB)
    assert sensor_value(hass, f"{serial}_wan1_uploaded") == pytest.approx(
        expected_up / 1000
    )
    lifetime = int(208003 + (2342 + 224 + 120) * 600 / KBPS_SECONDS_PER_MB)
    assert sensor_value(hass, f"{serial}_lifetime_downloaded") == pytest.approx(
        lifetime / 1000
    )


async def test_rates_change_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    simulator.set_rates(1, 50000, 8000)
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_value(hass, f"{serial}_wan1_download_rate") == 50
    assert sensor_value(hass, f"{serial}_wan1_upload_rate") == 8
    assert sensor_value(hass, f"{serial}_download_rate") == pytest.approx(
        (50000 + 224 + 120) / 1000
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_fan_stops_and_temperature_changes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    assert sensor_value(hass, f"{serial}_fan_2_speed") == 4300
    simulator.set_fan(1, 0)
    simulator.set_temperature(0, 61.5)
    # Hardware is polled every minute: not yet after 30 seconds.
    await async_poll(hass, freezer, 30, simulator)
    assert sensor_value(hass, f"{serial}_fan_2_speed") == 4300
    await async_poll(hass, freezer, 30, simulator)
    assert sensor_value(hass, f"{serial}_fan_2_speed") == 0
    assert sensor_value(hass, f"{serial}_temperature_1") == 61.5
    assert sensor_value(hass, f"{serial}_fan_1_speed") == 0


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_signal_changes_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    band = simulator.state.wans[3].fields["cellular"]["rat"][0]["band"][0]
    band["signal"]["rsrp"] = -101
    simulator.state.wans[3].fields["cellular"]["carrier"]["name"] = "Roaming Partner"
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_value(hass, f"{serial}_wan3_rsrp") == -101
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan3_carrier").state
        == "Roaming Partner"
    )


@pytest.mark.parametrize("profile", ["max"])
async def test_allowance_usage_grows(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    await async_poll(hass, freezer, 60, simulator)
    grown = int(8123 + (12500 + 2100) * 60 / KBPS_SECONDS_PER_MB)
    assert sensor_value(hass, f"{serial}_wan3_allowance_usage_sim1") == pytest.approx(
        grown / 1000
    )


async def test_counters_only_rise(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Across many polls, and after a WAN drops out of the traffic report."""
    counters = [
        f"{serial}_wan1_downloaded",
        f"{serial}_wan1_uploaded",
        f"{serial}_wan2_downloaded",
        f"{serial}_wan2_uploaded",
        f"{serial}_lifetime_downloaded",
        f"{serial}_lifetime_uploaded",
    ]
    first = {key: sensor_value(hass, key) for key in counters}
    last = dict(first)
    for _ in range(20):
        await async_poll(hass, freezer, 15, simulator)
        for key in counters:
            now = sensor_value(hass, key)
            assert now >= last[key], key
            last[key] = now
    for key in counters:
        assert last[key] > first[key], key

    # WAN 2 disconnects and drops out of the router's traffic report.
    simulator.set_wan_state(2, "disconnected")
    await async_poll(hass, freezer, 15, simulator)
    assert 2 not in payloads.traffic(simulator.state)["bandwidth"]["order"]
    for key in (f"{serial}_wan2_downloaded", f"{serial}_wan2_uploaded"):
        state = state_of(hass, Platform.SENSOR, key)
        assert state.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE), key
        assert float(state.state) == last[key], key
    assert sensor_value(hass, f"{serial}_wan2_download_rate") == 0
    assert sensor_value(hass, f"{serial}_wan2_upload_rate") == 0
    # It stays that way while it is down, and WAN 1 keeps counting.
    for _ in range(4):
        await async_poll(hass, freezer, 15, simulator)
    assert (
        sensor_value(hass, f"{serial}_wan2_downloaded")
        == (last[f"{serial}_wan2_downloaded"])
    )
    assert (
        sensor_value(hass, f"{serial}_wan1_downloaded")
        > (last[f"{serial}_wan1_downloaded"])
    )
    assert sensor_value(hass, f"{serial}_download_rate") == pytest.approx(
        (2342 + 120) / 1000
    )

    # Back online: the router's totals for the WAN resume, not from zero.
    simulator.set_wan_state(2, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert (
        sensor_value(hass, f"{serial}_wan2_downloaded")
        >= (last[f"{serial}_wan2_downloaded"])
    )
    assert sensor_value(hass, f"{serial}_wan2_download_rate") == 0.224


@pytest.mark.usefixtures("sim_clock")
async def test_connected_since(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Steady while connected; a new time after a reconnect; unknown while down."""
    unique_id = f"{serial}_wan1_connected_since"
    initial = state_of(hass, Platform.SENSOR, unique_id)
    connected_at = datetime.fromtimestamp(simulator.now() - 439609, UTC)
    assert dt_util.parse_datetime(initial.state) == connected_at
    for step in range(10):
        # The router's uptime reaches Home Assistant a second late, or not.
        simulator.advance(14 if step % 2 else 16)
        await async_poll(hass, freezer, 15)
        state = state_of(hass, Platform.SENSOR, unique_id)
        assert state.state == initial.state
        assert state.last_changed == initial.last_changed

    simulator.set_wan_state(1, "disconnected")
    simulator.set_wan_state(1, "connected")
    reconnected_at = datetime.fromtimestamp(simulator.now(), UTC)
    await async_poll(hass, freezer, 15, simulator)
    assert (
        dt_util.parse_datetime(state_of(hass, Platform.SENSOR, unique_id).state)
        == reconnected_at
    )
    for _ in range(3):
        await async_poll(hass, freezer, 15, simulator)
    assert (
        dt_util.parse_datetime(state_of(hass, Platform.SENSOR, unique_id).state)
        == reconnected_at
    )

    simulator.set_wan_state(1, "disconnected")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.SENSOR, unique_id).state == STATE_UNKNOWN
