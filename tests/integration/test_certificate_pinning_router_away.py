"""An entry from before pinning whose router is away at setup: pinned once it is back."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256
from simulator import RouterSimulator
from tests.integration.common import (
    async_poll,
    async_setup_integration,
    config_entry_for,
    state_of,
)
from tests.integration.flows import pins_presented_certificate


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensors are enough to see the router's state."""
    return [Platform.SENSOR]


async def test_unpinned_entry_waits_for_the_router(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    https_simulator: RouterSimulator,
) -> None:
    """No certificate to pin while the router is away: setup is retried, pins nothing."""
    sim = https_simulator
    entry = config_entry_for(sim)
    port = sim.port
    await sim.stop()

    assert not await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert CONF_CERTIFICATE_SHA256 not in entry.data
    assert sim.requests.total() == 0

    await sim.start(host=sim.host, port=port, https=True)
    await async_poll(hass, freezer, 60)
    assert entry.state is ConfigEntryState.LOADED
    assert await pins_presented_certificate(entry.data, sim)
    assert sim.logins == 1
    status = f"{entry.unique_id}_wan1_status"
    assert state_of(hass, Platform.SENSOR, status).state == "connected"
