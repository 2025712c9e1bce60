"""SMS received: an event per new message, never one replayed, and the inbox count."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import Fault, RouterSimulator
from simulator.sms import receive_sms
from tests.integration.common import (
    async_poll,
    async_setup_integration,
    is_registered,
    state_of,
)
from tests.integration.platform_snapshot import async_snapshot_platform
from tests.integration.sms_events import (
    FIRST,
    SECOND,
    SMS_POLL,
    STORAGE_KEY,
    SmsEvents,
    event_entity,
    inbox_count,
    platforms as platforms,
    profile as profile,
)

# The router dates a message by its clock: Home Assistant's is the same, as
# on a real network (WAN 4's SIM is first seen empty).
pytestmark = pytest.mark.usefixtures("sim_clock")


@pytest.mark.parametrize("platforms", [[Platform.EVENT]])
@pytest.mark.parametrize("profile", ["br1_5g", "legacy", "max"])
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every SMS event of the profiles with a cellular WAN: one per such WAN."""
    await async_snapshot_platform(hass, snapshot, init_integration)


async def test_messages_in_the_inbox_at_first_setup_are_no_events(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    first = event_entity(hass, init_integration, FIRST)
    events = SmsEvents(hass, first)
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert (
        state_of(
            hass, Platform.EVENT, f"{init_integration.unique_id}_wan3_sms_received"
        ).state
        == STATE_UNKNOWN
    )
    assert events.received == []
    # Two messages: the multi-part one counts once.
    assert inbox_count(hass, init_integration, FIRST) == 2
    assert inbox_count(hass, init_integration, SECOND) == 0


async def test_new_sms_single_and_multi_part(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """One event per message, its parts joined in id order, with who and when."""
    first = SmsEvents(hass, event_entity(hass, init_integration, FIRST))
    second = SmsEvents(hass, event_entity(hass, init_integration, SECOND))

    sent_at = datetime.fromtimestamp(simulator.now(), UTC).isoformat()
    receive_sms(simulator.state, FIRST, "+4915112345678", "STATUS")
    receive_sms(
        simulator.state,
        SECOND,
        "Carrier",
        "Your code is 123456. It expires ",
        "in ten minutes.",
    )
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert first.received == [
        {
            "event_type": "received",
            "event_types": ["received"],
            "friendly_name": "Example Van MAX BR2 Pro Cellular 1 SMS received",
            "sender": "+4915112345678",
            "text": "STATUS",
            "received": sent_at,
            "sim": 1,
            # The lowest free slot of the SIM.
            "message_ids": [3],
        }
    ]
    assert second.texts() == ["Your code is 123456. It expires in ten minutes."]
    assert second.received[0]["message_ids"] == [1, 2]
    assert inbox_count(hass, init_integration, FIRST) == 3
    assert inbox_count(hass, init_integration, SECOND) == 1

    # Seen once: later polls announce nothing.
    for _ in range(3):
        await async_poll(hass, freezer, SMS_POLL, simulator)
    assert len(first.received) == len(second.received) == 1


async def test_several_messages_in_one_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Each is an event of its own, oldest first."""
    events = SmsEvents(hass, event_entity(hass, init_integration, SECOND))
    receive_sms(simulator.state, SECOND, "+111", "first")
    simulator.advance(5)
    receive_sms(simulator.state, SECOND, "+222", "second")
    receive_sms(simulator.state, SECOND, "+111", "third")

    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert events.texts() == ["first", "second", "third"]


async def test_one_request_a_minute_for_each_cellular_wan(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    simulator.reset_counters()
    for _ in range(10):
        await async_poll(hass, freezer, SMS_POLL, simulator)

    asked = [
        request.query["connId"]
        for request in simulator.request_log
        if request.function == "cmd.sms.get"
    ]
    assert sorted(asked) == sorted([str(FIRST), str(SECOND)] * 10)
    assert simulator.logins == 0


async def test_no_replay_after_reload_and_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """What was announced stays announced: a reload or a restart replays nothing."""
    entity_id = event_entity(hass, init_integration, FIRST)
    events = SmsEvents(hass, entity_id)
    receive_sms(simulator.state, FIRST, "+111", "once")
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["once"]
    announced = state_of(
        hass, Platform.EVENT, f"{init_integration.unique_id}_wan3_sms_received"
    )

    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["once"]

    # A restart: unloaded, then set up from what the store holds.
    stored = hass_storage[STORAGE_KEY.format(init_integration.entry_id)]["data"]
    assert stored["wan3/1111111111111"]["parts"] == [
        "1@1581774925",
        "2@1580867113",
        "3@1693680864",
        "6@1580867113",
    ]
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert events.texts() == ["once"]
    # The last event is still shown, as before.
    restored = hass.states.get(entity_id)
    assert restored is not None
    assert restored.state == announced.state
    assert restored.attributes["text"] == "once"


async def test_message_received_while_unloaded_is_announced(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """It is news, though it came before the setup: after the first state."""
    events = SmsEvents(hass, event_entity(hass, init_integration, FIRST))
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    receive_sms(simulator.state, FIRST, "+111", "while away")

    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()

    assert events.texts() == ["while away"]
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["while away"]


async def test_inbox_seen_before_this_install(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The store says which messages were seen: the others are news."""
    hass_storage[STORAGE_KEY.format(mock_config_entry.entry_id)] = {
        "version": 1,
        "key": STORAGE_KEY.format(mock_config_entry.entry_id),
        "data": {"wan3/1111111111111": ["1@1581774925"]},
    }
    mock_config_entry.add_to_hass(hass)
    events: list[str] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE):
            events.append(new.attributes["text"])

    hass.bus.async_listen("state_changed", record)
    assert await async_setup_integration(hass, mock_config_entry)

    assert events == ["Multipart message part 1Multipart message part 2"]


async def test_sim_swapped_and_id_reused(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Another SIM's inbox is not news; a new message in a deleted one's slot is."""
    events = SmsEvents(hass, event_entity(hass, init_integration, FIRST))
    inbox = simulator.state.sms[str(FIRST)]
    inbox["iccid"] = "8949000000000000001"
    inbox["sms"][0]["message"].append(
        {"id": 7, "timestamp": int(simulator.now()), "message": "On the new SIM"}
    )
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.received == []

    # Message 1 goes; a new message takes its id, at a later time.
    inbox["sms"].pop(0)
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert receive_sms(simulator.state, FIRST, "+111", "New in slot 1") == [1]
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert events.texts() == ["New in slot 1"]


async def test_router_without_sms(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Firmware that lacks cmd.sms.get: no SMS entities, asked again hourly only."""
    simulator.inject("cmd.sms.get", Fault.UNSUPPORTED)
    assert await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    serial = mock_config_entry.unique_id

    assert not is_registered(hass, Platform.EVENT, f"{serial}_wan3_sms_received")
    assert not is_registered(hass, Platform.SENSOR, f"{serial}_wan3_sms_inbox")
    # A sensor of the WAN from another endpoint is there.
    assert is_registered(hass, Platform.SENSOR, f"{serial}_wan3_status")
    simulator.reset_counters()
    for _ in range(30):
        await async_poll(hass, freezer, SMS_POLL, simulator)
    assert simulator.requests["cmd.sms.get"] == 0
    for _ in range(31):
        await async_poll(hass, freezer, SMS_POLL, simulator)
    # The hourly question, to each cellular WAN.
    assert simulator.requests["cmd.sms.get"] == 2


@pytest.mark.parametrize("profile", ["balance", "fusionhub"])
async def test_router_without_cellular_wan(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    assert hass.states.async_entity_ids(Platform.EVENT) == []
    assert simulator.requests["cmd.sms.get"] == 0


async def test_removing_the_entry_forgets_the_messages_seen(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    init_integration: MockConfigEntry,
) -> None:
    key = STORAGE_KEY.format(init_integration.entry_id)
    assert key in hass_storage

    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()

    assert key not in hass_storage


async def test_inbox_read_empty_once_replays_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A SIM not ready may list nothing for a poll: its messages are not news after."""
    events = SmsEvents(hass, event_entity(hass, init_integration, FIRST))
    inbox = simulator.state.sms[str(FIRST)]
    messages = inbox["sms"]
    inbox["sms"] = []
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert inbox_count(hass, init_integration, FIRST) == 0

    inbox["sms"] = messages
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert inbox_count(hass, init_integration, FIRST) == 2
    assert events.received == []


async def test_disabled_wan_inbox_not_read(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Its modem is off: its SMS entities are unavailable, the other WAN's are not."""
    simulator.set_wan_state(FIRST, "disabled")
    await async_poll(hass, freezer, SMS_POLL, simulator)
    simulator.reset_counters()
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert [
        request.query["connId"]
        for request in simulator.request_log
        if request.function == "cmd.sms.get"
    ] == [str(SECOND)]
    serial = init_integration.unique_id
    assert state_of(hass, Platform.EVENT, f"{serial}_wan3_sms_received").state == (
        STATE_UNAVAILABLE
    )
    assert state_of(hass, Platform.SENSOR, f"{serial}_wan3_sms_inbox").state == (
        STATE_UNAVAILABLE
    )
    assert inbox_count(hass, init_integration, SECOND) == 0
