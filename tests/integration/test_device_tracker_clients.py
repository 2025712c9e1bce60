"""Client trackers: one a LAN client, home while active, away after a while."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.device_tracker import CONF_CONSIDER_HOME
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from simulator import RouterSimulator
from tests.helpers import running_simulator
from tests.integration.common import (
    async_poll,
    async_setup_integration,
    config_entry_for,
    entity_id_of,
    is_registered,
    state_of,
)
from tests.integration.trackers import (
    CLIENTS_POLL,
    DEFAULT_CONSIDER_HOME,
    assert_away_after,
    client_trackers,
    client_unique_id,
    profile_clients,
)


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
    init_integration: MockConfigEntry,
) -> None:
    """Like every router integration's: created, but disabled until wanted."""
    serial = init_integration.unique_id
    assert serial is not None
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
    init_integration: MockConfigEntry,
) -> None:
    """Home until the away time has passed, with no further poll changing anything."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"  # nas, active
    tracker = client_unique_id(serial, mac)
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME

    # The away time runs from the poll that first reported the client inactive.
    await assert_away_after(hass, freezer, tracker, DEFAULT_CONSIDER_HOME)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_away_timer_alone_decides(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The state turns not_home when the away time ends, even with polling failing."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"
    tracker = client_unique_id(serial, mac)
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME
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
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_inactive_after_long_stable_period(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A client active for a long time stays home for the away time once it goes.

    Polls that report nothing new must still count as "seen active".
    """
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:01"
    tracker = client_unique_id(serial, mac)
    for _ in range(20):  # ten minutes of unchanged client lists
        await async_poll(hass, freezer, CLIENTS_POLL)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME

    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME
    await async_poll(hass, freezer, DEFAULT_CONSIDER_HOME)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_NOT_HOME


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("options", [{CONF_CONSIDER_HOME: 60}])
async def test_removed_client_away_after_consider_home_option(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A client the router forgets keeps its tracker, home for the configured time."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:03"  # phone
    tracker = client_unique_id(serial, mac)
    simulator.remove_client(mac)
    await async_poll(hass, freezer, CLIENTS_POLL)
    state = state_of(hass, Platform.DEVICE_TRACKER, tracker)
    assert state.state == STATE_HOME
    # No longer reported: no address, still its MAC.
    assert "ip" not in state.attributes
    assert state.attributes["mac"] == format_mac(mac)

    await assert_away_after(hass, freezer, tracker, 60)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_client_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """An inactive client that turns active is home at the next poll."""
    serial = init_integration.unique_id
    assert serial is not None
    mac = "02:00:00:00:01:04"  # printer, inactive
    tracker = client_unique_id(serial, mac)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_NOT_HOME
    simulator.set_client_active(mac, True)
    await async_poll(hass, freezer, CLIENTS_POLL)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME


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
    second = config_entry_for(max_simulator)
    assert await async_setup_integration(hass, second)
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
    assert state_of(hass, Platform.DEVICE_TRACKER, first_tracker).state == STATE_HOME
    assert (
        state_of(hass, Platform.DEVICE_TRACKER, second_tracker).state == STATE_NOT_HOME
    )
