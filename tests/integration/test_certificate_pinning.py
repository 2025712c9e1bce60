"""Entries from before pinning: pinned on their next successful connection."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    async_setup_integration,
    config_entry_for,
    entry_data,
    is_available,
    other_router_entry,
)
from tests.integration.flows import certificate_fingerprint


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensors are enough to see the router's state."""
    return [Platform.SENSOR]


@pytest.mark.usefixtures("tolerate_refused_handshakes")
async def test_unpinned_entry_is_pinned_at_setup(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    https_simulator: RouterSimulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    sim = https_simulator
    entry = config_entry_for(sim)
    assert CONF_CERTIFICATE_SHA256 not in entry.data

    assert await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert dict(entry.data) == {
        **entry_data(sim),
        CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex(),
    }
    # Storing the pin did not reload the entry: one sign-in.
    assert sim.logins == 1

    # From now on another certificate receives nothing.
    await sim.replace_certificate()
    sim.reset_counters()
    await async_poll(hass, freezer, WAN_POLL)
    assert not sim.request_log
    assert not is_available(hass, Platform.SENSOR, f"{entry.unique_id}_wan1_status")
    assert issue_registry.async_get_issue(
        DOMAIN, f"certificate_changed_{entry.entry_id}"
    )


async def test_http_entry_pins_nothing(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = config_entry_for(simulator)
    assert await async_setup_integration(hass, entry)
    assert dict(entry.data) == entry_data(simulator)


async def test_another_router_is_not_pinned(
    hass: HomeAssistant, https_simulator: RouterSimulator
) -> None:
    """The pin is stored only once the router answered as the entry's."""
    entry = other_router_entry(https_simulator)
    assert not await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert dict(entry.data) == entry_data(https_simulator)
