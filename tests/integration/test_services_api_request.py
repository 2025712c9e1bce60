"""The api_request action: an admin's call to any function of the router's API."""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)
import pytest
import voluptuous as vol

from custom_components.peplink.services import SERVICE_API_REQUEST
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


async def test_api_request_non_admin(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    hass_read_only_user: User,
) -> None:
    read_only = Context(user_id=hass_read_only_user.id)
    with no_request_reaches(simulator):
        await request_refused(
            hass, router, read_only, Unauthorized, function="cmd.ap", method="POST"
        )


async def test_api_request_unknown_user(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    unknown = Context(user_id="no-such-user")
    with no_request_reaches(simulator):
        await request_refused(hass, router, unknown, UnknownUser, function="cmd.ap")


@pytest.mark.parametrize(
    "function",
    ["../login", "status..wan", "a/b", ".x", "x.", "", "status.wan?x=1", "a b"],
)
async def test_api_request_invalid_function(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    function: str,
) -> None:
    """Only function names, which stay under /api/, reach the router."""
    with no_request_reaches(simulator):
        err = await request_refused(
            hass, router, admin, ServiceValidationError, function=function
        )

    assert err.translation_key == "invalid_function"


async def test_api_request_body_without_post(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    with no_request_reaches(simulator):
        err = await request_refused(
            hass,
            router,
            admin,
            ServiceValidationError,
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
