"""Sensor values of each profile, in their suggested units, and the devices they belong to."""

from __future__ import annotations

from datetime import UTC, datetime

from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import PROFILES, RouterSimulator
from tests.integration.common import (
    device_by_identifier,
    entity_id_of,
    is_available,
    is_registered,
    sensor_value,
    state_of,
)

# A WAN device's model: its type, as the router reports it, in words.
WAN_MODELS = {
    "cellular": "Cellular",
    "ethernet": "Ethernet",
    "gobi": "Cellular",
    "modem": "USB modem",
    "wifi": "Wi-Fi",
    "wireless": "Wi-Fi",
    "wovlan": "VLAN",
}


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["balance"])
async def test_balance_values(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Values of the Balance profile, converted to their suggested units."""
    rate = state_of(hass, Platform.SENSOR, f"{serial}_wan1_download_rate")
    assert float(rate.state) == pytest.approx(2342 / 1000)
    assert rate.attributes["unit_of_measurement"] == "Mbit/s"
    downloaded = state_of(hass, Platform.SENSOR, f"{serial}_wan1_downloaded")
    assert float(downloaded.state) == pytest.approx(150791 / 1000)
    assert downloaded.attributes["unit_of_measurement"] == "GB"
    assert downloaded.attributes["state_class"] == "total_increasing"
    assert sensor_value(hass, f"{serial}_lifetime_downloaded") == pytest.approx(
        208003 / 1000
    )
    assert sensor_value(hass, f"{serial}_lifetime_uploaded") == pytest.approx(
        116122 / 1000
    )
    # The router's rates are the sum of its connected WANs'.
    assert sensor_value(hass, f"{serial}_download_rate") == pytest.approx(
        (2342 + 224 + 120) / 1000
    )
    temperature = state_of(hass, Platform.SENSOR, f"{serial}_temperature_1")
    assert float(temperature.state) == 37.0
    assert temperature.attributes["unit_of_measurement"] == "°C"
    assert sensor_value(hass, f"{serial}_fan_1_speed") == 0
    assert sensor_value(hass, f"{serial}_fan_2_speed") == 4300
    # Five of the six clients are active.
    assert sensor_value(hass, f"{serial}_connected_clients") == 5
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state == "connected"
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan4_status").state == "disabled"
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan1_ip_address").state
        == "10.10.10.101"
    )
    # A connected WAN's start: router time minus its uptime.
    since = state_of(hass, Platform.SENSOR, f"{serial}_wan1_connected_since")
    assert dt_util.parse_datetime(since.state) == datetime.fromtimestamp(
        simulator.now() - 439609, UTC
    )
    # A disabled WAN has no connection, traffic or address: nothing to measure.
    for key in ("connected_since", "download_rate", "downloaded", "ip_address"):
        assert not is_available(hass, Platform.SENSOR, f"{serial}_wan4_{key}"), key
    # No cellular WAN, no allowance, no GPS on this model.
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan1_carrier")
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_gps_speed")


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["max"])
async def test_max_values(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    serial: str,
) -> None:
    """Cellular radio, per-SIM allowance and GPS of the MAX profile."""
    rsrp = state_of(hass, Platform.SENSOR, f"{serial}_wan3_rsrp")
    assert float(rsrp.state) == -90
    assert rsrp.attributes["unit_of_measurement"] == "dBm"
    # Shown as the router reports them: "-90 dBm", not "-90.0 dBm"; dB in tenths.
    for key, precision in (("rssi", 0), ("rsrp", 0), ("rsrq", 1), ("sinr", 1)):
        entity_id = entity_id_of(hass, Platform.SENSOR, f"{serial}_wan3_{key}")
        registry_entry = entity_registry.async_get(entity_id)
        assert registry_entry is not None
        assert registry_entry.options["sensor"] == {
            "suggested_display_precision": precision
        }, key
    assert sensor_value(hass, f"{serial}_wan3_rsrq") == -8.0
    assert sensor_value(hass, f"{serial}_wan3_sinr") == 19.4
    assert sensor_value(hass, f"{serial}_wan3_rssi") == -63
    assert sensor_value(hass, f"{serial}_wan3_signal_level") == 5
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan3_carrier").state == "Carrier1"
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan4_carrier").state == "Carrier2"
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan3_bands").state
        == "LTE Band 1 (2100 MHz)"
    )
    usage = state_of(hass, Platform.SENSOR, f"{serial}_wan3_allowance_usage_sim1")
    assert float(usage.state) == pytest.approx(8123 / 1000)
    assert usage.attributes["unit_of_measurement"] == "GB"
    assert (
        usage.attributes["friendly_name"]
        == "Example Van MAX BR2 Pro Cellular 1 SIM 1 data used"
    )
    percent = state_of(hass, Platform.SENSOR, f"{serial}_wan3_allowance_percent_sim1")
    assert (
        percent.attributes["friendly_name"]
        == "Example Van MAX BR2 Pro Cellular 1 SIM 1 allowance used"
    )
    # The router rounds the percentage down.
    assert (
        sensor_value(hass, f"{serial}_wan3_allowance_percent_sim1")
        == 8123 * 100 // 10240
    )
    assert not is_registered(
        hass, Platform.SENSOR, f"{serial}_wan4_allowance_usage_sim1"
    )
    assert sensor_value(hass, f"{serial}_temperature_1") == 48.5
    assert sensor_value(hass, f"{serial}_gps_altitude") == 55.1
    assert sensor_value(hass, f"{serial}_gps_heading") == 356.887
    # No fans on this model.
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_fan_1_speed")
    # Ethernet WANs have no radio.
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan1_rsrp")
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state == "disconnected"
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["legacy"])
async def test_legacy_values(
    hass: HomeAssistant,
    serial: str,
) -> None:
    """Legacy firmware: a standby cellular WAN, 3G signal, a flat allowance."""
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state == ("standby")
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_status").state == "connected"
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan1_carrier").state == "Carrier HK"
    )
    # Signal level and uptime come as strings on this firmware.
    assert sensor_value(hass, f"{serial}_wan2_signal_level") == 3
    assert sensor_value(hass, f"{serial}_wan2_rssi") == -77
    # A 3G band has no LTE measurements.
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_rsrp").state == STATE_UNKNOWN
    assert sensor_value(hass, f"{serial}_wan5_allowance_usage") == pytest.approx(
        1500 / 1000
    )
    assert sensor_value(hass, f"{serial}_wan5_allowance_percent") == 30
    assert sensor_value(hass, f"{serial}_temperature_1") == 52.0
    assert sensor_value(hass, f"{serial}_gps_speed") == 38.5
    # A standby WAN carries no traffic.
    assert sensor_value(hass, f"{serial}_wan1_download_rate") == 0


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_br1_5g_values(
    hass: HomeAssistant,
    serial: str,
) -> None:
    """The eSIM in use, a network type in dataTechnology only, Wi-Fi clients."""
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_active_sim").state == (
        "speedfusionConnect5gLte"
    )
    assert (
        state_of(hass, Platform.SENSOR, f"{serial}_wan2_network_type").state == "5G NSA"
    )
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_carrier").state == "Carrier3"
    assert sensor_value(hass, f"{serial}_wan2_signal_level") == 4
    # Three of the four clients are active, two of them on Wi-Fi.
    assert sensor_value(hass, f"{serial}_connected_clients") == 3
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan1_active_sim")


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_fusionhub_values(
    hass: HomeAssistant,
    serial: str,
) -> None:
    """A virtual router: traffic, but no fans, temperature, GPS or allowance."""
    assert sensor_value(hass, f"{serial}_wan1_upload_rate") == pytest.approx(
        51900 / 1000
    )
    assert sensor_value(hass, f"{serial}_lifetime_uploaded") == pytest.approx(
        1034567 / 1000
    )
    for missing in ("temperature_1", "fan_1_speed", "gps_speed"):
        assert not is_registered(hass, Platform.SENSOR, f"{serial}_{missing}")
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan1_allowance_usage")


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
        assert found.name == f"{device['name']} {wan.name}"
        assert found.model == WAN_MODELS[wan.type]
        assert found.via_device_id == router.id
