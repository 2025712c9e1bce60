"""Device trackers: the LAN clients the options ask for, and the router's GPS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator
from datetime import timedelta
import json
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.device_tracker import CONF_CONSIDER_HOME
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    STATE_HOME,
    STATE_NOT_HOME,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HassJob, HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.const import (
    CONF_TRACK_CLIENTS,
    CONF_TRACK_LOCATION,
    DOMAIN,
)
from simulator import RouterSimulator
from tests.conftest import new_simulator
from tests.integration.common import async_poll
from tests.integration.conftest import entry_data
from tests.integration.platform_snapshot import async_snapshot_platform

PROFILES_DIR = "simulator/profiles"
CLIENTS_POLL = 31  # seconds: one client poll (30 s) and a little
HEALTH_POLL = 61  # seconds: one location poll (60 s) and a little
DEFAULT_CONSIDER_HOME = 180


def profile_data(profile: str) -> dict[str, Any]:
    """The simulator's profile, as the router would report it."""
    with open(f"{PROFILES_DIR}/{profile}.json", encoding="utf-8") as file:
        return json.load(file)


def profile_clients(profile: str) -> list[dict[str, Any]]:
    """The LAN clients of a profile."""
    return profile_data(profile)["clients"]


@pytest.fixture
def tracker_only() -> Generator[None]:
    """Set up the device tracker platform only."""
    with patch("custom_components.peplink.PLATFORMS", [Platform.DEVICE_TRACKER]):
        yield


@pytest.fixture
def options() -> dict[str, Any]:
    """Options of the config entry; override or parametrize in a test."""
    return {}


@pytest.fixture
def mock_config_entry(
    simulator: RouterSimulator, options: dict[str, Any]
) -> MockConfigEntry:
    """A config entry for the simulated router, with the test's options."""
    device = simulator.state.device
    return MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator),
        options=options,
    )


def client_unique_id(serial: str, mac: str) -> str:
    """The unique ID the integration gives a client's tracker."""
    return f"{serial}_client_{format_mac(mac)}"


def tracker_entity_id(
    entity_registry: er.EntityRegistry, serial: str, mac: str
) -> str | None:
    """The entity ID of a client's tracker, None without one."""
    return entity_registry.async_get_entity_id(
        Platform.DEVICE_TRACKER, DOMAIN, client_unique_id(serial, mac)
    )


async def assert_away_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    serial: str,
    mac: str,
    away_after: float,
) -> None:
    """Home until the away time is nearly over; not_home just after it."""
    await async_poll(hass, freezer, away_after - 5)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME
    await async_poll(hass, freezer, 10)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_NOT_HOME


def tracker_state(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, serial: str, mac: str
) -> State:
    """The state of a client's tracker, which must exist."""
    entity_id = tracker_entity_id(entity_registry, serial, mac)
    assert entity_id is not None, f"no tracker of {mac}"
    state = hass.states.get(entity_id)
    assert state is not None, f"no state of {entity_id}"
    return state


