"""Fixtures of the benchmark: those of the tests it shares, and its own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

# Imported before the hass fixture runs, so that Home Assistant finds this
# integration rather than the test plugin's own custom_components package.
import custom_components.peplink  # noqa: F401

# Shared with the tests: pytest finds them here by their names.
from tests.fixtures import (
    auto_enable_custom_integrations as auto_enable_custom_integrations,
    dns_resolver as dns_resolver,
    entity_registry_enabled_by_default as entity_registry_enabled_by_default,
    profile as profile,
    simulator as simulator,
)


@pytest.fixture(autouse=True)
def all_entities_enabled(entity_registry_enabled_by_default: None) -> None:
    """Every entity enabled, trackers included: the worst case for updates and memory."""


@pytest.fixture(autouse=True)
async def enable_event_loop_debug() -> None:
    """Measure without asyncio's debug mode, which the test plugin turns on.

    Named as the test plugin's fixture, which it replaces; the running loop is the
    test's on every lane (newer plugins have no `event_loop` fixture).
    """
    asyncio.get_running_loop().set_debug(False)


@pytest.fixture
async def naive_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """The naive strategy's session: it keeps no cookie for its next fresh client."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session
