"""Switches: enabling WANs, the Wi-Fi access point, refused and retried writes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.api import ApiClientCredentials
from simulator import PROFILES, Fault, RouterSimulator
from tests.constants import API_CLIENT, READ_ONLY_CLIENT
from tests.integration.common import (
    WAN_POLL,
    async_add_router,
    async_setup_integration,
    entity_id_of,
    is_available,
    is_registered,
    state_of,
    wan_unlisted,
)
from tests.integration.fault_matrix import (
    REQUEST_TIMEOUT,
    requests_in_flight,
    short_request_timeout,
)
from tests.integration.platform_snapshot import async_snapshot_platform

CONTROL_DOMAINS = (Platform.SWITCH, Platform.SELECT, Platform.BUTTON)


@pytest.fixture
def platforms() -> list[Platform]:
    """The platforms to set up; parametrize to add others."""
    return [Platform.SWITCH]


def posts(simulator: RouterSimulator) -> list[str]:
    """The functions the simulator received as POST (writes and commands)."""
    return [
        request.function
        for request in simulator.request_log
        if request.method == "POST" and request.function not in ("login", "logout")
    ]


async def switch(hass: HomeAssistant, service: str, unique_id: str) -> None:
    """Call switch.turn_on or switch.turn_off on a switch and wait for it."""
    entity_id = entity_id_of(hass, Platform.SWITCH, unique_id)
    await hass.services.async_call(
        Platform.SWITCH, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every switch of every profile."""
    await async_snapshot_platform(hass, snapshot, init_integration)


