"""Sensors when an endpoint fails, a WAN appears, or the router stops listing one."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator
from simulator.state import Wan as SimWan
from tests.constants import KBPS_SECONDS_PER_MB
from tests.integration.common import (
    async_poll,
    device_by_identifier,
    endpoint_failing,
    is_available,
    is_registered,
    sensor_value,
    state_of,
    wan_unlisted,
)


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
    simulator: RouterSimulator,
    serial: str,
    function: str,
    interval: int,
    failing: list[str],
    others: list[str],
    restored: tuple[str, float],
) -> None:
    """Only the sensors fed by the failing endpoint become unavailable, and come back."""
    failing = [f"{serial}_{key}" for key in failing]
    others = [f"{serial}_{key}" for key in others]
    async with endpoint_failing(hass, freezer, simulator, function, interval):
        for key in failing:
            assert not is_available(hass, Platform.SENSOR, key), key
        for key in others:
            assert is_available(hass, Platform.SENSOR, key), key

    for key in failing:
        assert is_available(hass, Platform.SENSOR, key), key
    key, expected = restored
    assert sensor_value(hass, f"{serial}_{key}") == expected


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
    serial: str,
) -> None:
    """A WAN the router starts to report gets its device and sensors, no reload."""
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan2_status")
    add_sim_wan(simulator, 2, "Backup Fiber")
    await async_poll(hass, freezer, 15, simulator)
    await async_poll(hass, freezer, 15, simulator)

    assert state_of(hass, Platform.SENSOR, f"{serial}_wan2_status").state == "connected"
    assert sensor_value(hass, f"{serial}_wan2_download_rate") == 3
    assert sensor_value(hass, f"{serial}_wan2_downloaded") == pytest.approx(
        int(100 + 3000 * 30 / KBPS_SECONDS_PER_MB) / 1000
    )
    router = device_by_identifier(device_registry, serial)
    assert router is not None
    wan = device_by_identifier(device_registry, f"{serial}_wan2")
    assert wan is not None
    assert wan.name == "Example FusionHub Backup Fiber"
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
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Sensors of a WAN the router stops listing become unavailable."""
    async with wan_unlisted(hass, freezer, simulator, 3):
        for key in ("status", "ip_address", "connected_since"):
            assert not is_available(hass, Platform.SENSOR, f"{serial}_wan3_{key}"), key
        assert (
            state_of(hass, Platform.SENSOR, f"{serial}_wan1_status").state
            == "connected"
        )

    # Listed again: available again, with its connection time.
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan3_status").state == "connected"
    since = state_of(hass, Platform.SENSOR, f"{serial}_wan3_connected_since")
    assert since.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
