"""The read_sms action: the inbox of a cellular WAN of the router."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.peplink.services import SERVICE_READ_SMS
from simulator import Fault, RouterSimulator
from simulator.profiles import load_profile
from tests.integration.actions import (
    FIRST_CELLULAR,
    SECOND_CELLULAR,
    call,
    refused_call,
)


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs."""
    return "max"


def profile_inbox(wan_id: int) -> list[dict[str, Any]]:
    """The messages of a cellular WAN of the max profile, as read_sms returns them."""
    return [
        {
            "id": message["id"],
            "sender": thread["sender"],
            "received": datetime.fromtimestamp(message["timestamp"], UTC).isoformat(),
            "text": message["message"],
        }
        for thread in load_profile("max")["sms"][str(wan_id)]["sms"]
        for message in thread["message"]
    ]


async def test_read_sms(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """The router's device reads the inbox of its first cellular WAN."""
    response = await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router})

    expected = profile_inbox(FIRST_CELLULAR)
    assert expected
    assert response == {"messages": expected}
    assert simulator.requests["cmd.sms.get"] == 1
    assert [
        request.query.get("connId")
        for request in simulator.request_log
        if (request.function == "cmd.sms.get")
    ] == [str(FIRST_CELLULAR)]


async def test_read_sms_received_is_utc(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    response = await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router})

    assert response is not None
    first = response["messages"][0]  # type: ignore[index]
    timestamp = load_profile("max")["sms"][str(FIRST_CELLULAR)]["sms"][0]["message"][0][
        "timestamp"
    ]
    received = datetime.fromisoformat(first["received"])
    assert received.utcoffset() is not None
    assert received.timestamp() == timestamp


async def test_read_sms_of_wan_device(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    wan_device_id: Callable[[int], str],
) -> None:
    device = wan_device_id(SECOND_CELLULAR)
    response = await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: device})

    assert response == {"messages": profile_inbox(SECOND_CELLULAR)}
    assert [
        request.query.get("connId")
        for request in simulator.request_log
        if request.function == "cmd.sms.get"
    ] == [str(SECOND_CELLULAR)]


async def test_read_sms_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    simulator.inject("cmd.sms.get", Fault.stat_fail(3, "SIM card not ready"))
    err = await refused_call(
        hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router}, HomeAssistantError
    )

    assert err.translation_key == "action_failed"
    assert "SIM card not ready" in str(err)


async def test_read_sms_wan_not_cellular(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    err = await refused_call(
        hass,
        SERVICE_READ_SMS,
        {ATTR_DEVICE_ID: router, "wan": 2},
        ServiceValidationError,
    )

    assert err.translation_key == "wan_not_cellular"
    assert simulator.requests["cmd.sms.get"] == 0
