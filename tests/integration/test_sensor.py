"""Sensors: what each profile shows, how values change between polls, availability."""

from __future__ import annotations

from collections.abc import Generator
from datetime import UTC, datetime
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.const import DOMAIN
from simulator import Fault, RouterSimulator, payloads
from simulator.state import Wan as SimWan
from tests.integration.common import async_poll, device_by_identifier
from tests.integration.platform_snapshot import async_snapshot_platform

PROFILES = ["balance", "max", "fusionhub", "legacy"]
# kbps x seconds per MB, as the simulator (and Peplink's UI) counts.
KBPS_SECONDS_PER_MB = 8000


@pytest.fixture
def sensor_only() -> Generator[None]:
    """Set up the sensor platform only."""
    with patch("custom_components.peplink.PLATFORMS", [Platform.SENSOR]):
        yield


def sensor_state(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, unique_id: str
) -> State:
    """The state of the sensor with this unique ID."""
    entity_id = entity_registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)
    assert entity_id is not None, f"no sensor {unique_id}"
    state = hass.states.get(entity_id)
    assert state is not None, f"no state for {entity_id}"
    return state


def value(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, unique_id: str
) -> float:
    """The numeric state of a sensor."""
    return float(sensor_state(hass, entity_registry, unique_id).state)


