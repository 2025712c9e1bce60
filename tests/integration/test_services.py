"""The actions: SMS through a cellular WAN, and admin calls to the router's API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant, ServiceResponse
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.peplink.const import DOMAIN
from custom_components.peplink.entity import wan_identifier
from custom_components.peplink.services import (
    SERVICE_API_REQUEST,
    SERVICE_READ_SMS,
    SERVICE_SEND_SMS,
)
from simulator import Fault, RouterSimulator
from simulator.profiles import load_profile
from tests.conftest import new_simulator
from tests.integration.common import device_by_identifier
from tests.integration.conftest import entry_data

SEND = "cmd.sms.sendMessage"
# The cellular WANs of the max profile, in the router's order.
FIRST_CELLULAR = 3
SECOND_CELLULAR = 4


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs."""
    return "max"


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


@pytest.fixture
def router(
    init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> str:
    """Device ID of the simulated router, set up."""
    return router_device(device_registry, init_integration)


# send_sms


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
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Targeting a cellular WAN's device sends through that WAN."""
    device = wan_device(device_registry, init_integration, SECOND_CELLULAR)
    response = await call(
        hass,
        SERVICE_SEND_SMS,
        {ATTR_DEVICE_ID: device, "recipient": "988", "message": "Balance?"},
    )

    assert response == {"sent": True, "wan": SECOND_CELLULAR}
    assert simulator.state.sent_sms == [
        {"connId": SECOND_CELLULAR, "address": "988", "content": "Balance?"}
    ]


async def test_send_sms_explicit_wan(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    await call(
        hass,
        SERVICE_SEND_SMS,
        {
            ATTR_DEVICE_ID: router,
            "wan": SECOND_CELLULAR,
            "recipient": "988",
            "message": "Hi",
        },
    )

    assert [sms["connId"] for sms in simulator.state.sent_sms] == [SECOND_CELLULAR]


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
    requests = len(simulator.request_log)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": recipient, "message": message},
        )

    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == translation_key
    assert simulator.requests[SEND] == 0
    assert len(simulator.request_log) == requests
    assert simulator.state.sent_sms == []


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
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "wan": wan, "recipient": "988", "message": "Hi"},
        )

    assert err.value.translation_key == translation_key
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["wan"] == str(wan)
    assert simulator.requests[SEND] == 0


async def test_send_sms_through_ethernet_wan_device(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """An Ethernet WAN's device cannot send."""
    device = wan_device(device_registry, init_integration, 1)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: device, "recipient": "988", "message": "Hi"},
        )

    assert err.value.translation_key == "wan_not_cellular"
    assert simulator.requests[SEND] == 0


async def test_send_sms_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """The router's own message reaches the caller."""
    simulator.inject(SEND, Fault.stat_fail(3, "invalid connId"))
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": "988", "message": "Hi"},
        )

    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "action_failed"
    assert "invalid connId" in str(err.value)
    assert simulator.requests[SEND] == 1
    assert simulator.state.sent_sms == []


async def test_send_sms_unsupported_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    simulator.inject(SEND, Fault.UNSUPPORTED)
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": "988", "message": "Hi"},
        )

    assert err.value.translation_key == "action_unsupported"
    assert SEND in str(err.value)


async def test_send_sms_router_unreachable(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    await simulator.stop()
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": "988", "message": "Hi"},
        )

    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "action_failed"
    assert "127.0.0.1" in str(err.value)


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_send_sms_without_cellular_wan(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    """A router without a cellular WAN is refused without a request."""
    requests = len(simulator.request_log)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": "988", "message": "Hi"},
        )

    assert err.value.translation_key == "no_cellular_wan"
    assert len(simulator.request_log) == requests


# read_sms


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
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    device = wan_device(device_registry, init_integration, SECOND_CELLULAR)
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
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router})

    assert err.value.translation_key == "action_failed"
    assert "SIM card not ready" in str(err.value)


async def test_read_sms_wan_not_cellular(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: router, "wan": 2})

    assert err.value.translation_key == "wan_not_cellular"
    assert simulator.requests["cmd.sms.get"] == 0


# api_request


@pytest.fixture
def admin(hass_admin_user: User) -> Context:
    """The context of a call by an admin."""
    return Context(user_id=hass_admin_user.id)


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
    requests = len(simulator.request_log)
    with pytest.raises(Unauthorized):
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": "cmd.ap", "method": "POST"},
            context=Context(user_id=hass_read_only_user.id),
        )

    assert len(simulator.request_log) == requests


