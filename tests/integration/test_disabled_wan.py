"""A disabled WAN: its device shows its status and controls, not a wall of unknowns.

What a WAN has only while enabled (an address, a connection, traffic, a signal)
is unavailable while it is disabled, as Home Assistant shows a value that cannot
exist now; its status, connectivity, controls and allowance stay, and every
value comes back when the WAN is enabled again.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from simulator import RouterSimulator
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    device_by_identifier,
    entity_id_of,
    sensor_value,
    state_of,
)

# What the MAX profile's Cellular 1 (WAN 3) still shows while disabled.
SHOWN_WHILE_DISABLED = {
    "wan3_status": "disabled",
    "wan3_connected": STATE_OFF,
    "wan3_enabled": STATE_OFF,
    # A disabled WAN has no priority; the control stays to set one.
    "wan3_priority": STATE_UNKNOWN,
    "wan3_reset_cellular_module": STATE_UNKNOWN,
    "wan3_rescan_cellular_network": STATE_UNKNOWN,
    "wan3_new_billing_cycle_sim1": STATE_UNKNOWN,
    # A setting: the WAN keeps it while disabled.
    "wan3_preferred_sim": "sim_a",
    # The billing cycle's figures remain.
    "wan3_allowance_usage_sim1": "8.123",
    "wan3_allowance_percent_sim1": str(float(8123 * 100 // 10240)),
}


def wan_entities(
    hass: HomeAssistant, serial: str, wan_id: int
) -> dict[str, tuple[str, str]]:
    """The state of every entity of a WAN's device, by unique ID without the serial."""
    device = device_by_identifier(dr.async_get(hass), f"{serial}_wan{wan_id}")
    assert device is not None
    states: dict[str, tuple[str, str]] = {}
    for registry_entry in er.async_entries_for_device(er.async_get(hass), device.id):
        state = hass.states.get(registry_entry.entity_id)
        assert state is not None, registry_entry.entity_id
        key = registry_entry.unique_id.removeprefix(f"{serial}_")
        states[key] = (registry_entry.domain, state.state)
    return states


async def set_enabled(hass: HomeAssistant, serial: str, enabled: bool) -> None:
    """Turn the WAN 3 switch on or off, as from its device page."""
    await hass.services.async_call(
        Platform.SWITCH,
        SERVICE_TURN_ON if enabled else SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: entity_id_of(hass, Platform.SWITCH, f"{serial}_wan3_enabled")},
        blocking=True,
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "sim_clock")
@pytest.mark.parametrize("profile", ["max"])
async def test_disabled_wan_shows_status_and_controls(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Disabled from its switch: measurements go unavailable at once, and come back."""
    before = wan_entities(hass, serial, 3)
    assert set(SHOWN_WHILE_DISABLED) < set(before)
    assert all(state != STATE_UNAVAILABLE for _, state in before.values())
    simulator.reset_counters()

    await set_enabled(hass, serial, False)

    # No traffic poll yet: the traffic sensors follow the WAN status too.
    assert simulator.requests["status.traffic"] == 0
    disabled = wan_entities(hass, serial, 3)
    assert {
        key: state
        for key, (_, state) in disabled.items()
        if key in SHOWN_WHILE_DISABLED
    } == SHOWN_WHILE_DISABLED
    unavailable = {
        key for key, (_, state) in disabled.items() if state == STATE_UNAVAILABLE
    }
    assert unavailable == set(disabled) - set(SHOWN_WHILE_DISABLED)
    # The address, the connection, the traffic and the radio, all sensors.
    assert {
        "wan3_ip_address",
        "wan3_connected_since",
        "wan3_download_rate",
        "wan3_downloaded",
        "wan3_signal_level",
        "wan3_rsrp",
        "wan3_carrier",
        "wan3_network_type",
        "wan3_active_sim",
    } <= unavailable
    # Sensors, and the SMS event: a disabled WAN's inbox is not read.
    assert {disabled[key][0] for key in unavailable} == {
        Platform.SENSOR,
        Platform.EVENT,
    }
    # The other WANs are untouched.
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan4_rsrp").state == "-76.0"

    # Still so after polls of every endpoint.
    await async_poll(hass, freezer, 60, simulator)
    assert wan_entities(hass, serial, 3) == disabled

    await set_enabled(hass, serial, True)
    await async_poll(hass, freezer, WAN_POLL, simulator)

    enabled = wan_entities(hass, serial, 3)
    assert set(enabled) == set(before)
    # The inbox is read again at its next poll, within a minute.
    sms = {"wan3_sms_received", "wan3_sms_inbox"}
    assert {
        key for key, (_, state) in enabled.items() if state == STATE_UNAVAILABLE
    } == sms
    await async_poll(hass, freezer, 45, simulator)
    enabled = wan_entities(hass, serial, 3)
    assert all(state != STATE_UNAVAILABLE for _, state in enabled.values())
    assert enabled["wan3_status"][1] == "connected"
    assert enabled["wan3_connected"][1] == STATE_ON
    assert sensor_value(hass, f"{serial}_wan3_rsrp") == -90
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan3_carrier").state == (
        "Carrier1"
    )
    assert sensor_value(hass, f"{serial}_wan3_download_rate") > 0


@pytest.mark.parametrize("profile", ["balance"])
async def test_disabled_at_setup(hass: HomeAssistant, serial: str) -> None:
    """A WAN disabled when Home Assistant starts (Balance WAN 4) shows the same."""
    states = wan_entities(hass, serial, 4)
    assert states.pop("wan4_status") == (Platform.SENSOR, "disabled")
    assert states.pop("wan4_connected") == (Platform.BINARY_SENSOR, STATE_OFF)
    assert states.pop("wan4_enabled") == (Platform.SWITCH, STATE_OFF)
    assert states.pop("wan4_priority") == (Platform.SELECT, STATE_UNKNOWN)
    assert states
    assert all(state == STATE_UNAVAILABLE for _, state in states.values())