def client_trackers(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> set[str]:
    """Unique IDs of the entry's client trackers."""
    return {
        registry_entry.unique_id
        for registry_entry in er.async_entries_for_config_entry(
            entity_registry, entry.entry_id
        )
        if registry_entry.domain == Platform.DEVICE_TRACKER
        and "_client_" in registry_entry.unique_id
    }


# Client trackers


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_one_tracker_per_client(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """By default every client gets a tracker: home when active, else not_home."""
    serial = init_integration.unique_id
    assert serial is not None
    clients = profile_clients("balance")
    assert client_trackers(entity_registry, init_integration) == {
        client_unique_id(serial, client["mac"]) for client in clients
    }
    for client in clients:
        state = tracker_state(hass, entity_registry, serial, client["mac"])
        assert state.state == (STATE_HOME if client["active"] else STATE_NOT_HOME)
        assert state.attributes["mac"] == format_mac(client["mac"])
        assert state.attributes["ip"] == client["ip"]
        assert state.attributes["host_name"] == client["name"]
        assert state.attributes["source_type"] == "router"
        assert state.name == client["name"]


async def test_client_trackers_disabled_by_default(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Like every router integration's: created, but disabled until wanted."""
    serial = init_integration.unique_id
    assert serial is not None
    for client in profile_clients("balance"):
        entity_id = tracker_entity_id(entity_registry, serial, client["mac"])
        assert entity_id is not None
        registry_entry = entity_registry.async_get(entity_id)
        assert registry_entry is not None
        assert registry_entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


@pytest.mark.usefixtures("tracker_only")
@pytest.mark.parametrize("profile", ["balance", "max"])
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every tracker of the Balance (clients) and MAX (clients and GPS) profiles."""
    await async_snapshot_platform(hass, snapshot, init_integration)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_inactive_client_away_after_consider_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Home until the away time has passed, with no further poll changing anything."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"  # nas, active
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME

    # The away time runs from the poll that first reported the client inactive.
    await assert_away_after(
        hass, freezer, entity_registry, serial, mac, DEFAULT_CONSIDER_HOME
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_away_timer_alone_decides(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The state turns not_home when the away time ends, even with polling failing."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    entity_id = tracker_entity_id(entity_registry, serial, mac)
    assert entity_id is not None
    assert hass.states.get(entity_id).state == STATE_HOME  # type: ignore[union-attr]
    # No poll in between: only the scheduled away check runs.
    polls = simulator.requests["status.client"]
    freezer.tick(timedelta(seconds=DEFAULT_CONSIDER_HOME + 1))
    with patch(
        "homeassistant.helpers.update_coordinator.DataUpdateCoordinator."
        "_handle_refresh_interval"
    ):
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    assert simulator.requests["status.client"] == polls
    assert hass.states.get(entity_id).state == STATE_NOT_HOME  # type: ignore[union-attr]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_inactive_after_long_stable_period(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A client active for a long time stays home for the away time once it goes.

    Polls that report nothing new must still count as "seen active".
    """
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"
    for _ in range(20):  # ten minutes of unchanged client lists
        await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME

    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("options", [{CONF_CONSIDER_HOME: 60}])
async def test_removed_client_away_after_consider_home_option(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A client the router forgets keeps its tracker, home for the configured time."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:03"  # phone
    simulator.remove_client(mac)
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = tracker_state(hass, entity_registry, serial, mac)
    assert state.state == STATE_HOME
    # No longer reported: no address, still its MAC.
    assert "ip" not in state.attributes
    assert state.attributes["mac"] == format_mac(mac)

    await assert_away_after(hass, freezer, entity_registry, serial, mac, 60)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """An inactive client that turns active is home at the next poll."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:04"  # printer, inactive
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_NOT_HOME
    simulator.set_client_active(mac, True)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_new_client_without_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:09:09"
    assert tracker_entity_id(entity_registry, serial, mac) is None
    logins = simulator.logins
    simulator.add_client(mac, name="guest-laptop", ip="192.168.50.99")
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = tracker_state(hass, entity_registry, serial, mac)
    assert state.state == STATE_HOME
    assert state.name == "guest-laptop"
    assert state.attributes["ip"] == "192.168.50.99"
    assert len(client_trackers(entity_registry, init_integration)) == (
        len(profile_clients("balance")) + 1
    )
    # No reload: the session was kept.
    assert simulator.logins == logins


@pytest.fixture
async def max_simulator(socket_enabled: None) -> AsyncIterator[RouterSimulator]:
    """A second router, of another model."""
    sim = new_simulator("max")
    await sim.start(host="127.0.0.1", port=0)
    yield sim
    await sim.stop()


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_same_client_on_two_routers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    max_simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Each router's tracker of the same MAC is its own entity."""
    mac = "02:00:00:00:07:07"
    simulator.add_client(mac, name="roaming-phone", connection_type="wireless")
    max_simulator.add_client(mac, name="roaming-phone", connection_type="wireless")
    device = max_simulator.state.device
    second = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(max_simulator),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, CLIENTS_POLL)

    assert init_integration.unique_id != second.unique_id
    assert init_integration.unique_id is not None
    assert second.unique_id is not None
    first_id = tracker_entity_id(entity_registry, init_integration.unique_id, mac)
    second_id = tracker_entity_id(entity_registry, second.unique_id, mac)
    assert first_id is not None
    assert second_id is not None
    assert first_id != second_id
    assert client_unique_id(init_integration.unique_id, mac) in client_trackers(
        entity_registry, init_integration
    )
    assert client_unique_id(second.unique_id, mac) in client_trackers(
        entity_registry, second
    )
    # Both are live: one router forgetting the client leaves the other's home.
    max_simulator.remove_client(mac)
    await async_poll(hass, freezer, CLIENTS_POLL)
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert hass.states.get(first_id).state == STATE_HOME  # type: ignore[union-attr]
    assert hass.states.get(second_id).state == STATE_NOT_HOME  # type: ignore[union-attr]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_tracker_survives_restart(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A client that left while Home Assistant was down keeps its tracker, away."""
    entry = init_integration
    serial = entry.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:02"  # office-laptop
    name = tracker_state(hass, entity_registry, serial, mac).name
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    simulator.remove_client(mac)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    state = tracker_state(hass, entity_registry, serial, mac)
    assert state.state == STATE_NOT_HOME
    assert state.name == name
    assert len(client_trackers(entity_registry, entry)) == len(
        profile_clients("balance")
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_restored_tracker_client_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The tracker kept over a restart follows its client when it returns."""
    entry = init_integration
    serial = entry.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:02"
    entity_id = tracker_entity_id(entity_registry, serial, mac)
    assert await hass.config_entries.async_unload(entry.entry_id)
    simulator.remove_client(mac)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_NOT_HOME

    simulator.add_client(mac, name="office-laptop", connection_type="wireless")
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, entity_registry, serial, mac).state == STATE_HOME
    # The same entity, not a second one.
    assert tracker_entity_id(entity_registry, serial, mac) == entity_id
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
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Unloading cancels the pending away check: no state write afterwards."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = tracker_state(hass, entity_registry, serial, mac)
    assert state.state == STATE_HOME
    assert len(away_checks(hass)) == 1
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert away_checks(hass) == []
    unloaded = hass.states.get(state.entity_id)
    assert unloaded is not None
    assert unloaded.state == STATE_UNAVAILABLE
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert hass.states.get(state.entity_id) == unloaded


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("options", [{CONF_TRACK_CLIENTS: "none"}])
async def test_track_none(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    assert client_trackers(entity_registry, init_integration) == set()
    assert hass.states.async_entity_ids(Platform.DEVICE_TRACKER) == []


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_track_none_removes_earlier_trackers(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    assert len(client_trackers(entity_registry, entry)) == len(
        profile_clients("balance")
    )
    hass.config_entries.async_update_entry(entry, options={CONF_TRACK_CLIENTS: "none"})
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert client_trackers(entity_registry, entry) == set()
    assert hass.states.async_entity_ids(Platform.DEVICE_TRACKER) == []


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("options", [{CONF_TRACK_CLIENTS: "wireless"}])
async def test_track_wireless(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Only Wi-Fi clients, also among those that appear later."""
    serial = init_integration.unique_id
    assert serial is not None
    wireless = {
        client_unique_id(serial, client["mac"])
        for client in profile_clients("balance")
        if client["connectionType"] == "wireless"
    }
    assert wireless
    assert client_trackers(entity_registry, init_integration) == wireless

    simulator.add_client("02:00:00:00:08:01", connection_type="ethernet")
    simulator.add_client("02:00:00:00:08:02", connection_type="wireless")
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert client_trackers(entity_registry, init_integration) == wireless | {
        client_unique_id(serial, "02:00:00:00:08:02")
    }


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_track_wireless_removes_wired_trackers(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    serial = entry.unique_id
    assert serial is not None
    hass.config_entries.async_update_entry(
        entry, options={CONF_TRACK_CLIENTS: "wireless"}
    )
    await hass.async_block_till_done()
    assert client_trackers(entity_registry, entry) == {
        client_unique_id(serial, client["mac"])
        for client in profile_clients("balance")
        if client["connectionType"] == "wireless"
    }


# The router's GPS


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_tracker(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The MAX's position from the profile; far from Home Assistant's home."""
    gps = profile_data("max")["gps"]["location"]
    entity_id = entity_registry.async_get_entity_id(
        Platform.DEVICE_TRACKER, DOMAIN, f"{init_integration.unique_id}_location"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_NOT_HOME
    assert state.attributes["latitude"] == gps["latitude"]
    assert state.attributes["longitude"] == gps["longitude"]
    # HDOP 1 at about five metres per unit.
    assert state.attributes["gps_accuracy"] == round(gps["hdop"] * 5)
    assert state.attributes["source_type"] == "gps"


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_tracker_home(
    hass: HomeAssistant,
    simulator: RouterSimulator,
) -> None:
    """With Home Assistant's home at the router's position, the router is home."""
    gps = profile_data("max")["gps"]["location"]
    await hass.config.async_update(latitude=gps["latitude"], longitude=gps["longitude"])
    await hass.async_block_till_done()
    device = simulator.state.device
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity_id = er.async_get(hass).async_get_entity_id(
        Platform.DEVICE_TRACKER, DOMAIN, f"{entry.unique_id}_location"
    )
    assert entity_id is not None
    assert hass.states.get(entity_id).state == STATE_HOME  # type: ignore[union-attr]


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_loses_fix(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Without a fix the position is unknown, and comes back with the fix."""
    serial = init_integration.unique_id
    entity_id = entity_registry.async_get_entity_id(
        Platform.DEVICE_TRACKER, DOMAIN, f"{serial}_location"
    )
    assert entity_id is not None
    simulator.set_gps_fix(False)
    await async_poll(hass, freezer, HEALTH_POLL)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_UNKNOWN
    assert "latitude" not in state.attributes
    assert "longitude" not in state.attributes
    for key in ("gps_speed", "gps_heading", "gps_altitude"):
        sensor_id = entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_{key}"
        )
        assert sensor_id is not None
        assert hass.states.get(sensor_id).state == STATE_UNKNOWN  # type: ignore[union-attr]

    simulator.set_gps_fix(True)
    await async_poll(hass, freezer, HEALTH_POLL)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_NOT_HOME
    assert (
        state.attributes["latitude"]
        == profile_data("max")["gps"]["location"]["latitude"]
    )


@pytest.mark.parametrize(
    ("profile", "options"), [("max", {CONF_TRACK_LOCATION: False})]
)
async def test_location_tracking_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """No tracker, no GPS sensors, and the router is never asked where it is."""
    serial = init_integration.unique_id
    assert init_integration.state is ConfigEntryState.LOADED
    for _ in range(5):
        await async_poll(hass, freezer, HEALTH_POLL)
    assert simulator.requests["info.location"] == 0
    # The polling did run.
    assert simulator.requests["status.wan.connection"] > 5
    assert (
        entity_registry.async_get_entity_id(
            Platform.DEVICE_TRACKER, DOMAIN, f"{serial}_location"
        )
        is None
    )
    for key in ("gps_speed", "gps_heading", "gps_altitude"):
        assert (
            entity_registry.async_get_entity_id(
                Platform.SENSOR, DOMAIN, f"{serial}_{key}"
            )
            is None
        )


@pytest.mark.parametrize("profile", ["max"])
async def test_gps_sensors_on_max(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    gps = profile_data("max")["gps"]["location"]
    serial = init_integration.unique_id
    expected = {
        "gps_speed": (gps["speed"], "km/h"),
        "gps_heading": (gps["heading"], "°"),
        "gps_altitude": (gps["altitude"], "m"),
    }
    for key, (number, unit) in expected.items():
        sensor_id = entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{serial}_{key}"
        )
        assert sensor_id is not None, key
        state = hass.states.get(sensor_id)
        assert state is not None
        assert float(state.state) == pytest.approx(number, abs=0.01)
        assert state.attributes["unit_of_measurement"] == unit


async def test_no_gps_on_balance(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The Balance lacks the location endpoint: no tracker, no GPS sensors."""
    serial = init_integration.unique_id
    assert (
        entity_registry.async_get_entity_id(
            Platform.DEVICE_TRACKER, DOMAIN, f"{serial}_location"
        )
        is None
    )
    for key in ("gps_speed", "gps_heading", "gps_altitude"):
        assert (
            entity_registry.async_get_entity_id(
                Platform.SENSOR, DOMAIN, f"{serial}_{key}"
            )
            is None
        )
    asked = simulator.requests["info.location"]
    assert asked <= 1
    await async_poll(hass, freezer, HEALTH_POLL)
    assert simulator.requests["info.location"] == asked
