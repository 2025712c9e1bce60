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
    """The messages of a cellular WAN of the max profile, as read_sms returns them.

    In the profile, each of a sender's messages is one part, but for the
    parts that share a timestamp: those make one message.
    """
    messages: list[dict[str, Any]] = []
    for thread in load_profile("max")["sms"][str(wan_id)]["sms"]:
        for part in sorted(thread["message"], key=lambda part: part["id"]):
            received = datetime.fromtimestamp(part["timestamp"], UTC).isoformat()
            last = messages[-1] if messages else None
            if last and (last["sender"], last["received"]) == (
                thread["sender"],
                received,
            ):
                last["ids"].append(part["id"])
                last["text"] += part["message"]
                continue
            messages.append(
                {
                    "id": part["id"],
                    "ids": [part["id"]],
                    "sender": thread["sender"],
                    "received": received,
                    "text": part["message"],
                }
            )
    return messages


async def test_read_sms(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """The router's device reads the inbox of its first cellular WAN."""
    # Setup read every inbox already.
    simulator.reset_counters()
    response = await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router})

    expected = profile_inbox(FIRST_CELLULAR)
    assert response == {"messages": expected}
    # The profile's multi-part message is one message, its parts in id order.
    assert [message["ids"] for message in expected] == [[1], [2, 6]]
    assert expected[1]["text"] == "Multipart message part 1Multipart message part 2"
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
    simulator.reset_counters()
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
    simulator.reset_counters()
    err = await refused_call(
        hass,
        SERVICE_READ_SMS,
        {ATTR_DEVICE_ID: router, "wan": 2},
        ServiceValidationError,
    )

    assert err.translation_key == "wan_not_cellular"
    assert simulator.requests["cmd.sms.get"] == 0
