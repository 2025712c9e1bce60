"""Helpers of the device trackers' tests: the LAN clients and their trackers."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator
from simulator.profiles import load_profile
from tests.integration.common import async_poll, state_of

CLIENTS_POLL = 31  # seconds: one client poll (30 s) and a little
HEALTH_POLL = 61  # seconds: one location poll (60 s) and a little
DEFAULT_CONSIDER_HOME = 180

# Clients of the balance profile, by their MAC address.
NAS = "02:00:00:00:01:01"  # active
OFFICE_LAPTOP = "02:00:00:00:01:02"  # active, on Wi-Fi
PHONE = "02:00:00:00:01:03"  # active, on Wi-Fi
PRINTER = "02:00:00:00:01:04"  # inactive


def profile_clients(profile: str) -> list[dict[str, Any]]:
    """The LAN clients of a profile, as the router would report them."""
    clients: list[dict[str, Any]] = load_profile(profile)["clients"]
    return clients


def client_unique_id(serial: str, mac: str) -> str:
    """The unique ID the integration gives a client's tracker."""
    return f"{serial}_client_{format_mac(mac)}"


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


def tracker_state(hass: HomeAssistant, tracker: str) -> str:
    """Whether a client's tracker, by its unique ID, is home or not_home."""
    return state_of(hass, Platform.DEVICE_TRACKER, tracker).state


async def async_report_inactive(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
    mac: str,
) -> str:
    """The router reports an active client inactive at the next poll.

    Its tracker is still home after that poll; its unique ID is returned.
    """
    simulator.set_client_active(mac, False)
    await async_poll(hass, freezer, CLIENTS_POLL)
    tracker = client_unique_id(serial, mac)
    assert tracker_state(hass, tracker) == STATE_HOME
    return tracker


async def async_restart_without_client(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    simulator: RouterSimulator,
    mac: str,
) -> None:
    """Unload the entry; the client leaves meanwhile; set the entry up again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    simulator.remove_client(mac)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def assert_away_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    tracker: str,
    away_after: float,
) -> None:
    """Home until the away time is nearly over; not_home just after it."""
    await async_poll(hass, freezer, away_after - 5)
    assert tracker_state(hass, tracker) == STATE_HOME
    await async_poll(hass, freezer, 10)
    assert tracker_state(hass, tracker) == STATE_NOT_HOME
