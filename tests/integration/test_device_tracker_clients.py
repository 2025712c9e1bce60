"""Client trackers: one a LAN client, home while active, away after a while."""

from __future__ import annotations

from collections.abc import AsyncIterator
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.device_tracker import CONF_CONSIDER_HOME
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import CONF_TRACK_CLIENTS, TrackClients
from simulator import RouterSimulator
from tests.helpers import running_simulator
from tests.integration.common import (
    async_add_router,
    async_poll,
    entity_id_of,
    is_registered,
    state_of,
)
from tests.integration.trackers import (
    CLIENTS_POLL,
    DEFAULT_CONSIDER_HOME,
    NAS,
    PHONE,
    PRINTER,
    assert_away_after,
    async_report_inactive,
    client_trackers,
    client_unique_id,
    profile_clients,
    tracker_state,
)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_one_tracker_per_client(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """By default every client gets a tracker: home when active, else not_home."""
    clients = profile_clients("balance")
    assert client_trackers(entity_registry, init_integration) == {
        client_unique_id(serial, client["mac"]) for client in clients
    }
    for client in clients:
        state = state_of(
            hass, Platform.DEVICE_TRACKER, client_unique_id(serial, client["mac"])
        )
        assert state.state == (STATE_HOME if client["active"] else STATE_NOT_HOME)
        assert state.attributes["mac"] == format_mac(client["mac"])
        assert state.attributes["ip"] == client["ip"]
        assert state.attributes["host_name"] == client["name"]
        assert state.attributes["source_type"] == "router"
        assert state.name == client["name"]


async def test_client_trackers_disabled_by_default(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    serial: str,
) -> None:
    """Like every router integration's: created, but disabled until wanted."""
    for client in profile_clients("balance"):
        entity_id = entity_id_of(
            hass, Platform.DEVICE_TRACKER, client_unique_id(serial, client["mac"])
        )
        registry_entry = entity_registry.async_get(entity_id)
        assert registry_entry is not None
        assert registry_entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_inactive_client_away_after_consider_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Home until the away time has passed, with no further poll changing anything."""
    tracker = await async_report_inactive(hass, freezer, simulator, serial, NAS)
    # The away time runs from the poll that first reported the client inactive.
    await assert_away_after(hass, freezer, tracker, DEFAULT_CONSIDER_HOME)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_away_timer_alone_decides(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The state turns not_home when the away time ends, even with polling failing."""
    tracker = await async_report_inactive(hass, freezer, simulator, serial, NAS)
    # No poll in between: only the scheduled away check runs.
    polls = simulator.requests["status.client"]
    with patch(
        "homeassistant.helpers.update_coordinator.DataUpdateCoordinator."
        "_handle_refresh_interval"
    ):
        await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME + 1)
    assert simulator.requests["status.client"] == polls
    assert tracker_state(hass, tracker) == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_inactive_after_long_stable_period(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A client active for a long time stays home for the away time once it goes.

    Polls that report nothing new must still count as "seen active".
    """
    for _ in range(20):  # ten minutes of unchanged client lists
        await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, client_unique_id(serial, NAS)) == STATE_HOME

    tracker = await async_report_inactive(hass, freezer, simulator, serial, NAS)
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert tracker_state(hass, tracker) == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("options", [{CONF_CONSIDER_HOME: 60}])
async def test_removed_client_away_after_consider_home_option(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A client the router forgets keeps its tracker, home for the configured time."""
    tracker = client_unique_id(serial, PHONE)
    simulator.remove_client(PHONE)
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = state_of(hass, Platform.DEVICE_TRACKER, tracker)
    assert state.state == STATE_HOME
    # No longer reported: no address, still its MAC.
    assert "ip" not in state.attributes
    assert state.attributes["mac"] == format_mac(PHONE)

    await assert_away_after(hass, freezer, tracker, 60)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """An inactive client that turns active is home at the next poll."""
    tracker = client_unique_id(serial, PRINTER)
    assert tracker_state(hass, tracker) == STATE_NOT_HOME
    simulator.set_client_active(PRINTER, True)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert tracker_state(hass, tracker) == STATE_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_new_client_without_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    mac = "02:00:00:00:09:09"
    tracker = client_unique_id(serial, mac)
    assert not is_registered(hass, Platform.DEVICE_TRACKER, tracker)
    logins = simulator.logins
    simulator.add_client(mac, name="guest-laptop", ip="192.168.50.99")
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = state_of(hass, Platform.DEVICE_TRACKER, tracker)
    assert state.state == STATE_HOME
    assert state.name == "guest-laptop"
    assert state.attributes["ip"] == "192.168.50.99"
    assert (
        len(client_trackers(entity_registry, init_integration))
        == len(profile_clients("balance")) + 1
    )
    # No reload: the session was kept.
    assert simulator.logins == logins


@pytest.fixture
async def max_simulator(socket_enabled: None) -> AsyncIterator[RouterSimulator]:
    """A second router, of another model."""
    async with running_simulator("max") as sim:
        yield sim


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
    second = await async_add_router(hass, max_simulator)
    await async_poll(hass, freezer, CLIENTS_POLL)

    assert init_integration.unique_id != second.unique_id
    assert init_integration.unique_id is not None
    assert second.unique_id is not None
    first_tracker = client_unique_id(init_integration.unique_id, mac)
    second_tracker = client_unique_id(second.unique_id, mac)
    assert entity_id_of(hass, Platform.DEVICE_TRACKER, first_tracker) != (
        entity_id_of(hass, Platform.DEVICE_TRACKER, second_tracker)
    )
    assert first_tracker in client_trackers(entity_registry, init_integration)
    assert second_tracker in client_trackers(entity_registry, second)
    # Both are live: one router forgetting the client leaves the other's home.
    max_simulator.remove_client(mac)
    await async_poll(hass, freezer, CLIENTS_POLL)
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert tracker_state(hass, first_tracker) == STATE_HOME
    assert tracker_state(hass, second_tracker) == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["br1_5g"])
@pytest.mark.parametrize("options", [{CONF_TRACK_CLIENTS: TrackClients.WIRELESS}])
async def test_wireless_only_tracks_clients_typed_wifi(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A MAX BR1 5G types its Wi-Fi clients "wifi": those are the wireless ones."""
    wifi = {
        client_unique_id(serial, client["mac"])
        for client in profile_clients("br1_5g")
        if client["connectionType"] == "wifi"
    }
    assert len(wifi) == 3
    assert client_trackers(entity_registry, init_integration) == wifi

    simulator.add_client("02:00:00:00:08:01", connection_type="ethernet")
    simulator.add_client("02:00:00:00:08:02", connection_type="wifi")
    await async_poll(hass, freezer, CLIENTS_POLL)

    assert client_trackers(entity_registry, init_integration) == wifi | {
        client_unique_id(serial, "02:00:00:00:08:02")
    }
