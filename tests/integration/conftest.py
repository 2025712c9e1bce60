"""Fixtures for tests of the integration in a Home Assistant test instance.

The integration talks real HTTP to the simulator on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from datetime import UTC, datetime
import socket
from typing import Any
from unittest.mock import _patch, patch

from aiohttp.abc import ResolveResult
from aiohttp.resolver import AsyncResolver
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
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink import PLATFORMS
from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.conftest import ADMIN, API_CLIENT
from tests.integration.platform_snapshot import SnapshotExtension


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
    """Syrupy's own format of plain values, in snapshots/ as Home Assistant has it.

    Syrupy's own fixture of this name wins over the test plugin's.
    """
    return snapshot.use_extension(SnapshotExtension)


class _TestResolver(AsyncResolver):
    """The DNS resolver of one test's Home Assistant, on that test's event loop."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """IPv4 addresses only: the tests may connect to 127.0.0.1 and no other."""
        return await super().resolve(host, port, socket.AF_INET)

    async def real_close(self) -> None:
        """Close, as newer releases do when their Home Assistant closes."""
        await self.close()


@pytest.fixture(autouse=True)
async def dns_resolver(mock_zeroconf_resolver: _patch[Any]) -> AsyncIterator[None]:
    """Give each test's Home Assistant a DNS resolver of its own.

    The test plugin makes one resolver for the whole session, on the session's
    event loop rather than the test's; newer releases (2026.10, not 2025.4) also
    close it when the first test's Home Assistant closes, so that later tests
    cannot resolve a host name such as localhost.
    """
    resolvers: list[_TestResolver] = []

    def make_resolver(hass: HomeAssistant) -> _TestResolver:
        resolvers.append(_TestResolver())
        return resolvers[-1]

    with patch(
        "homeassistant.helpers.aiohttp_client._async_make_resolver",
        side_effect=make_resolver,
    ):
        yield
    for resolver in resolvers:
        await resolver.close()


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
            "homeassistant.components.device_tracker.ScannerEntity."
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