async def test_api_request_unknown_user(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    requests = len(simulator.request_log)
    with pytest.raises(UnknownUser):
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": "cmd.ap"},
            context=Context(user_id="no-such-user"),
        )

    assert len(simulator.request_log) == requests


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
    requests = len(simulator.request_log)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": function},
            context=admin,
        )

    assert err.value.translation_key == "invalid_function"
    assert len(simulator.request_log) == requests


async def test_api_request_body_without_post(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    requests = len(simulator.request_log)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": "cmd.ap", "body": {"enable": False}},
            context=admin,
        )

    assert err.value.translation_key == "body_requires_post"
    assert len(simulator.request_log) == requests
    assert simulator.state.ap["enable"] is True


async def test_api_request_invalid_method(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    requests = len(simulator.request_log)
    with pytest.raises(vol.Invalid):
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": "cmd.ap", "method": "DELETE"},
            context=admin,
        )

    assert len(simulator.request_log) == requests


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
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_API_REQUEST,
            {ATTR_DEVICE_ID: router, "function": function},
            context=admin,
        )

    assert err.value.translation_key == "action_unsupported"
    assert function in str(err.value)
    assert simulator.requests[function] == 1


async def test_api_request_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, admin: Context
) -> None:
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_API_REQUEST,
            {
                ATTR_DEVICE_ID: router,
                "function": "cmd.ap",
                "method": "POST",
                "body": {"enable": "maybe"},
            },
            context=admin,
        )

    assert err.value.translation_key == "action_failed"
    assert "invalid enable" in str(err.value)
    assert simulator.state.ap["enable"] is True


# Devices


async def test_device_of_another_integration(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    device_registry: dr.DeviceRegistry,
) -> None:
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    device = device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other", "1")}
    )
    requests = len(simulator.request_log)
    for service, data in (
        (SERVICE_SEND_SMS, {"recipient": "988", "message": "Hi"}),
        (SERVICE_READ_SMS, {}),
        (SERVICE_API_REQUEST, {"function": "cmd.ap"}),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, service, {ATTR_DEVICE_ID: device.id, **data})
        assert err.value.translation_key == "invalid_device"

    assert len(simulator.request_log) == requests


async def test_unknown_device(hass: HomeAssistant, router: str) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: "no-such-device"})

    assert err.value.translation_key == "invalid_device"


async def test_router_not_loaded(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    router: str,
) -> None:
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    requests = len(simulator.request_log)

    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, "recipient": "988", "message": "Hi"},
        )

    assert err.value.translation_key == "router_not_loaded"
    assert len(simulator.request_log) == requests


# Registration


@pytest.fixture
async def second_simulator(socket_enabled: None) -> AsyncIterator[RouterSimulator]:
    """A second router, without a cellular WAN."""
    sim = new_simulator("fusionhub")
    await sim.start(host="127.0.0.1", port=0)
    yield sim
    await sim.stop()


async def test_actions_with_two_routers(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    second_simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    admin: Context,
) -> None:
    """The actions are the integration's: each call goes to the router it names."""
    device = second_simulator.state.device
    second = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(second_simulator),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    actions = {SERVICE_SEND_SMS, SERVICE_READ_SMS, SERVICE_API_REQUEST}
    assert set(hass.services.async_services_for_domain(DOMAIN)) == actions

    second_router = router_device(device_registry, second)
    first_router = router_device(device_registry, init_integration)
    function = "status.wan.connection"
    first_polls, second_polls = (
        simulator.requests[function],
        second_simulator.requests[function],
    )
    answer = await call(
        hass,
        SERVICE_API_REQUEST,
        {ATTR_DEVICE_ID: second_router, "function": function},
        context=admin,
    )
    assert answer is not None
    assert isinstance(answer["response"], dict)
    assert answer["response"]["order"] == [
        wan["id"] for wan in load_profile("fusionhub")["wans"]
    ]
    assert second_simulator.requests[function] == second_polls + 1
    assert simulator.requests[function] == first_polls

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert set(hass.services.async_services_for_domain(DOMAIN)) == actions
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: first_router})
    assert err.value.translation_key == "router_not_loaded"

    await call(
        hass,
        SERVICE_API_REQUEST,
        {ATTR_DEVICE_ID: second_router, "function": function},
        context=admin,
    )
    assert second_simulator.requests[function] == second_polls + 2

    assert await hass.config_entries.async_unload(second.entry_id)
    assert set(hass.services.async_services_for_domain(DOMAIN)) == actions
