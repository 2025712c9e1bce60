"""Fixtures for tests of the integration in a Home Assistant test instance.

The integration talks real HTTP to the simulator on 127.0.0.1. The fixtures that
the benchmark shares come from tests.fixtures; those below serve these tests only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Generator
from functools import partial
import ssl
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator

# Shared with the benchmark: pytest finds them here by their names.
from tests.fixtures import (
    auto_enable_custom_integrations as auto_enable_custom_integrations,
    dns_resolver as dns_resolver,
    entity_registry_enabled_by_default as entity_registry_enabled_by_default,
    init_integration as init_integration,
    mock_config_entry as mock_config_entry,
    only_platforms as only_platforms,
    options as options,
    platforms as platforms,
    snapshot as snapshot,
)
from tests.helpers import running_simulator
from tests.integration.actions import router_device, wan_device


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep a config flow from setting up the whole integration."""
    with patch(
        "custom_components.peplink.async_setup_entry", return_value=True
    ) as mocked:
        yield mocked


@pytest.fixture
async def https_simulator(
    socket_enabled: None, profile: str
) -> AsyncIterator[RouterSimulator]:
    """A simulated router serving HTTPS with a self-signed certificate."""
    async with running_simulator(profile, https=True) as sim:
        yield sim


@pytest.fixture
def tolerate_refused_handshakes(hass: HomeAssistant) -> Generator[None]:
    """Let the simulator's server side fail a TLS handshake the client refused.

    The hass fixture fails a test on any error the event loop reports, and the
    simulator shares that loop; only this one server-side error is expected.
    """
    loop = hass.loop
    fail_test = loop.get_exception_handler()
    assert fail_test is not None

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message", "").startswith(
            "Error on transport creation for incoming connection"
        ) and isinstance(context.get("exception"), ConnectionResetError | ssl.SSLError):
            return
        fail_test(loop, context)

    loop.set_exception_handler(handler)
    yield
    loop.set_exception_handler(fail_test)


@pytest.fixture
def serial(init_integration: MockConfigEntry) -> str:
    """The simulated router's serial number, set up: its entities' unique ID prefix."""
    assert init_integration.unique_id is not None
    return init_integration.unique_id


@pytest.fixture
def router(
    init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> str:
    """Device ID of the simulated router, set up: what an action targets."""
    return router_device(device_registry, init_integration)


@pytest.fixture
def wan_device_id(
    init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> Callable[[int], str]:
    """Device ID of a WAN of the simulated router, set up, by the WAN's ID."""
    return partial(wan_device, device_registry, init_integration)


@pytest.fixture
def admin(hass_admin_user: User) -> Context:
    """The context of a call by an admin."""
    return Context(user_id=hass_admin_user.id)
