"""Helpers of the device trackers' tests: the LAN clients and their trackers."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_HOME, STATE_NOT_HOME, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.profiles import load_profile
from tests.integration.common import async_poll, state_of

CLIENTS_POLL = 31  # seconds: one client poll (30 s) and a little
HEALTH_POLL = 61  # seconds: one location poll (60 s) and a little
DEFAULT_CONSIDER_HOME = 180


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


async def assert_away_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    tracker: str,
    away_after: float,
) -> None:
    """Home until the away time is nearly over; not_home just after it."""
    await async_poll(hass, freezer, away_after - 5)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_HOME
    await async_poll(hass, freezer, 10)
    assert state_of(hass, Platform.DEVICE_TRACKER, tracker).state == STATE_NOT_HOME
