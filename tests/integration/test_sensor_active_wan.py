"""The Active WAN sensor, and the sensors of a Wi-Fi WAN: from the WAN status."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import Event, HomeAssistant, callback
import pytest

from simulator import RouterSimulator
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    entity_id_of,
    is_registered,
    state_of,
)

WAN_FUNCTION = "status.wan.connection"


def active_wan(hass: HomeAssistant, serial: str) -> tuple[str, list[str]]:
    """The Active WAN's state and its list of connected WANs."""
    state = state_of(hass, Platform.SENSOR, f"{serial}_active_wan")
    return state.state, state.attributes["connected"]


@pytest.mark.parametrize("profile", ["max"])
async def test_active_wan_follows_failover(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The best connected WAN, one write per change, and no request of its own."""
    entity_id = entity_id_of(hass, Platform.SENSOR, f"{serial}_active_wan")
    writes: list[Event] = []

    @callback
    def record(event: Event) -> None:
        if event.data["entity_id"] == entity_id:
            writes.append(event)

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    # WAN 1 and 2 (priority 1) are down; both cellular WANs (priority 2) are up.
    assert active_wan(hass, serial) == ("Cellular 1", ["Cellular 1", "Cellular 2"])
    simulator.reset_counters()

    simulator.set_wan_state(1, "connected")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert active_wan(hass, serial) == (
        "WAN 1",
        ["WAN 1", "Cellular 1", "Cellular 2"],
    )
    assert len(writes) == 1

    # Nothing changed: no write.
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert len(writes) == 1

    # The wired WAN fails: back on cellular.
    simulator.set_wan_state(1, "disconnected")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert active_wan(hass, serial) == ("Cellular 1", ["Cellular 1", "Cellular 2"])
    assert len(writes) == 2

    # Only the list changes: one write too.
    simulator.set_wan_state(4, "standby")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert active_wan(hass, serial) == ("Cellular 1", ["Cellular 1"])
    assert len(writes) == 3

    simulator.set_wan_state(3, "disconnected")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert active_wan(hass, serial) == (STATE_UNKNOWN, [])
    assert len(writes) == 4

    # One WAN status request a poll: the sensor asks nothing of its own.
    assert simulator.requests[WAN_FUNCTION] == 5
    assert simulator.logins == 0


@pytest.mark.parametrize("profile", ["legacy"])
async def test_wifi_wan_sensors(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The network a Wi-Fi WAN joined and its signal; none for other WANs."""
    ssid = f"{serial}_wan5_wifi_ssid"
    signal = f"{serial}_wan5_wifi_signal"
    assert state_of(hass, Platform.SENSOR, ssid).state == "Depot Wi-Fi"
    state = state_of(hass, Platform.SENSOR, signal)
    assert float(state.state) == -61
    assert state.attributes["unit_of_measurement"] == "dBm"
    assert state.attributes["device_class"] == "signal_strength"
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan2_wifi_ssid")

    wireless = simulator.state.wan(5).fields["wireless"]
    wireless["ssid"] = "Harbour Wi-Fi"
    wireless["signal"]["strength"] = -72
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert state_of(hass, Platform.SENSOR, ssid).state == "Harbour Wi-Fi"
    assert float(state_of(hass, Platform.SENSOR, signal).state) == -72

    simulator.set_wan_state(5, "disabled")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert state_of(hass, Platform.SENSOR, ssid).state == STATE_UNAVAILABLE
    assert state_of(hass, Platform.SENSOR, signal).state == STATE_UNAVAILABLE


@pytest.mark.parametrize("profile", ["max"])
async def test_wifi_wan_without_detail(hass: HomeAssistant, serial: str) -> None:
    """A disabled Wi-Fi WAN, which reports no detail, has them unavailable."""
    for key in ("wifi_ssid", "wifi_signal"):
        state = state_of(hass, Platform.SENSOR, f"{serial}_wan6_{key}")
        assert state.state == STATE_UNAVAILABLE
