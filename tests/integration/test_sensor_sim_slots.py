"""The SIM slots of cellular WANs: active, standby or not detected."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.peplink.api import SimCard
from custom_components.peplink.sim_sensor import SimSlotState, slot_state
from simulator import RouterSimulator
from tests.integration.common import WAN_POLL, async_poll, is_registered, state_of


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensor platform only."""
    return [Platform.SENSOR]


def slot(serial: str, wan_id: int, key: str) -> str:
    """The unique ID of a WAN's SIM slot sensor."""
    return f"{serial}_wan{wan_id}_{key}"


@pytest.mark.parametrize(
    ("active", "detected", "status", "state"),
    [
        (True, True, "In Use", SimSlotState.ACTIVE),
        (False, True, "SIM Card Detected", SimSlotState.STANDBY),
        (False, False, None, SimSlotState.NOT_DETECTED),
        (None, None, "No SIM Card Detected", SimSlotState.NOT_DETECTED),
        # An eSIM slot says only whether it is in use.
        (False, None, None, SimSlotState.STANDBY),
        (None, True, None, SimSlotState.STANDBY),
        (None, None, None, None),
    ],
)
def test_slot_state(
    active: bool | None,
    detected: bool | None,
    status: str | None,
    state: SimSlotState | None,
) -> None:
    sim = SimCard(
        sim_id=1,
        active=active,
        detected=detected,
        status=status,
        imsi=None,
        iccid=None,
        apn=None,
    )
    assert slot_state(sim) is state


@pytest.mark.parametrize("profile", ["max"])
async def test_max_slots(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, serial: str
) -> None:
    """SIM A in use, no SIM in B, the SpeedFusion Connect eSIM standing by."""
    assert state_of(hass, Platform.SENSOR, slot(serial, 3, "sim_a")).state == "active"
    assert state_of(hass, Platform.SENSOR, slot(serial, 3, "sim_b")).state == (
        "not_detected"
    )
    esim = state_of(hass, Platform.SENSOR, slot(serial, 3, "esim"))
    assert esim.state == "standby"
    assert esim.attributes["options"] == ["active", "standby", "not_detected"]
    assert esim.name == "Example Van MAX BR2 Pro Cellular 1 eSIM"
    entry = entity_registry.async_get(esim.entity_id)
    assert entry is not None
    assert entry.entity_category is EntityCategory.DIAGNOSTIC
    # Ethernet WANs have no SIM.
    assert not is_registered(hass, Platform.SENSOR, slot(serial, 1, "sim_a"))


@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_br1_5g_on_its_esim(hass: HomeAssistant, serial: str) -> None:
    """The eSIM in use; the SIM in slot A stands by."""
    assert state_of(hass, Platform.SENSOR, slot(serial, 2, "esim")).state == "active"
    assert state_of(hass, Platform.SENSOR, slot(serial, 2, "sim_a")).state == "standby"
    assert state_of(hass, Platform.SENSOR, slot(serial, 2, "sim_b")).state == (
        "not_detected"
    )


@pytest.mark.parametrize("profile", ["legacy"])
async def test_legacy_slots_without_esim(hass: HomeAssistant, serial: str) -> None:
    """Firmware 7 reports slots A and B (under gobi), and no eSIM."""
    assert state_of(hass, Platform.SENSOR, slot(serial, 2, "sim_a")).state == "active"
    assert not is_registered(hass, Platform.SENSOR, slot(serial, 2, "esim"))


@pytest.mark.parametrize("profile", ["max"])
async def test_sim_switch_shows_at_the_next_wan_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """From the WAN status: no request of its own; a disabled WAN's are unavailable."""
    cellular = simulator.state.wans[3].fields["cellular"]
    cellular["sim"]["1"]["active"] = False
    cellular["sim"]["2"].update(active=True, simCardDetected=True)
    simulator.reset_counters()

    await async_poll(hass, freezer, WAN_POLL, simulator)

    assert state_of(hass, Platform.SENSOR, slot(serial, 3, "sim_a")).state == "standby"
    assert state_of(hass, Platform.SENSOR, slot(serial, 3, "sim_b")).state == "active"
    assert set(simulator.requests) <= {"status.wan.connection", "status.traffic"}

    simulator.state.set_wan_state(3, "disabled")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert state_of(hass, Platform.SENSOR, slot(serial, 3, "sim_a")).state == (
        STATE_UNAVAILABLE
    )