@pytest.mark.parametrize("platforms", [[Platform.SWITCH, Platform.SENSOR]])
async def test_turn_wan_off_and_on(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The router applies the change, and both entities show it right after."""
    wan1 = f"{serial}_wan1_enabled"
    wan1_status = f"{serial}_wan1_status"
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "connected"
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, wan1)

    assert not simulator.state.wans[1].enable
    assert simulator.state.wans[1].state == "disabled"
    assert posts(simulator) == ["config.wan.connection", "cmd.config.apply"]
    write = next(
        request
        for request in simulator.request_log
        if request.function == "config.wan.connection"
    )
    assert write.body["list"] == [{"id": 1, "enable": False}]
    # The entities show what the router reports after the write, without a poll.
    assert simulator.requests["status.wan.connection"] == 1
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_OFF
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "disabled"
    # Other WANs are untouched.
    assert simulator.state.wans[2].state == "connected"

    simulator.reset_counters()
    await switch(hass, SERVICE_TURN_ON, wan1)

    assert simulator.state.wans[1].enable
    assert simulator.state.wans[1].state == "connected"
    assert posts(simulator) == ["config.wan.connection", "cmd.config.apply"]
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "connected"
    assert simulator.logins == 0


async def test_poll_in_flight_during_a_write(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A WAN poll sent before a WAN is turned off does not undo what is shown.

    The router holds the poll while the write and the refresh after it go
    through, and the poll then times out: its outcome is from before the write,
    so the WAN status is read again rather than shown unavailable (or, had an
    old answer come, on again).
    """
    with short_request_timeout():
        assert await async_setup_integration(hass, mock_config_entry)
    wan = mock_config_entry.runtime_data.wan
    wan1 = f"{mock_config_entry.unique_id}_wan1_enabled"
    shown: list[str] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        if (new_state := event.data["new_state"]) is not None:
            shown.append(new_state.state)

    async_track_state_change_event(
        hass, [entity_id_of(hass, Platform.SWITCH, wan1)], record
    )
    simulator.inject("status.wan.connection", Fault.TIMEOUT, count=1)
    simulator.reset_counters()
    freezer.tick(timedelta(seconds=WAN_POLL))
    async_fire_time_changed(hass)
    held = await simulator.wait_held()

    turning_off = asyncio.ensure_future(switch(hass, SERVICE_TURN_OFF, wan1))
    # Until the write is done and the held poll is all that is left in flight
    # (newer Home Assistant holds the refresh after the write until the poll
    # ends): network I/O moves these on, with no event to wait for.
    while wan.writes == 0 or requests_in_flight(hass) > len(held):  # noqa: ASYNC110
        await asyncio.sleep(0)
    freezer.tick(timedelta(seconds=REQUEST_TIMEOUT))
    async_fire_time_changed(hass)
    await turning_off
    await hass.async_block_till_done(wait_background_tasks=True)
    simulator.release_held(held)

    assert simulator.state.wans[1].state == "disabled"
    assert shown == [STATE_OFF]
    assert wan.last_update_success
    # The held poll, its second read, and the refresh after the write.
    assert simulator.requests["status.wan.connection"] == 3
    assert not [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and wan.name in record.getMessage()
    ]


async def test_turn_on_a_disabled_wan(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A WAN disabled in the profile (Balance WAN 4) can be enabled."""
    wan4 = f"{serial}_wan4_enabled"
    assert state_of(hass, Platform.SWITCH, wan4).state == STATE_OFF

    await switch(hass, SERVICE_TURN_ON, wan4)

    assert simulator.state.wans[4].enable
    assert state_of(hass, Platform.SWITCH, wan4).state == STATE_ON


async def test_refused_write(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The router's refusal reaches the user; the write is not sent again."""
    wan1 = f"{serial}_wan1_enabled"
    simulator.inject("config.wan.connection", Fault.stat_fail(3, "invalid connId"))
    simulator.reset_counters()

    with pytest.raises(HomeAssistantError, match="invalid connId") as raised:
        await switch(hass, SERVICE_TURN_OFF, wan1)

    assert raised.value.translation_key == "write_failed"
    assert simulator.requests["config.wan.connection"] == 1
    assert simulator.requests["cmd.config.apply"] == 0
    assert simulator.logins == 0
    assert simulator.state.wans[1].enable
    assert simulator.state.pending_wan_config == {}
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON


async def test_write_after_session_expired(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A write the router refused for its session is sent once more after a login."""
    wan1 = f"{serial}_wan1_enabled"
    simulator.expire_sessions()
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, wan1)

    writes = [
        request.authenticated
        for request in simulator.request_log
        if request.function == "config.wan.connection"
    ]
    assert writes == [False, True]
    assert simulator.logins == 1
    assert simulator.requests["cmd.config.apply"] == 1
    assert simulator.state.wans[1].state == "disabled"
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_OFF


async def test_apply_refused(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A change the router did not apply does not linger to be applied later.

    Turning WAN 1 off fails at cmd.config.apply; turning WAN 4 on afterwards
    must not disable WAN 1 with it.
    """
    wan1 = f"{serial}_wan1_enabled"
    wan4 = f"{serial}_wan4_enabled"
    simulator.inject("cmd.config.apply", Fault.INTERNAL_ERROR, count=1)

    with pytest.raises(HomeAssistantError):
        await switch(hass, SERVICE_TURN_OFF, wan1)
    assert simulator.state.wans[1].enable
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON

    await switch(hass, SERVICE_TURN_ON, wan4)

    assert simulator.state.wans[4].enable
    assert simulator.state.wans[1].enable
    assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON


@pytest.mark.parametrize("profile", ["max"])
async def test_access_point(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The Wi-Fi AP switch turns the router's AP off and on."""
    access_point = f"{serial}_access_point"
    assert simulator.state.ap["enable"] is True
    assert state_of(hass, Platform.SWITCH, access_point).state == STATE_ON
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, access_point)
    assert simulator.state.ap["enable"] is False
    assert state_of(hass, Platform.SWITCH, access_point).state == STATE_OFF
    assert posts(simulator) == ["cmd.ap"]

    await switch(hass, SERVICE_TURN_ON, access_point)
    assert simulator.state.ap["enable"] is True
    assert state_of(hass, Platform.SWITCH, access_point).state == STATE_ON
    assert posts(simulator) == ["cmd.ap", "cmd.ap"]


@pytest.mark.parametrize("profile", ["balance", "fusionhub"])
async def test_no_access_point_switch(
    hass: HomeAssistant,
    serial: str,
) -> None:
    """No AP switch where the router has no AP (Balance) or no AP function."""
    assert not is_registered(hass, Platform.SWITCH, f"{serial}_access_point")
    # The WAN switches are there.
    entity_id_of(hass, Platform.SWITCH, f"{serial}_wan1_enabled")


@pytest.mark.parametrize(
    ("profile", "platforms"), [("max", [Platform.SWITCH, Platform.SENSOR])]
)
async def test_access_point_polled_after_write_only(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Turning the AP off refreshes the AP, not the WANs."""
    simulator.reset_counters()
    await switch(hass, SERVICE_TURN_OFF, f"{serial}_access_point")
    gets = [
        request.function for request in simulator.request_log if request.method == "GET"
    ]
    assert gets == ["cmd.ap"]


@pytest.mark.parametrize(
    ("profile", "platforms", "credentials", "controls"),
    [
        ("max", [*CONTROL_DOMAINS, Platform.SENSOR], READ_ONLY_CLIENT, False),
        ("max", [*CONTROL_DOMAINS, Platform.SENSOR], API_CLIENT, True),
    ],
    ids=["read-only", "read-write"],
)
async def test_read_only_api_client(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    credentials: ApiClientCredentials,
    controls: bool,
) -> None:
    """A read-only API client gets no controls and never asks for the AP."""
    entry = await async_add_router(hass, simulator, credentials)

    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    domains = {entity.domain for entity in entities}
    # Sensors are there either way.
    assert Platform.SENSOR in domains
    for domain in CONTROL_DOMAINS:
        assert (domain in domains) is controls, domain
    assert (simulator.requests["cmd.ap"] > 0) is controls
    assert not any(
        request.method == "POST" and request.function.startswith(("config.", "cmd."))
        for request in simulator.request_log
    )


async def test_wan_no_longer_listed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The switch of a WAN the router stops listing is unavailable until it is back."""
    wan3 = f"{serial}_wan3_enabled"
    wan1 = f"{serial}_wan1_enabled"
    async with wan_unlisted(hass, freezer, simulator, 3):
        assert not is_available(hass, Platform.SWITCH, wan3)
        assert state_of(hass, Platform.SWITCH, wan1).state == STATE_ON

    assert state_of(hass, Platform.SWITCH, wan3).state == STATE_ON
