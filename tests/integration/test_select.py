"""Selects: the priority of each WAN."""

from __future__ import annotations

from homeassistant.components.select import DOMAIN as SELECT_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_OPTION,
    SERVICE_SELECT_OPTION,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import PROFILES, Fault, RouterSimulator
from tests.integration.common import entity_id_of, state_of
from tests.integration.platform_snapshot import async_snapshot_platform


@pytest.fixture
def platforms() -> list[Platform]:
    """The select platform only."""
    return [Platform.SELECT]


def priority(entry: MockConfigEntry, wan_id: int) -> str:
    """The unique ID of a WAN's priority select."""
    return f"{entry.unique_id}_wan{wan_id}_priority"


async def select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    """Call select.select_option and wait for it."""
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every select of every profile."""
    await async_snapshot_platform(hass, snapshot, init_integration)


async def test_select_priority(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router takes the priority, and the select shows it right after."""
    entity_id = entity_id_of(hass, Platform.SELECT, priority(init_integration, 1))
    assert simulator.state.wans[1].priority == 1
    assert state_of(hass, Platform.SELECT, priority(init_integration, 1)).state == "1"
    simulator.reset_counters()

    await select(hass, entity_id, "3")

    assert simulator.state.wans[1].priority == 3
    writes = [request for request in simulator.request_log if request.method == "POST"]
    assert [request.function for request in writes] == [
        "config.wan.connection.priority"
    ]
    assert writes[0].body["list"] == [{"connId": 1, "priority": 3}]
    # Shown from the router's answer to the refresh, without waiting for a poll.
    assert simulator.requests["status.wan.connection"] == 1
    assert state_of(hass, Platform.SELECT, priority(init_integration, 1)).state == "3"
    # WAN 2 keeps its priority.
    assert simulator.state.wans[2].priority == 1
    assert state_of(hass, Platform.SELECT, priority(init_integration, 2)).state == "1"


async def test_disabled_wan_priority_unknown(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
) -> None:
    """A disabled WAN (Balance WAN 4) has no priority."""
    wan4 = state_of(hass, Platform.SELECT, priority(init_integration, 4))
    assert wan4.state == STATE_UNKNOWN


async def test_refused_priority(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A refused write raises the router's message and changes nothing."""
    entity_id = entity_id_of(hass, Platform.SELECT, priority(init_integration, 1))
    simulator.inject(
        "config.wan.connection.priority", Fault.stat_fail(3, "invalid priority")
    )
    simulator.reset_counters()

    with pytest.raises(HomeAssistantError, match="invalid priority"):
        await select(hass, entity_id, "2")

    assert simulator.requests["config.wan.connection.priority"] == 1
    assert simulator.state.wans[1].priority == 1
    assert state_of(hass, Platform.SELECT, priority(init_integration, 1)).state == "1"


async def test_invalid_option_not_sent(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """An option outside 1-4 is refused by Home Assistant, not sent."""
    entity_id = entity_id_of(hass, Platform.SELECT, priority(init_integration, 1))
    simulator.reset_counters()
    with pytest.raises(HomeAssistantError):
        await select(hass, entity_id, "5")
    assert simulator.requests["config.wan.connection.priority"] == 0