@pytest.mark.usefixtures("sensor_only", "sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every sensor of every profile, those disabled by default included."""
    await async_snapshot_platform(hass, snapshot, init_integration)


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["balance"])
async def test_balance_values(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Values of the Balance profile, converted to their suggested units."""
    serial = init_integration.unique_id
    rate = sensor_state(hass, entity_registry, f"{serial}_wan1_download_rate")
    assert float(rate.state) == pytest.approx(2342 / 1000)
    assert rate.attributes["unit_of_measurement"] == "Mbit/s"
    downloaded = sensor_state(hass, entity_registry, f"{serial}_wan1_downloaded")
    assert float(downloaded.state) == pytest.approx(150791 / 1000)
    assert downloaded.attributes["unit_of_measurement"] == "GB"
    assert downloaded.attributes["state_class"] == "total_increasing"
    assert value(hass, entity_registry, f"{serial}_lifetime_downloaded") == (
        pytest.approx(208003 / 1000)
    )
    assert value(hass, entity_registry, f"{serial}_lifetime_uploaded") == (
        pytest.approx(116122 / 1000)
    )
    # The router's rates are the sum of its connected WANs'.
    assert value(hass, entity_registry, f"{serial}_download_rate") == pytest.approx(
        (2342 + 224 + 120) / 1000
    )
    temperature = sensor_state(hass, entity_registry, f"{serial}_temperature_1")
    assert float(temperature.state) == 37.0
    assert temperature.attributes["unit_of_measurement"] == "°C"
    assert value(hass, entity_registry, f"{serial}_fan_1_speed") == 0
    assert value(hass, entity_registry, f"{serial}_fan_2_speed") == 4300
    # Five of the six clients are active.
    assert value(hass, entity_registry, f"{serial}_connected_clients") == 5
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "connected"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan4_status").state == (
        "disabled"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_ip_address").state == (
        "10.10.10.101"
    )
    # A connected WAN's start: router time minus its uptime.
    since = sensor_state(hass, entity_registry, f"{serial}_wan1_connected_since")
    assert dt_util.parse_datetime(since.state) == datetime.fromtimestamp(
        simulator.now() - 439609, UTC
    )
    assert sensor_state(
        hass, entity_registry, f"{serial}_wan4_connected_since"
    ).state == (STATE_UNKNOWN)
    # Disabled WANs carry no traffic and have no counters yet.
    assert value(hass, entity_registry, f"{serial}_wan4_download_rate") == 0
    assert sensor_state(hass, entity_registry, f"{serial}_wan4_downloaded").state == (
        STATE_UNKNOWN
    )
    # No cellular WAN, no allowance, no GPS on this model.
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_wan1_carrier"
        )
        is None
    )
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_gps_speed"
        )
        is None
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["max"])
async def test_max_values(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Cellular radio, per-SIM allowance and GPS of the MAX profile."""
    serial = init_integration.unique_id
    rsrp = sensor_state(hass, entity_registry, f"{serial}_wan3_rsrp")
    assert float(rsrp.state) == -90
    assert rsrp.attributes["unit_of_measurement"] == "dBm"
    assert value(hass, entity_registry, f"{serial}_wan3_rsrq") == -8.0
    assert value(hass, entity_registry, f"{serial}_wan3_sinr") == 19.4
    assert value(hass, entity_registry, f"{serial}_wan3_rssi") == -63
    assert value(hass, entity_registry, f"{serial}_wan3_signal_level") == 5
    assert sensor_state(hass, entity_registry, f"{serial}_wan3_carrier").state == (
        "Carrier1"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan4_carrier").state == (
        "Carrier2"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan3_bands").state == (
        "LTE Band 1 (2100 MHz)"
    )
    usage = sensor_state(hass, entity_registry, f"{serial}_wan3_allowance_usage_sim1")
    assert float(usage.state) == pytest.approx(8123 / 1000)
    assert usage.attributes["unit_of_measurement"] == "GB"
    assert usage.attributes["friendly_name"] == "Cellular 1 SIM 1 allowance usage"
    # The router rounds the percentage down.
    assert value(hass, entity_registry, f"{serial}_wan3_allowance_percent_sim1") == (
        8123 * 100 // 10240
    )
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_wan4_allowance_usage_sim1"
        )
        is None
    )
    assert value(hass, entity_registry, f"{serial}_temperature_1") == 48.5
    assert value(hass, entity_registry, f"{serial}_gps_altitude") == 55.1
    assert value(hass, entity_registry, f"{serial}_gps_heading") == 356.887
    # No fans on this model.
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_fan_1_speed"
        )
        is None
    )
    # Ethernet WANs have no radio.
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_wan1_rsrp"
        )
        is None
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "disconnected"
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["legacy"])
async def test_legacy_values(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Legacy firmware: a standby cellular WAN, 3G signal, a flat allowance."""
    serial = init_integration.unique_id
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "standby"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan2_status").state == (
        "connected"
    )
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_carrier").state == (
        "Carrier HK"
    )
    # Signal level and uptime come as strings on this firmware.
    assert value(hass, entity_registry, f"{serial}_wan2_signal_level") == 3
    assert value(hass, entity_registry, f"{serial}_wan2_rssi") == -77
    # A 3G band has no LTE measurements.
    assert sensor_state(hass, entity_registry, f"{serial}_wan2_rsrp").state == (
        STATE_UNKNOWN
    )
    assert value(hass, entity_registry, f"{serial}_wan5_allowance_usage") == (
        pytest.approx(1500 / 1000)
    )
    assert value(hass, entity_registry, f"{serial}_wan5_allowance_percent") == 30
    assert value(hass, entity_registry, f"{serial}_temperature_1") == 52.0
    assert value(hass, entity_registry, f"{serial}_gps_speed") == 38.5
    # A standby WAN carries no traffic.
    assert value(hass, entity_registry, f"{serial}_wan1_download_rate") == 0


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_fusionhub_values(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """A virtual router: traffic, but no fans, temperature, GPS or allowance."""
    serial = init_integration.unique_id
    assert value(hass, entity_registry, f"{serial}_wan1_upload_rate") == (
        pytest.approx(51900 / 1000)
    )
    assert value(hass, entity_registry, f"{serial}_lifetime_uploaded") == (
        pytest.approx(1034567 / 1000)
    )
    for missing in ("temperature_1", "fan_1_speed", "gps_speed"):
        assert (
            entity_registry.async_get_entity_id(
                Platform.SENSOR, DOMAIN, f"{serial}_{missing}"
            )
            is None
        )
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_wan1_allowance_usage"
        )
        is None
    )


async def test_wan_standby_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    simulator.set_wan_state(2, "standby")
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_state(hass, entity_registry, f"{serial}_wan2_status").state == (
        "standby"
    )
    assert sensor_state(
        hass, entity_registry, f"{serial}_wan2_connected_since"
    ).state == (STATE_UNKNOWN)
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "connected"
    )


async def test_wan_disabled_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    simulator.set_wan_state(1, "disabled")
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "disabled"
    )
    # Dropped from the traffic report: no rate, last totals kept.
    assert value(hass, entity_registry, f"{serial}_wan1_download_rate") == 0
    assert value(hass, entity_registry, f"{serial}_wan1_downloaded") > 0


async def test_counters_advance_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Ten router minutes, then one traffic poll: totals grow by rate x time."""
    serial = init_integration.unique_id
    before = value(hass, entity_registry, f"{serial}_wan1_downloaded")
    assert before == pytest.approx(150791 / 1000)
    simulator.advance(600)
    await async_poll(hass, freezer, 15)
    # The router reports whole megabytes.
    expected_mb = int(150791 + 2342 * 600 / KBPS_SECONDS_PER_MB)
    assert value(hass, entity_registry, f"{serial}_wan1_downloaded") == (
        pytest.approx(expected_mb / 1000)
    )
    expected_up = int(109331 + 1634 * 600 / KBPS_SECONDS_PER_MB)
    assert value(hass, entity_registry, f"{serial}_wan1_uploaded") == (
        pytest.approx(expected_up / 1000)
    )
    lifetime = int(208003 + (2342 + 224 + 120) * 600 / KBPS_SECONDS_PER_MB)
    assert value(hass, entity_registry, f"{serial}_lifetime_downloaded") == (
        pytest.approx(lifetime / 1000)
    )


async def test_rates_change_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    simulator.set_rates(1, 50000, 8000)
    await async_poll(hass, freezer, 15, simulator)
    assert value(hass, entity_registry, f"{serial}_wan1_download_rate") == 50
    assert value(hass, entity_registry, f"{serial}_wan1_upload_rate") == 8
    assert value(hass, entity_registry, f"{serial}_download_rate") == pytest.approx(
        (50000 + 224 + 120) / 1000
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_fan_stops_and_temperature_changes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    assert value(hass, entity_registry, f"{serial}_fan_2_speed") == 4300
    simulator.set_fan(1, 0)
    simulator.set_temperature(0, 61.5)
    # Hardware is polled every minute: not yet after 30 seconds.
    await async_poll(hass, freezer, 30, simulator)
    assert value(hass, entity_registry, f"{serial}_fan_2_speed") == 4300
    await async_poll(hass, freezer, 30, simulator)
    assert value(hass, entity_registry, f"{serial}_fan_2_speed") == 0
    assert value(hass, entity_registry, f"{serial}_temperature_1") == 61.5
    assert value(hass, entity_registry, f"{serial}_fan_1_speed") == 0


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_signal_changes_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    band = simulator.state.wans[3].fields["cellular"]["rat"][0]["band"][0]
    band["signal"]["rsrp"] = -101
    simulator.state.wans[3].fields["cellular"]["carrier"]["name"] = "Roaming Partner"
    await async_poll(hass, freezer, 15, simulator)
    assert value(hass, entity_registry, f"{serial}_wan3_rsrp") == -101
    assert sensor_state(hass, entity_registry, f"{serial}_wan3_carrier").state == (
        "Roaming Partner"
    )


@pytest.mark.parametrize("profile", ["max"])
async def test_allowance_usage_grows(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    await async_poll(hass, freezer, 60, simulator)
    grown = int(8123 + (12500 + 2100) * 60 / KBPS_SECONDS_PER_MB)
    assert value(hass, entity_registry, f"{serial}_wan3_allowance_usage_sim1") == (
        pytest.approx(grown / 1000)
    )


async def test_counters_only_rise(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Across many polls, and after a WAN drops out of the traffic report."""
    serial = init_integration.unique_id
    counters = [
        f"{serial}_wan1_downloaded",
        f"{serial}_wan1_uploaded",
        f"{serial}_wan2_downloaded",
        f"{serial}_wan2_uploaded",
        f"{serial}_lifetime_downloaded",
        f"{serial}_lifetime_uploaded",
    ]
    first = {key: value(hass, entity_registry, key) for key in counters}
    last = dict(first)
    for _ in range(20):
        await async_poll(hass, freezer, 15, simulator)
        for key in counters:
            now = value(hass, entity_registry, key)
            assert now >= last[key], key
            last[key] = now
    for key in counters:
        assert last[key] > first[key], key

    # WAN 2 disconnects and drops out of the router's traffic report.
    simulator.set_wan_state(2, "disconnected")
    await async_poll(hass, freezer, 15, simulator)
    assert 2 not in payloads.traffic(simulator.state)["bandwidth"]["order"]
    for key in (f"{serial}_wan2_downloaded", f"{serial}_wan2_uploaded"):
        state = sensor_state(hass, entity_registry, key)
        assert state.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE), key
        assert float(state.state) == last[key], key
    assert value(hass, entity_registry, f"{serial}_wan2_download_rate") == 0
    assert value(hass, entity_registry, f"{serial}_wan2_upload_rate") == 0
    # It stays that way while it is down, and WAN 1 keeps counting.
    for _ in range(4):
        await async_poll(hass, freezer, 15, simulator)
    assert (
        value(hass, entity_registry, f"{serial}_wan2_downloaded")
        == (last[f"{serial}_wan2_downloaded"])
    )
    assert (
        value(hass, entity_registry, f"{serial}_wan1_downloaded")
        > (last[f"{serial}_wan1_downloaded"])
    )
    assert value(hass, entity_registry, f"{serial}_download_rate") == pytest.approx(
        (2342 + 120) / 1000
    )

    # Back online: the router's totals for the WAN resume, not from zero.
    simulator.set_wan_state(2, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert (
        value(hass, entity_registry, f"{serial}_wan2_downloaded")
        >= (last[f"{serial}_wan2_downloaded"])
    )
    assert value(hass, entity_registry, f"{serial}_wan2_download_rate") == 0.224


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("function", "interval", "failing", "others", "restored"),
    [
        (
            "status.traffic",
            15,
            [
                "wan1_download_rate",
                "wan1_downloaded",
                "download_rate",
                "lifetime_downloaded",
            ],
            [
                "wan1_status",
                "wan1_connected_since",
                "temperature_1",
                "connected_clients",
            ],
            ("wan1_download_rate", 2.342),
        ),
        (
            "status.system.info",
            60,
            ["fan_1_speed", "fan_2_speed", "temperature_1"],
            [
                "wan1_status",
                "wan1_download_rate",
                "lifetime_downloaded",
                "connected_clients",
            ],
            ("temperature_1", 37.0),
        ),
    ],
    ids=["traffic", "system_info"],
)
async def test_failing_endpoint(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    function: str,
    interval: int,
    failing: list[str],
    others: list[str],
    restored: tuple[str, float],
) -> None:
    """Only the sensors fed by the failing endpoint become unavailable, and come back."""
    serial = init_integration.unique_id
    failing = [f"{serial}_{key}" for key in failing]
    others = [f"{serial}_{key}" for key in others]
    simulator.inject(function, Fault.HTTP_500)
    await async_poll(hass, freezer, interval, simulator)
    assert simulator.requests[function] > 0
    for key in failing:
        assert sensor_state(hass, entity_registry, key).state == STATE_UNAVAILABLE, key
    for key in others:
        assert sensor_state(hass, entity_registry, key).state != STATE_UNAVAILABLE, key

    simulator.clear_faults()
    await async_poll(hass, freezer, interval, simulator)
    for key in failing:
        assert sensor_state(hass, entity_registry, key).state != STATE_UNAVAILABLE, key
    key, expected = restored
    assert value(hass, entity_registry, f"{serial}_{key}") == expected


@pytest.mark.usefixtures("sim_clock")
async def test_connected_since(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Steady while connected; a new time after a reconnect; unknown while down."""
    unique_id = f"{init_integration.unique_id}_wan1_connected_since"
    initial = sensor_state(hass, entity_registry, unique_id)
    connected_at = datetime.fromtimestamp(simulator.now() - 439609, UTC)
    assert dt_util.parse_datetime(initial.state) == connected_at
    for step in range(10):
        # The router's uptime reaches Home Assistant a second late, or not.
        simulator.advance(14 if step % 2 else 16)
        await async_poll(hass, freezer, 15)
        state = sensor_state(hass, entity_registry, unique_id)
        assert state.state == initial.state
        assert state.last_changed == initial.last_changed

    simulator.set_wan_state(1, "disconnected")
    simulator.set_wan_state(1, "connected")
    reconnected_at = datetime.fromtimestamp(simulator.now(), UTC)
    await async_poll(hass, freezer, 15, simulator)
    assert (
        dt_util.parse_datetime(sensor_state(hass, entity_registry, unique_id).state)
        == reconnected_at
    )
    for _ in range(3):
        await async_poll(hass, freezer, 15, simulator)
    assert (
        dt_util.parse_datetime(sensor_state(hass, entity_registry, unique_id).state)
        == reconnected_at
    )

    simulator.set_wan_state(1, "disconnected")
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_state(hass, entity_registry, unique_id).state == STATE_UNKNOWN


def add_sim_wan(simulator: RouterSimulator, wan_id: int, name: str) -> None:
    """Give the simulated router a new connected Ethernet WAN."""
    state = simulator.state
    state.wans[wan_id] = SimWan(
        id=wan_id,
        fields={
            "name": name,
            "type": "ethernet",
            "virtualType": "ethernet",
            "virtual": False,
            "ip": "198.51.100.9",
            "dns": ["198.51.100.1"],
            "mask": 24,
            "gateway": "198.51.100.1",
        },
        state="connected",
        priority=1,
        connected_since=state.now(),
        download_mb=100.0,
        upload_mb=20.0,
        download_kbps=3000.0,
        upload_kbps=500.0,
        details={
            name: {"download": 0, "upload": 0}
            for name in ("http", "https", "imap", "pop3", "smtp", "others")
        },
        allowance=None,
    )
    state.wan_order.append(wan_id)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_wan_added_later(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A WAN the router starts to report gets its device and sensors, no reload."""
    serial = init_integration.unique_id
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_wan2_status"
        )
        is None
    )
    add_sim_wan(simulator, 2, "Backup Fiber")
    await async_poll(hass, freezer, 15, simulator)
    await async_poll(hass, freezer, 15, simulator)

    assert sensor_state(hass, entity_registry, f"{serial}_wan2_status").state == (
        "connected"
    )
    assert value(hass, entity_registry, f"{serial}_wan2_download_rate") == 3
    assert value(hass, entity_registry, f"{serial}_wan2_downloaded") == pytest.approx(
        int(100 + 3000 * 30 / KBPS_SECONDS_PER_MB) / 1000
    )
    assert serial is not None
    router = device_by_identifier(device_registry, serial)
    assert router is not None
    wan = device_by_identifier(device_registry, f"{serial}_wan2")
    assert wan is not None
    assert wan.name == "Backup Fiber"
    assert wan.via_device_id == router.id
    # DeviceEntry.config_entries is deprecated from 2026.9, config_entry_id new.
    assert wan.id in {
        device.id
        for device in dr.async_entries_for_config_entry(
            device_registry, init_integration.entry_id
        )
    }
    # Status, IP address, connected since and the four traffic sensors.
    entries = er.async_entries_for_device(entity_registry, wan.id)
    assert len([entry for entry in entries if entry.domain == Platform.SENSOR]) == 7


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_wan_no_longer_listed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Sensors of a WAN the router stops listing become unavailable."""
    serial = init_integration.unique_id
    simulator.state.wan_order.remove(3)
    await async_poll(hass, freezer, 15, simulator)
    for key in ("status", "ip_address", "connected_since"):
        state = sensor_state(hass, entity_registry, f"{serial}_wan3_{key}")
        assert state.state == STATE_UNAVAILABLE, key
    assert sensor_state(hass, entity_registry, f"{serial}_wan1_status").state == (
        "connected"
    )

    # Listed again: available again, with its connection time.
    simulator.state.wan_order.insert(2, 3)
    await async_poll(hass, freezer, 15, simulator)
    assert sensor_state(hass, entity_registry, f"{serial}_wan3_status").state == (
        "connected"
    )
    since = sensor_state(hass, entity_registry, f"{serial}_wan3_connected_since")
    assert since.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


@pytest.mark.parametrize("profile", PROFILES)
async def test_devices(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router's device, and one device per WAN in the router's order."""
    device = simulator.state.device
    serial = device["serialNumber"]
    router = device_by_identifier(device_registry, serial)
    assert router is not None
    assert router.serial_number == serial
    assert router.model == device["model"]
    assert router.model_id == device["productCode"]
    assert router.manufacturer == "Peplink"
    assert router.name == device["name"]
    firmware = next(slot for slot in simulator.state.firmware if slot["inUse"])
    assert router.sw_version == firmware["version"]

    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert len(devices) == 1 + len(simulator.state.wan_order)
    for wan_id in simulator.state.wan_order:
        wan = simulator.state.wans[wan_id]
        found = device_by_identifier(device_registry, f"{serial}_wan{wan_id}")
        assert found is not None, wan.name
        assert found.name == wan.name
        assert found.model == wan.type
        assert found.via_device_id == router.id
