"""Helpers of the actions' tests: calling an action on a router's or a WAN's device."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from homeassistant.core import Context, HomeAssistant, ServiceResponse
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import DOMAIN
from custom_components.peplink.entity import wan_identifier
from simulator import RouterSimulator
from tests.integration.common import device_by_identifier

# The cellular WANs of the max profile, in the router's order.
FIRST_CELLULAR = 3
SECOND_CELLULAR = 4

# The SMS of the tests for which any would do: what send_sms takes besides a target.
SHORT_SMS = {"recipient": "988", "message": "Hi"}


def router_device(device_registry: dr.DeviceRegistry, entry: MockConfigEntry) -> str:
    """Device ID of the router of an entry."""
    assert entry.unique_id is not None
    device = device_by_identifier(device_registry, entry.unique_id)
    assert device is not None
    return device.id


def wan_device(
    device_registry: dr.DeviceRegistry, entry: MockConfigEntry, wan_id: int
) -> str:
    """Device ID of a WAN of the router of an entry."""
    assert entry.unique_id is not None
    device = device_by_identifier(
        device_registry, wan_identifier(entry.unique_id, wan_id)
    )
    assert device is not None
    return device.id


async def call(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any],
    *,
    context: Context | None = None,
    return_response: bool = True,
) -> ServiceResponse:
    """Call an action of the integration and wait for its answer."""
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        context=context,
        return_response=return_response,
    )


async def refused_call[E: Exception](
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any],
    error: type[E],
    *,
    context: Context | None = None,
) -> E:
    """Call an action of the integration that must raise `error`; what it raised."""
    with pytest.raises(error) as raised:
        await call(hass, service, data, context=context)
    return raised.value


@contextmanager
def no_request_reaches(simulator: RouterSimulator) -> Iterator[None]:
    """Assert that the router is sent no request in the block: refused before."""
    requests = len(simulator.request_log)
    yield
    assert len(simulator.request_log) == requests
