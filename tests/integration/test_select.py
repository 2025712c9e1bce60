"""Selects: the priority of each WAN."""

from __future__ import annotations

from collections.abc import Generator

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
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.const import DOMAIN
from simulator import Fault, RouterSimulator
from tests.integration.common import state_of
from tests.integration.platform_snapshot import async_snapshot_platform

PROFILES = ["balance", "max", "fusionhub", "legacy"]


@pytest.fixture(autouse=True)
def select_only() -> Generator[None]:
    """Set up the select platform only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("custom_components.peplink.PLATFORMS", [Platform.SELECT])
        yield


def priority_select(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry, wan_id: int
) -> str:
    """The entity ID of a WAN's priority select."""
    entity_id = entity_registry.async_get_entity_id(
        Platform.SELECT, DOMAIN, f"{entry.unique_id}_wan{wan_id}_priority"
    )
    assert entity_id is not None
    return entity_id


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
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router takes the priority, and the select shows it right after."""
    entity_id = priority_select(entity_registry, init_integration, 1)
    assert simulator.state.wans[1].priority == 1
    assert state_of(hass, entity_id) == "1"
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
    assert state_of(hass, entity_id) == "3"
    # WAN 2 keeps its priority.
    assert simulator.state.wans[2].priority == 1
    assert state_of(hass, priority_select(entity_registry, init_integration, 2)) == "1"


async def test_disabled_wan_priority_unknown(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """A disabled WAN (Balance WAN 4) has no priority."""
    entity_id = priority_select(entity_registry, init_integration, 4)
    assert state_of(hass, entity_id) == STATE_UNKNOWN


async def test_refused_priority(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A refused write raises the router's message and changes nothing."""
    entity_id = priority_select(entity_registry, init_integration, 1)
    simulator.inject(
        "config.wan.connection.priority", Fault.stat_fail(3, "invalid priority")
    )
    simulator.reset_counters()

    with pytest.raises(HomeAssistantError, match="invalid priority"):
        await select(hass, entity_id, "2")

    assert simulator.requests["config.wan.connection.priority"] == 1
    assert simulator.state.wans[1].priority == 1
    assert state_of(hass, entity_id) == "1"


async def test_invalid_option_not_sent(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """An option outside 1-4 is refused by Home Assistant, not sent."""
    entity_id = priority_select(entity_registry, init_integration, 1)
    simulator.reset_counters()
    with pytest.raises(HomeAssistantError):
        await select(hass, entity_id, "5")
    assert simulator.requests["config.wan.connection.priority"] == 0
