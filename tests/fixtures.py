"""Fixtures shared by the tests and the benchmark, brought in by their conftest.py.

A conftest.py imports the fixtures it offers from here by name; pytest finds them
there as if they were defined in it. The simulated router's fixtures serve every
test; the Home Assistant ones serve the tests of the integration and the benchmark.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from datetime import UTC, datetime
import socket
from typing import Any
from unittest.mock import _patch, patch

import aiohttp
from aiohttp.abc import ResolveResult
from aiohttp.resolver import AsyncResolver
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink import PLATFORMS
from simulator import RouterSimulator
from tests.helpers import running_simulator
from tests.integration.common import async_setup_integration, config_entry_for
from tests.integration.platform_snapshot import SnapshotExtension

# The simulated router


@pytest.fixture
def profile() -> str:
    """The simulator profile; override or parametrize in a test module."""
    return "balance"


@pytest.fixture
async def simulator(
    socket_enabled: None, profile: str
) -> AsyncIterator[RouterSimulator]:
    """A simulated router serving plain HTTP on 127.0.0.1."""
    async with running_simulator(profile) as sim:
        yield sim


@pytest.fixture
async def http_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session with the default (IP-refusing) cookie jar."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def sim_clock(freezer: FrozenDateTimeFactory, simulator: RouterSimulator) -> None:
    """Start Home Assistant's clock at the simulated router's clock."""
    freezer.move_to(datetime.fromtimestamp(simulator.now(), UTC))


# Home Assistant, with the integration set up against the simulated router


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


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
def platforms() -> list[Platform]:
    """The platforms to set up: all; a test module narrows it to its own.

    Override it in a module, or parametrize it in a test, e.g.
    `@pytest.mark.parametrize("platforms", [[Platform.SWITCH, Platform.SENSOR]])`.
    """
    return list(PLATFORMS)


@pytest.fixture(autouse=True)
def only_platforms(platforms: list[Platform]) -> Generator[None]:
    """Set up only the platforms of the `platforms` fixture, for the whole test.

    For the whole test rather than the first setup, so that a reload, a second
    entry or an entry added through the config flow sets up the same platforms.
    """
    with patch("custom_components.peplink.PLATFORMS", platforms):
        yield


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


@pytest.fixture
def options() -> dict[str, Any]:
    """Options of the config entry; override or parametrize in a test."""
    return {}


@pytest.fixture
def mock_config_entry(
    simulator: RouterSimulator, options: dict[str, Any]
) -> MockConfigEntry:
    """A config entry for the simulated router, signing in as admin."""
    return config_entry_for(simulator, options=options)


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration against the simulator."""
    await async_setup_integration(hass, mock_config_entry)
    return mock_config_entry


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Syrupy's own format of plain values, in snapshots/ as Home Assistant has it.

    Syrupy's own fixture of this name wins over the test plugin's.
    """
    return snapshot.use_extension(SnapshotExtension)
