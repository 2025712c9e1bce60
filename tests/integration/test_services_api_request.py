"""The api_request action: an admin's call to a function of the router's API."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
import voluptuous as vol

from custom_components.peplink.services import (
    BODY_MAX_BYTES,
    FUNCTION_MAX_LENGTH,
    SERVICE_API_REQUEST,
)
from simulator import RouterSimulator
from simulator.profiles import load_profile
from tests.integration.actions import call, no_request_reaches, refused_call


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs."""
    return "max"


async def request_refused[E: Exception](
    hass: HomeAssistant, router: str, context: Context, error: type[E], **fields: Any
) -> E:
    """Call api_request with these fields, which must raise `error`; what it raised."""
    return await refused_call(
        hass,
        SERVICE_API_REQUEST,
        {ATTR_DEVICE_ID: router, **fields},
        error,
        context=context,
    )


async def invalid_request(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    context: Context,
    **fields: Any,
) -> ServiceValidationError:
    """Call api_request with invalid fields: refused before any request."""
    with no_request_reaches(simulator):
        return await request_refused(
            hass, router, context, ServiceValidationError, **fields
        )


async def test_api_request_get(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    """An admin gets the router's payload."""
    polled = simulator.requests["status.wan.connection"]
    response = await call(
        hass,
        SERVICE_API_REQUEST,
        {ATTR_DEVICE_ID: router, "function": "status.wan.connection"},
        context=admin,
    )

    assert response is not None
    payload = response["response"]
    wans = load_profile("max")["wans"]
    assert isinstance(payload, dict)
    assert payload["order"] == [wan["id"] for wan in wans]
    assert [payload[str(wan["id"])]["name"] for wan in wans] == [
        wan["name"] for wan in wans
    ]
    assert simulator.requests["status.wan.connection"] == polled + 1
    assert simulator.request_log[-1].method == "GET"


async def test_api_request_post(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    assert simulator.state.ap["enable"] is True
    response = await call(
        hass,
        SERVICE_API_REQUEST,
        {
            ATTR_DEVICE_ID: router,
            "function": "cmd.ap",
            "method": "POST",
            "body": {"enable": False},
        },
        context=admin,
    )

    expected = {**load_profile("max")["ap"], "enable": False}
    assert response == {"response": expected}
    assert simulator.state.ap["enable"] is False
    last = simulator.request_log[-1]
    assert (last.method, last.function, last.body) == (
        "POST",
        "cmd.ap",
        {"enable": False},
    )


async def test_api_request_without_user(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """Automations and scripts call without a user, as for Home Assistant's own."""
    read = simulator.requests["cmd.ap"]
    response = await call(
        hass, SERVICE_API_REQUEST, {ATTR_DEVICE_ID: router, "function": "cmd.ap"}
    )

    assert response == {"response": load_profile("max")["ap"]}
    assert simulator.requests["cmd.ap"] == read + 1


@pytest.mark.parametrize(
    "function",
    [
        "../login",
        "status..wan",
        "a/b",
        ".x",
        "x.",
        "",
        "status.wan?x=1",
        "status.wan#x",
        "a b",
        "status_wan",
        "%2e%2e/login",
        "status.wan\x00",
    ],
)
async def test_api_request_invalid_function(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    function: str,
) -> None:
    """Only function names, which stay under /api/, reach the router."""
    err = await invalid_request(hass, simulator, router, admin, function=function)
    assert err.translation_key == "invalid_function"


@pytest.mark.parametrize(
    "function",
    [
        "login",
        "logout",
        "auth",
        "auth.client",
        "auth.client.token",
        "auth.token.grant",
        "auth.token.revoke",
        "config.ssid.profile",
        "cmd.wifi.connect",
        "cmd.wifi.forget",
        "LOGIN",
        "Auth.Token.Grant",
        "Config.Ssid.Profile",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_api_request_credential_function(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    function: str,
    method: str,
) -> None:
    """Signing in or out, API clients, tokens and Wi-Fi keys stay out of reach."""
    err = await invalid_request(
        hass,
        simulator,
        router,
        admin,
        function=function,
        method=method,
    )
    assert err.translation_key == "credential_function"
    assert err.translation_placeholders == {"function": function}


async def test_api_request_function_too_long(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    function = "status." + "a" * (FUNCTION_MAX_LENGTH - len("status."))
    await request_refused(hass, router, admin, HomeAssistantError, function=function)
    # The longest name allowed reaches the router, which does not know it.
    assert simulator.requests[function] == 1

    err = await invalid_request(hass, simulator, router, admin, function=f"{function}a")
    assert err.translation_key == "function_too_long"
    assert err.translation_placeholders == {
        "length": str(FUNCTION_MAX_LENGTH + 1),
        "max_length": str(FUNCTION_MAX_LENGTH),
    }


def body_of_size(size: int) -> dict[str, Any]:
    """A body for cmd.ap that turns the access point off, `size` bytes of JSON."""
    body: dict[str, Any] = {"enable": False, "note": ""}
    padding = size - len(json.dumps(body, separators=(",", ":")))
    return {**body, "note": "x" * padding}


async def test_api_request_body_too_large(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    err = await invalid_request(
        hass,
        simulator,
        router,
        admin,
        function="cmd.ap",
        method="POST",
        body=body_of_size(BODY_MAX_BYTES + 1),
    )
    assert err.translation_key == "body_too_large"
    assert err.translation_placeholders == {
        "size": str(BODY_MAX_BYTES + 1),
        "max_size": str(BODY_MAX_BYTES),
    }
    assert simulator.state.ap["enable"] is True

    # The largest body allowed is sent.
    await call(
        hass,
        SERVICE_API_REQUEST,
        {
            ATTR_DEVICE_ID: router,
            "function": "cmd.ap",
            "method": "POST",
            "body": body_of_size(BODY_MAX_BYTES),
        },
        context=admin,
    )
    assert simulator.state.ap["enable"] is False


def nested(depth: int) -> dict[str, Any]:
    """An object `depth` levels deep."""
    body: dict[str, Any] = {}
    for _ in range(depth):
        body = {"a": body}
    return body


@pytest.mark.parametrize(
    "body",
    [nested(300), {"enable": object()}],
    ids=["too_deep", "not_json"],
)
async def test_api_request_body_not_json(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    body: dict[str, Any],
) -> None:
    """A body that cannot be encoded is refused, not a traceback from the client."""
    err = await invalid_request(
        hass,
        simulator,
        router,
        admin,
        function="cmd.ap",
        method="POST",
        body=body,
    )
    assert err.translation_key == "invalid_body"


async def test_api_request_body_without_post(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    err = await invalid_request(
        hass,
        simulator,
        router,
        admin,
        function="cmd.ap",
        body={"enable": False},
    )
    assert err.translation_key == "body_requires_post"
    assert simulator.state.ap["enable"] is True


async def test_api_request_invalid_method(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    with no_request_reaches(simulator):
        await request_refused(
            hass, router, admin, vol.Invalid, function="cmd.ap", method="DELETE"
        )


@pytest.mark.parametrize(
    ("profile", "function"),
    [("max", "status.nothing"), ("fusionhub", "cmd.sms.get")],
    ids=["unknown_function", "unsupported_on_model"],
)
async def test_api_request_unsupported(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    function: str,
) -> None:
    """A function no router has, and one this model answers "Unsupported request" to."""
    err = await request_refused(
        hass, router, admin, HomeAssistantError, function=function
    )

    assert err.translation_key == "action_unsupported"
    assert function in str(err)
    assert simulator.requests[function] == 1


async def test_api_request_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    err = await request_refused(
        hass,
        router,
        admin,
        HomeAssistantError,
        function="cmd.ap",
        method="POST",
        body={"enable": "maybe"},
    )

    assert err.translation_key == "action_failed"
    assert "invalid enable" in str(err)
    assert simulator.state.ap["enable"] is True
