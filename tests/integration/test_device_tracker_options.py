"""Which clients get a tracker: all, the Wi-Fi ones or none, as the options say."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import CONF_TRACK_CLIENTS
from simulator import RouterSimulator
from tests.integration.common import async_poll
from tests.integration.trackers import (
    CLIENTS_POLL,
    client_trackers,
    client_unique_id,
    profile_clients,
)


def wireless_trackers(serial: str) -> set[str]:
    """Unique IDs of the trackers of the balance profile's Wi-Fi clients."""
    return {
        client_unique_id(serial, client["mac"])
        for client in profile_clients("balance")
        if client["connectionType"] == "wireless"
    }


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
    serial: str,
) -> None:
    """Only Wi-Fi clients, also among those that appear later."""
    wireless = wireless_trackers(serial)
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
    serial: str,
) -> None:
    entry = init_integration
    hass.config_entries.async_update_entry(
        entry, options={CONF_TRACK_CLIENTS: "wireless"}
    )
    await hass.async_block_till_done()
    assert client_trackers(entity_registry, entry) == wireless_trackers(serial)
