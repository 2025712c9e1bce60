"""Binary sensors: WAN and SpeedFusion connectivity, and how it follows the router."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest

from simulator import PROFILES, RouterSimulator
from tests.integration.common import (
    async_poll,
    device_by_identifier,
    endpoint_failing,
    is_available,
    state_of,
    wan_unlisted,
)


def connectivity(hass: HomeAssistant, serial: str, key: str) -> str:
    """The state of the connectivity sensor of this key: on, off or unavailable."""
    return state_of(hass, Platform.BINARY_SENSOR, f"{serial}_{key}").state


@pytest.mark.parametrize("profile", PROFILES)
async def test_states_follow_profile(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """One connectivity sensor a WAN, on only while connected; one a VPN profile."""
    router_name = simulator.state.device["name"]
    for wan_id in simulator.state.wan_order:
        wan = simulator.state.wans[wan_id]
        state = state_of(
            hass, Platform.BINARY_SENSOR, f"{serial}_wan{wan_id}_connected"
        )
        expected = STATE_ON if wan.state == "connected" else STATE_OFF
        assert state.state == expected, wan.name
        assert state.attributes["device_class"] == "connectivity"
        assert (
            state.attributes["friendly_name"] == f"{router_name} {wan.name} Connected"
        )
    profiles = simulator.state.pepvpn["profile"]
    for profile_id in profiles["order"]:
        profile = profiles[str(profile_id)]
        state = state_of(hass, Platform.BINARY_SENSOR, f"{serial}_pepvpn_{profile_id}")
        expected = STATE_ON if profile["status"] == "CONNECTED" else STATE_OFF
        assert state.state == expected, profile["name"]
        assert state.attributes["friendly_name"].endswith(
            profile["name"]
            if profile["name"].startswith("SpeedFusion ")
            else f"SpeedFusion {profile['name']}"
        )
        assert "SpeedFusion SpeedFusion" not in state.attributes["friendly_name"]


@pytest.mark.parametrize("profile", ["legacy"])
async def test_standby_is_not_connected(hass: HomeAssistant, serial: str) -> None:
    assert connectivity(hass, serial, "wan1_connected") == STATE_OFF
    assert connectivity(hass, serial, "wan2_connected") == STATE_ON


async def test_wan_state_changes_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    assert connectivity(hass, serial, "wan2_connected") == STATE_ON
    for wan_state in ("standby", "connecting", "disconnected", "disabled"):
        simulator.set_wan_state(2, "connected")
        await async_poll(hass, freezer, 15, simulator)
        assert connectivity(hass, serial, "wan2_connected") == STATE_ON
        simulator.set_wan_state(2, wan_state)
        await async_poll(hass, freezer, 15, simulator)
        assert connectivity(hass, serial, "wan2_connected") == STATE_OFF, wan_state
    # A disabled WAN coming back.
    simulator.set_wan_state(4, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert connectivity(hass, serial, "wan4_connected") == STATE_ON


async def test_pepvpn_changes_after_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """SpeedFusion profiles are polled every minute."""
    profiles = simulator.state.pepvpn["profile"]
    profiles["1"]["status"] = "START"
    profiles["2"]["status"] = "CONNECTED"
    await async_poll(hass, freezer, 30, simulator)
    assert connectivity(hass, serial, "pepvpn_1") == STATE_ON
    await async_poll(hass, freezer, 30, simulator)
    assert connectivity(hass, serial, "pepvpn_1") == STATE_OFF
    assert connectivity(hass, serial, "pepvpn_2") == STATE_ON

    # A profile the router stops listing becomes unavailable.
    profiles["order"].remove(2)
    del profiles["2"]
    await async_poll(hass, freezer, 60, simulator)
    assert connectivity(hass, serial, "pepvpn_2") == STATE_UNAVAILABLE
    assert connectivity(hass, serial, "pepvpn_1") == STATE_OFF


async def test_failing_wan_endpoint(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """WAN connectivity goes unavailable with the WAN status; SpeedFusion stays."""
    async with endpoint_failing(
        hass, freezer, simulator, "status.wan.connection", 60, recovery=15
    ):
        assert connectivity(hass, serial, "wan1_connected") == STATE_UNAVAILABLE
        assert connectivity(hass, serial, "pepvpn_1") == STATE_ON
        # The traffic sensors have their own endpoint.
        assert is_available(hass, Platform.SENSOR, f"{serial}_wan1_download_rate")
    assert connectivity(hass, serial, "wan1_connected") == STATE_ON


async def test_failing_pepvpn_endpoint(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    async with endpoint_failing(hass, freezer, simulator, "status.pepvpn", 60):
        assert connectivity(hass, serial, "pepvpn_1") == STATE_UNAVAILABLE
        assert connectivity(hass, serial, "wan1_connected") == STATE_ON
    assert connectivity(hass, serial, "pepvpn_1") == STATE_ON


async def test_wan_no_longer_listed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    async with wan_unlisted(hass, freezer, simulator, 2):
        assert connectivity(hass, serial, "wan2_connected") == STATE_UNAVAILABLE
        assert connectivity(hass, serial, "wan1_connected") == STATE_ON


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_wan_added_later(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A WAN the router starts to report gets a connectivity sensor, no reload."""
    # The router reports an extra WAN: a copy of its only one under a new id.
    state = simulator.state
    original = state.wans[1]
    state.wans[2] = type(original)(
        id=2,
        fields={**original.fields, "name": "Second Uplink"},
        state="standby",
        priority=2,
        connected_since=None,
        download_mb=0.0,
        upload_mb=0.0,
        download_kbps=0.0,
        upload_kbps=0.0,
        details={name: dict(part) for name, part in original.details.items()},
        allowance=None,
    )
    state.wan_order.append(2)
    await async_poll(hass, freezer, 15, simulator)
    assert connectivity(hass, serial, "wan2_connected") == STATE_OFF
    device = device_by_identifier(device_registry, f"{serial}_wan2")
    router = device_by_identifier(device_registry, serial)
    assert device is not None
    assert router is not None
    assert device.name == "Example FusionHub Second Uplink"
    assert device.via_device_id == router.id

    simulator.set_wan_state(2, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert connectivity(hass, serial, "wan2_connected") == STATE_ON
