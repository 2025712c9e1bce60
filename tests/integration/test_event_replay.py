"""A SIM whose inbox is first read empty: its old messages are no events later.

A SIM not ready yet may list nothing for a poll (after setup, a SIM swap or a
switch of the preferred SIM), then the messages it holds: only those dated
from about when it was first seen are news.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.sms_seen import CLOCK_TOLERANCE
from simulator import RouterSimulator
from simulator.sms import receive_sms
from tests.integration.common import async_poll, async_setup_integration
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

# The max profile's cellular WANs: WAN 3's SIM holds two messages, dated
# years before the router's clock; WAN 4's holds none.
FIRST_SIM, SECOND_SIM = "wan3/1111111111111", "wan4/22222222"

# Home Assistant's clock starts at the router's.
pytestmark = pytest.mark.usefixtures("sim_clock")


def stored_sim(
    hass_storage: dict[str, Any], entry: MockConfigEntry, sim: str
) -> dict[str, Any]:
    """What the entry's store holds of a WAN's SIM."""
    data: dict[str, Any] = hass_storage[STORAGE_KEY.format(entry.entry_id)]["data"]
    return data[sim]


async def async_setup_first_read_empty(
    hass: HomeAssistant, simulator: RouterSimulator, entry: MockConfigEntry
) -> list[dict[str, Any]]:
    """Set the entry up while WAN 3's SIM lists nothing; the messages it holds."""
    inbox = simulator.state.sms[str(FIRST)]
    messages: list[dict[str, Any]] = inbox["sms"]
    inbox["sms"] = []
    assert await async_setup_integration(hass, entry)
    assert inbox_count(hass, entry, FIRST) == 0
    return messages


async def test_old_messages_after_an_empty_first_read_are_no_events(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The SIM lists its messages a poll later: none is news; a new one is."""
    first_seen = int(simulator.now())
    messages = await async_setup_first_read_empty(hass, simulator, mock_config_entry)
    events = SmsEvents(hass, event_entity(hass, mock_config_entry, FIRST))
    assert stored_sim(hass_storage, mock_config_entry, FIRST_SIM) == {
        "parts": [],
        "first_seen_empty": first_seen,
    }

    simulator.state.sms[str(FIRST)]["sms"] = messages
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert inbox_count(hass, mock_config_entry, FIRST) == 2
    assert events.received == []
    # Seen now: the time is needed no more.
    assert stored_sim(hass_storage, mock_config_entry, FIRST_SIM) == {
        "parts": ["1@1581774925", "2@1580867113", "6@1580867113"]
    }

    receive_sms(simulator.state, FIRST, "+111", "new")
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["new"]


@pytest.mark.parametrize(
    ("router_behind", "announced"),
    [
        (0, ["hello"]),
        (CLOCK_TOLERANCE // 2, ["hello"]),
        # The limitation the README tells of.
        (CLOCK_TOLERANCE + SMS_POLL, []),
    ],
    ids=["same clock", "router a little behind", "router far behind"],
)
async def test_message_to_a_sim_first_seen_empty(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    router_behind: int,
    announced: list[str],
) -> None:
    """A message within the poll after a SIM is first seen empty is news."""
    freezer.tick(timedelta(seconds=router_behind))
    assert await async_setup_integration(hass, mock_config_entry)
    events = SmsEvents(hass, event_entity(hass, mock_config_entry, SECOND))

    receive_sms(simulator.state, SECOND, "+111", "hello")
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert inbox_count(hass, mock_config_entry, SECOND) == 1
    assert events.texts() == announced


async def test_undated_message_to_a_sim_first_seen_empty_is_news(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    assert await async_setup_integration(hass, mock_config_entry)
    events = SmsEvents(hass, event_entity(hass, mock_config_entry, SECOND))

    simulator.state.sms[str(SECOND)]["sms"] = [
        {"sender": "+111", "message": [{"id": 1, "message": "undated"}]}
    ]
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert events.texts() == ["undated"]


async def test_first_seen_empty_survives_reload_and_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Stored: the old messages are no news after a reload or a restart either."""
    messages = await async_setup_first_read_empty(hass, simulator, mock_config_entry)
    events = SmsEvents(hass, event_entity(hass, mock_config_entry, FIRST))
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert "first_seen_empty" in stored_sim(hass_storage, mock_config_entry, FIRST_SIM)

    # A restart, the messages listed at the first read after it.
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    simulator.state.sms[str(FIRST)]["sms"] = messages
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, SMS_POLL, simulator)

    assert inbox_count(hass, mock_config_entry, FIRST) == 2
    assert events.received == []


async def test_inbox_stored_empty_by_version_1(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """An empty inbox stored before the time was: old messages are no news."""
    key = STORAGE_KEY.format(mock_config_entry.entry_id)
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {FIRST_SIM: [], SECOND_SIM: []},
    }
    assert await async_setup_integration(hass, mock_config_entry)
    entity_id = event_entity(hass, mock_config_entry, FIRST)
    events = SmsEvents(hass, entity_id)
    await async_poll(hass, freezer, SMS_POLL, simulator)
    # Not even at setup.
    assert hass.states.is_state(entity_id, STATE_UNKNOWN)
    assert events.received == []
    assert hass_storage[key]["version"] == 2

    receive_sms(simulator.state, FIRST, "+111", "new")
    await async_poll(hass, freezer, SMS_POLL, simulator)
    assert events.texts() == ["new"]
