"""The actions: the integration's own, for the devices of its loaded routers."""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, Platform
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service import async_get_all_descriptions
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import DOMAIN
from custom_components.peplink.services import (
    SERVICE_API_REQUEST,
    SERVICE_READ_SMS,
    SERVICE_SEND_SMS,
)
from custom_components.peplink.sms_services import SERVICE_DELETE_SMS
from simulator import RouterSimulator
from simulator.profiles import load_profile
from tests.helpers import running_simulator
from tests.integration.actions import (
    SHORT_SMS,
    call,
    no_request_reaches,
    refused_call,
    router_device,
)
from tests.integration.common import async_add_router

# Each action, with fields it accepts, and the function that carries it out.
ACTIONS = {
    SERVICE_SEND_SMS: (SHORT_SMS, "cmd.sms.sendMessage"),
    SERVICE_READ_SMS: ({}, "cmd.sms.get"),
    SERVICE_DELETE_SMS: ({"message_ids": 1}, "cmd.sms.delete"),
    SERVICE_API_REQUEST: ({"function": "cmd.ap"}, "cmd.ap"),
}


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs."""
    return "max"


@pytest.mark.parametrize(
    "service", [SERVICE_SEND_SMS, SERVICE_READ_SMS, SERVICE_DELETE_SMS]
)
# Not the notify platform: newer releases describe its action with every entity
# component's features, conversation's among them, whose requirements the test
# lanes do not install. This test reads the integration's own actions.
@pytest.mark.parametrize("platforms", [[Platform.SENSOR]])
async def test_sms_actions_pick_the_wan_by_its_device(
    hass: HomeAssistant, init_integration: MockConfigEntry, service: str
) -> None:
    """The form asks for a device of the integration; the WAN ID is advanced only."""
    fields = (await async_get_all_descriptions(hass))[DOMAIN][service]["fields"]

    device = fields[ATTR_DEVICE_ID]["selector"]["device"]
    # Newer releases give the filter as a list.
    assert device["filter"] in ({"integration": DOMAIN}, [{"integration": DOMAIN}])
    assert fields[ATTR_DEVICE_ID]["required"] is True
    assert fields["wan"]["required"] is False
    assert fields["wan"]["advanced"] is True


@pytest.mark.parametrize("service", ACTIONS)
async def test_actions_for_admins(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    admin: Context,
    service: str,
) -> None:
    data, function = ACTIONS[service]
    before = simulator.requests[function]
    await call(hass, service, {ATTR_DEVICE_ID: router, **data}, context=admin)

    assert simulator.requests[function] == before + 1


@pytest.mark.parametrize("service", ACTIONS)
async def test_actions_refuse_non_admins(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    hass_read_only_user: User,
    service: str,
) -> None:
    """SMS carry one-time codes, the API the router's settings: admins only."""
    read_only = Context(user_id=hass_read_only_user.id)
    with no_request_reaches(simulator):
        await refused_call(
            hass,
            service,
            {ATTR_DEVICE_ID: router, **ACTIONS[service][0]},
            Unauthorized,
            context=read_only,
        )

    assert simulator.state.sent_sms == []


@pytest.mark.parametrize("service", ACTIONS)
async def test_actions_refuse_unknown_users(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    router: str,
    service: str,
) -> None:
    unknown = Context(user_id="no-such-user")
    with no_request_reaches(simulator):
        await refused_call(
            hass,
            service,
            {ATTR_DEVICE_ID: router, **ACTIONS[service][0]},
            UnknownUser,
            context=unknown,
        )


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
    with no_request_reaches(simulator):
        for service, data in (
            (SERVICE_SEND_SMS, SHORT_SMS),
            (SERVICE_READ_SMS, {}),
            (SERVICE_API_REQUEST, {"function": "cmd.ap"}),
        ):
            err = await refused_call(
                hass,
                service,
                {ATTR_DEVICE_ID: device.id, **data},
                ServiceValidationError,
            )
            assert err.translation_key == "invalid_device"


async def test_unknown_device(hass: HomeAssistant, router: str) -> None:
    err = await refused_call(
        hass,
        SERVICE_READ_SMS,
        {ATTR_DEVICE_ID: "no-such-device"},
        ServiceValidationError,
    )

    assert err.translation_key == "invalid_device"


async def test_router_not_loaded(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    router: str,
) -> None:
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED

    with no_request_reaches(simulator):
        err = await refused_call(
            hass,
            SERVICE_SEND_SMS,
            {ATTR_DEVICE_ID: router, **SHORT_SMS},
            ServiceValidationError,
        )

    assert err.translation_key == "router_not_loaded"


@pytest.fixture
async def second_simulator(socket_enabled: None) -> AsyncIterator[RouterSimulator]:
    """A second router, without a cellular WAN."""
    async with running_simulator("fusionhub") as sim:
        yield sim


async def test_actions_with_two_routers(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    second_simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    admin: Context,
) -> None:
    """The actions are the integration's: each call goes to the router it names."""
    second = await async_add_router(hass, second_simulator)
    actions = {
        SERVICE_SEND_SMS,
        SERVICE_READ_SMS,
        SERVICE_DELETE_SMS,
        SERVICE_API_REQUEST,
    }
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
    err = await refused_call(
        hass, SERVICE_READ_SMS, {ATTR_DEVICE_ID: first_router}, ServiceValidationError
    )
    assert err.translation_key == "router_not_loaded"

    await call(
        hass,
        SERVICE_API_REQUEST,
        {ATTR_DEVICE_ID: second_router, "function": function},
        context=admin,
    )
    assert second_simulator.requests[function] == second_polls + 2

    assert await hass.config_entries.async_unload(second.entry_id)
    assert set(hass.services.async_services_for_domain(DOMAIN)) == actions
