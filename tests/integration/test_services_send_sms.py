"""The send_sms action: an SMS through a cellular WAN of the router."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.peplink.const import DOMAIN
from custom_components.peplink.services import SERVICE_SEND_SMS
from simulator import Fault, RouterSimulator
from tests.integration.actions import (
    FIRST_CELLULAR,
    SECOND_CELLULAR,
    SHORT_SMS,
    call,
    no_request_reaches,
    refused_call,
)

SEND = "cmd.sms.sendMessage"
# 69 characters outside the GSM alphabet and an emoji: 71 UTF-16 code units.
GREEK_WITH_EMOJI = ("Καλημέρα σας " * 6)[:69] + "\U0001f44b"


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs."""
    return "max"


async def send_refused[E: Exception](
    hass: HomeAssistant, device: str, error: type[E], **fields: Any
) -> E:
    """Send the short SMS through a device, which must raise `error`; what it raised.

    `fields` change or add to the SMS's fields: another recipient, a WAN.
    """
    return await refused_call(
        hass, SERVICE_SEND_SMS, {ATTR_DEVICE_ID: device, **SHORT_SMS, **fields}, error
    )


async def test_send_sms(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """The router's device sends through its first cellular WAN."""
    response = await call(
        hass,
        SERVICE_SEND_SMS,
        {ATTR_DEVICE_ID: router, "recipient": "+1 555 0100", "message": "Hello"},
    )

    assert response == {"sent": True, "wan": FIRST_CELLULAR}
    assert simulator.state.sent_sms == [
        {"connId": FIRST_CELLULAR, "address": "+15550100", "content": "Hello"}
    ]
    assert simulator.requests[SEND] == 1


async def test_send_sms_without_response(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    response = await call(
        hass,
        SERVICE_SEND_SMS,
        {ATTR_DEVICE_ID: router, "recipient": "0123", "message": "x" * 160},
        return_response=False,
    )

    assert response is None
    assert simulator.state.sent_sms == [
        {"connId": FIRST_CELLULAR, "address": "0123", "content": "x" * 160}
    ]


async def test_send_sms_through_wan_device(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    wan_device_id: Callable[[int], str],
) -> None:
    """Targeting a cellular WAN's device sends through that WAN."""
    response = await call(
        hass,
        SERVICE_SEND_SMS,
        {
            ATTR_DEVICE_ID: wan_device_id(SECOND_CELLULAR),
            "recipient": "988",
            "message": "Balance?",
        },
    )

    assert response == {"sent": True, "wan": SECOND_CELLULAR}
    assert simulator.state.sent_sms == [
        {"connId": SECOND_CELLULAR, "address": "988", "content": "Balance?"}
    ]


async def test_send_sms_explicit_wan(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """An automation may name the WAN by its ID, with the router's device."""
    await call(
        hass,
        SERVICE_SEND_SMS,
        {ATTR_DEVICE_ID: router, "wan": SECOND_CELLULAR, **SHORT_SMS},
    )

    assert [sms["connId"] for sms in simulator.state.sent_sms] == [SECOND_CELLULAR]


async def test_send_sms_wan_device_and_its_id(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    wan_device_id: Callable[[int], str],
) -> None:
    """A WAN's device and that WAN's ID agree: sent through it."""
    await call(
        hass,
        SERVICE_SEND_SMS,
        {
            ATTR_DEVICE_ID: wan_device_id(SECOND_CELLULAR),
            "wan": SECOND_CELLULAR,
            **SHORT_SMS,
        },
    )

    assert [sms["connId"] for sms in simulator.state.sent_sms] == [SECOND_CELLULAR]


async def test_send_sms_wan_device_and_another_id(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    wan_device_id: Callable[[int], str],
) -> None:
    """A WAN's device and another WAN's ID: which was meant is unknown, so no SMS."""
    with no_request_reaches(simulator):
        err = await send_refused(
            hass,
            wan_device_id(SECOND_CELLULAR),
            ServiceValidationError,
            wan=FIRST_CELLULAR,
        )

    assert err.translation_key == "wan_mismatch"
    assert err.translation_placeholders == {
        "wan": str(FIRST_CELLULAR),
        "device_wan": str(SECOND_CELLULAR),
    }
    assert simulator.state.sent_sms == []


@pytest.mark.parametrize(
    ("recipient", "message", "translation_key"),
    [
        ("12ab", "Hello", "invalid_recipient"),
        ("+", "Hello", "invalid_recipient"),
        ("", "Hello", "invalid_recipient"),
        ("12", "Hello", "invalid_recipient"),
        ("+" + "1" * 21, "Hello", "invalid_recipient"),
        ("++123", "Hello", "invalid_recipient"),
        ("988", "", "empty_message"),
        ("988", "  \n ", "empty_message"),
        ("988", "x" * 161, "message_too_long"),
        ("988", "語" * 71, "message_too_long"),
        ("988", "Hi\x00", "unsendable_message"),
        ("988", "Hi \ud83d", "unsendable_message"),
    ],
)
async def test_send_sms_invalid_input(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    recipient: str,
    message: str,
    translation_key: str,
) -> None:
    """Bad input is refused before any request reaches the router."""
    with no_request_reaches(simulator):
        err = await send_refused(
            hass, router, ServiceValidationError, recipient=recipient, message=message
        )

    assert err.translation_domain == DOMAIN
    assert err.translation_key == translation_key
    assert simulator.requests[SEND] == 0
    assert simulator.state.sent_sms == []


async def test_send_sms_ucs2_too_long(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """71 code units of UCS-2 are refused, the error naming the limit of 70."""
    with no_request_reaches(simulator):
        err = await send_refused(
            hass, router, ServiceValidationError, message=GREEK_WITH_EMOJI
        )

    assert err.translation_key == "message_too_long"
    assert err.translation_placeholders == {"length": "71", "max_length": "70"}
    assert "takes 71 characters of an SMS, which holds at most 70" in str(err)
    assert simulator.requests[SEND] == 0


async def test_send_sms_ucs2(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """Text outside the GSM alphabet is sent up to 70 code units, as given."""
    message = GREEK_WITH_EMOJI[1:]

    await call(
        hass,
        SERVICE_SEND_SMS,
        {ATTR_DEVICE_ID: router, "recipient": "988", "message": message},
    )

    assert simulator.state.sent_sms == [
        {"connId": FIRST_CELLULAR, "address": "988", "content": message}
    ]


@pytest.mark.parametrize(
    ("wan", "translation_key"),
    [(1, "wan_not_cellular"), (6, "wan_not_cellular"), (99, "wan_not_found")],
)
async def test_send_sms_wan_not_cellular(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    wan: int,
    translation_key: str,
) -> None:
    err = await send_refused(hass, router, ServiceValidationError, wan=wan)

    assert err.translation_key == translation_key
    assert err.translation_placeholders is not None
    assert err.translation_placeholders["wan"] == str(wan)
    assert simulator.requests[SEND] == 0


async def test_send_sms_through_ethernet_wan_device(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    wan_device_id: Callable[[int], str],
) -> None:
    """An Ethernet WAN's device cannot send."""
    err = await send_refused(hass, wan_device_id(1), ServiceValidationError)

    assert err.translation_key == "wan_not_cellular"
    assert simulator.requests[SEND] == 0


async def test_send_sms_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """The router's own message reaches the caller."""
    simulator.inject(SEND, Fault.stat_fail(3, "invalid connId"))
    err = await send_refused(hass, router, HomeAssistantError)

    assert not isinstance(err, ServiceValidationError)
    assert err.translation_key == "sms_refused"
    assert "invalid connId" in str(err)
    assert simulator.requests[SEND] == 1
    assert simulator.state.sent_sms == []


async def test_send_sms_unsupported_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    simulator.inject(SEND, Fault.UNSUPPORTED)
    err = await send_refused(hass, router, HomeAssistantError)

    assert err.translation_key == "action_unsupported"
    assert SEND in str(err)


async def test_send_sms_router_unreachable(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    await simulator.stop()
    err = await send_refused(hass, router, HomeAssistantError)

    # As for an SMS recipient: without the router's answer, it may have gone out.
    assert not isinstance(err, ServiceValidationError)
    assert err.translation_key == "sms_unconfirmed"
    assert "127.0.0.1" in str(err)


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_send_sms_without_cellular_wan(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """A router without a cellular WAN is refused without a request."""
    with no_request_reaches(simulator):
        err = await send_refused(hass, router, ServiceValidationError)

    assert err.translation_key == "no_cellular_wan"
