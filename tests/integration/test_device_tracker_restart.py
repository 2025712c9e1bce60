"""Client trackers over a restart or an unload: kept, away, and quiet when unloaded."""

from __future__ import annotations

import asyncio

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, STATE_UNAVAILABLE, Platform
from homeassistant.core import HassJob, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator
from tests.integration.common import async_poll, entity_id_of, state_of
from tests.integration.trackers import (
    CLIENTS_POLL,
    DEFAULT_CONSIDER_HOME,
    NAS,
    OFFICE_LAPTOP,
    async_report_inactive,
    async_restart_without_client,
    client_trackers,
    client_unique_id,
    profile_clients,
    tracker_state,
)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_tracker_survives_restart(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A client that left while Home Assistant was down keeps its tracker, away."""
    entry = init_integration
    tracker = client_unique_id(serial, OFFICE_LAPTOP)
    name = state_of(hass, Platform.DEVICE_TRACKER, tracker).name
    await async_restart_without_client(hass, entry, simulator, OFFICE_LAPTOP)
    assert entry.state is ConfigEntryState.LOADED
    state = state_of(hass, Platform.DEVICE_TRACKER, tracker)
    assert state.state == STATE_NOT_HOME
    assert state.name == name
    assert len(client_trackers(entity_registry, entry)) == len(
        profile_clients("balance")
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_restored_tracker_client_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """The tracker kept over a restart follows its client when it returns."""
    tracker = client_unique_id(serial, OFFICE_LAPTOP)
    entity_id = entity_id_of(hass, Platform.DEVICE_TRACKER, tracker)
    await async_restart_without_client(hass, init_integration, simulator, OFFICE_LAPTOP)
    assert tracker_state(hass, tracker) == STATE_NOT_HOME

    simulator.add_client(
        OFFICE_LAPTOP, name="office-laptop", connection_type="wireless"
    )
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, tracker) == STATE_HOME
    # The same entity, not a second one.
    assert entity_id_of(hass, Platform.DEVICE_TRACKER, tracker) == entity_id
    assert len(hass.states.async_entity_ids(Platform.DEVICE_TRACKER)) == len(
        profile_clients("balance")
    )


def away_checks(hass: HomeAssistant) -> list[asyncio.TimerHandle]:
    """The trackers' scheduled away checks that have not run or been cancelled."""
    return [
        handle
        for handle in get_scheduled_timer_handles(hass.loop)
        if not handle.cancelled()
        and any(
            isinstance(arg, HassJob) and "_away_time_over" in repr(arg.target)
            for arg in handle._args  # type: ignore[attr-defined]
        )
    ]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unload_with_away_check_pending(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """Unloading cancels the pending away check: no state write afterwards."""
    tracker = await async_report_inactive(hass, freezer, simulator, serial, NAS)
    entity_id = entity_id_of(hass, Platform.DEVICE_TRACKER, tracker)
    assert len(away_checks(hass)) == 1
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert away_checks(hass) == []
    unloaded = hass.states.get(entity_id)
    assert unloaded is not None
    assert unloaded.state == STATE_UNAVAILABLE
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert hass.states.get(entity_id) == unloaded
