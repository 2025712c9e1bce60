"""What no other Peplink integration does, end to end, as one user session.

On the BR1 5G profile (from real captures: an eSIM, one SSID, no allowance
monitor at setup, firmware without `cmd.sms.delete`), through Home Assistant
only: SMS arrive as events and are not replayed after a reload; a recipient
added as a subentry gets `notify.send_message` as `cmd.sms.sendMessage`; the
preferred SIM and a Wi-Fi network are switched; an allowance monitor started
on the router gets its entities without a reload; and the router is asked at
most 20 times a minute, without a sign-in.
"""

from __future__ import annotations

from collections import Counter

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import (
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_OPTION,
    SERVICE_TURN_OFF,
    STATE_OFF,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.subentry_flow import SUBENTRY_SMS_RECIPIENT
from simulator import RouterSimulator
from simulator.changes import add_allowance
from simulator.sms import receive_sms
from tests.integration.budget import DURATION, MAX_REQUESTS_A_MINUTE, STEP
from tests.integration.common import (
    async_poll,
    entity_id_of,
    is_registered,
    sensor_value,
    state_of,
)
from tests.integration.sms_events import SmsEvents
from tests.integration.sms_recipients import send_message

CELLULAR = 2
SSID = 1
SMS_POLL = 60  # seconds
RECHECK = 3600  # seconds: a kind of data the router had nothing of, asked again


@pytest.fixture
def profile() -> str:
    """The router the issue's features were not written against."""
    return "br1_5g"


@pytest.mark.usefixtures("sim_clock", "entity_registry_enabled_by_default")
async def test_a_session_with_every_new_capability(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """SMS in and out, SIM and Wi-Fi switched, a monitor followed, on budget."""
    entry = init_integration

    # Incoming SMS: one event per message, a multi-part one joined.
    events = SmsEvents(
        hass, entity_id_of(hass, Platform.EVENT, f"{serial}_wan2_sms_received")
    )
    receive_sms(simulator.state, CELLULAR, "+4915112345678", "STATUS")
    receive_sms(
        simulator.state, CELLULAR, "Carrier", "Your code is 123456. ", "Valid 10 min."
    )
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["STATUS", "Your code is 123456. Valid 10 min."]
    assert [event["sender"] for event in events.received] == [
        "+4915112345678",
        "Carrier",
    ]
    # The message that was on the SIM at setup, and these two.
    assert sensor_value(hass, f"{serial}_wan2_sms_inbox") == 3

    # Reloaded: nothing replayed.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert len(events.received) == 2

    # An SMS recipient, added as the UI does, is a notify entity.
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_SMS_RECIPIENT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"name": "Skipper", "number": "+49 151 9999 9999"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    (subentry_id,) = entry.subentries
    simulator.reset_counters()
    await send_message(
        hass,
        entity_id_of(hass, Platform.NOTIFY, f"{serial}_sms_recipient_{subentry_id}"),
        "Bilge pump running",
        title="Boat",
    )
    assert simulator.requests["cmd.sms.sendMessage"] == 1
    assert simulator.state.sent_sms[-1] == {
        "connId": CELLULAR,
        "address": "+4915199999999",
        "content": "Boat: Bilge pump running",
    }

    # The preferred SIM and the Wi-Fi network, switched; shown as the router reads.
    preferred_sim = f"{serial}_wan2_preferred_sim"
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {
            ATTR_ENTITY_ID: entity_id_of(hass, Platform.SELECT, preferred_sim),
            ATTR_OPTION: "sim_b",
        },
        blocking=True,
    )
    assert simulator.state.profile["sim_preferences"]["2"]["preferredSim"] == 2
    assert state_of(hass, Platform.SELECT, preferred_sim).state == "sim_b"

    wifi = f"{serial}_ssid_{SSID}"
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: entity_id_of(hass, Platform.SWITCH, wifi)},
        blocking=True,
    )
    assert simulator.state.profile["ssid_profiles"][str(SSID)]["enable"] is False
    assert state_of(hass, Platform.SWITCH, wifi).state == STATE_OFF

    # An allowance monitor started on the router: its sensors, with no reload.
    runtime = entry.runtime_data
    usage = f"{serial}_wan2_allowance_usage"
    assert not is_registered(hass, Platform.SENSOR, usage)
    # No traffic meanwhile: the usage stays as set.
    simulator.set_rates(CELLULAR, 0, 0)
    add_allowance(simulator.state, CELLULAR, limit_mb=4000, usage_mb=1000)
    simulator.reset_counters()
    await async_poll(hass, freezer, RECHECK, simulator)
    assert sensor_value(hass, usage) == 1.0
    assert sensor_value(hass, f"{serial}_wan2_allowance_percent") == 25
    assert entry.runtime_data is runtime
    assert simulator.logins == 0

    # And all of it within the budget: at most 20 requests a minute, no sign-in.
    simulator.reset_counters()
    per_minute: Counter[int] = Counter()
    for elapsed in range(STEP, DURATION + 1, STEP):
        await async_poll(hass, freezer, STEP, simulator)
        per_minute[(elapsed - 1) // 60] += len(simulator.request_log)
        simulator.request_log.clear()
    assert simulator.logins == 0
    assert max(per_minute.values()) <= MAX_REQUESTS_A_MINUTE, per_minute
    assert simulator.requests["cmd.sms.get"] == DURATION // SMS_POLL
    assert len(events.received) == 2
