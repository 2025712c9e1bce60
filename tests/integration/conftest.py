"""Fixtures for tests of the integration in a Home Assistant test instance.

The integration talks real HTTP to the simulator on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import UTC, datetime
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    Platform,
)
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink import PLATFORMS
from custom_components.peplink.const import DOMAIN
from tests.conftest import ADMIN, API_CLIENT
from tests.simulator import RouterSimulator


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
def platforms() -> list[Platform]:
    """The platforms to set up: all; a test module narrows it to its own."""
    return list(PLATFORMS)


@pytest.fixture(autouse=True)
def only_platforms(platforms: list[Platform]) -> Generator[None]:
    """Set up only the platforms under test."""
    with patch("custom_components.peplink.PLATFORMS", platforms):
        yield


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot format, in snapshots/.

    Syrupy's own fixture of this name wins over the test plugin's.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def sim_clock(freezer: FrozenDateTimeFactory, simulator: RouterSimulator) -> None:
    """Start Home Assistant's clock at the simulated router's clock."""
    freezer.move_to(datetime.fromtimestamp(simulator.now(), UTC))


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create entities that are disabled by default as enabled, trackers included."""
    with (
        patch(
            "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
            return_value=True,
        ),
        patch(
            "homeassistant.components.device_tracker.config_entry.ScannerEntity."
            "entity_registry_enabled_default",
            return_value=True,
        ),
    ):
        yield


def entry_data(
    simulator: RouterSimulator, *, api_client: bool = False
) -> dict[str, Any]:
    """Config entry data that points at the simulator."""
    data: dict[str, Any] = {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SSL: simulator.https,
        CONF_VERIFY_SSL: False,
    }
    if api_client:
        data[CONF_CLIENT_ID] = API_CLIENT.client_id
        data[CONF_CLIENT_SECRET] = API_CLIENT.client_secret
    else:
        data[CONF_USERNAME] = ADMIN.username
        data[CONF_PASSWORD] = ADMIN.password
    return data


@pytest.fixture
def mock_config_entry(simulator: RouterSimulator) -> MockConfigEntry:
    """A config entry for the simulated router, signing in as admin."""
    device = simulator.state.device
    return MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator),
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration against the simulator."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
