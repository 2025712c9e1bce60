"""Sessions on the router: closed on unload, and a busy sign-in is no wrong password."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.api import SIGN_IN_MAX_RETRY_DELAY, PeplinkClient
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    async_setup_integration,
    is_available,
    state_of,
)

RELOADS = 50


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensors are enough to see the router's state."""
    return [Platform.SENSOR]


def reauth_flows(hass: HomeAssistant) -> list[object]:
    """The reauthentication flows in progress."""
    return [
        flow
        for flow in hass.config_entries.flow.async_progress()
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


async def test_reloads_leave_one_session(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    assert simulator.live_sessions == 1

    for _ in range(RELOADS):
        assert await hass.config_entries.async_reload(entry.entry_id)
        assert entry.state is ConfigEntryState.LOADED
        assert simulator.live_sessions == 1

    assert await hass.config_entries.async_unload(entry.entry_id)
    assert simulator.live_sessions == 0
    assert simulator.requests["logout"] == RELOADS + 1
    assert simulator.failed_logins == 0


async def test_stopping_home_assistant_logs_out(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """Home Assistant stops without unloading entries: the session ends anyway."""
    assert simulator.live_sessions == 1

    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()

    assert simulator.live_sessions == 0
    assert simulator.requests["logout"] == 1


async def test_busy_sign_in_is_retried_without_reauthentication(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    status = f"{entry.unique_id}_wan1_status"
    simulator.expire_sessions()
    simulator.inject("login", Fault.stat_fail(None, "System busy"))
    simulator.reset_counters()

    for _ in range(8):  # two minutes
        await async_poll(hass, freezer, WAN_POLL)
    assert not is_available(hass, Platform.SENSOR, status)
    assert entry.state is ConfigEntryState.LOADED
    assert reauth_flows(hass) == []
    # Not a sign-in every poll: after each failure the next one waits longer
    # (at 15, 30, 60 and 120 s).
    assert simulator.requests["login"] == 4

    simulator.clear_faults()
    await async_poll(hass, freezer, SIGN_IN_MAX_RETRY_DELAY)
    await async_poll(hass, freezer, WAN_POLL)
    assert state_of(hass, Platform.SENSOR, status).state == "connected"
    assert reauth_flows(hass) == []
    assert simulator.failed_logins == 0


async def test_too_many_sessions_at_setup_is_retried(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    http_session: object,
) -> None:
    """The router's sessions are all taken (by the web admin, say): try later."""
    simulator.max_sessions = 1
    someone = PeplinkClient(
        simulator.host, ADMIN, port=simulator.port, https=simulator.https
    )
    async with someone:
        await someone.login()

        assert not await async_setup_integration(hass, mock_config_entry)
        assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
        assert reauth_flows(hass) == []

        await someone.logout()
    await async_poll(hass, freezer, 60)

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert simulator.live_sessions == 1
