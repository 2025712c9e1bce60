"""The delete_sms action: one message or all, on firmware 8.5.2 and later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_DEVICE_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.sms_services import SERVICE_DELETE_SMS
from simulator import Fault, RouterSimulator
from simulator.sms import receive_sms
from tests.integration.actions import FIRST_CELLULAR, call, refused_call
from tests.integration.common import (
    async_poll,
    async_setup_integration,
    device_by_identifier,
    sensor_value,
    state_of,
)
from tests.integration.sms_events import platforms as platforms, profile as profile

DELETE = "cmd.sms.delete"
# The SIM in use on the first cellular WAN, as the WAN status names it.
ACTIVE_ICCID = "1111111111111"


def deletes(simulator: RouterSimulator) -> list[dict[str, Any] | None]:
    """The bodies of the delete requests the router got."""
    return [r.body for r in simulator.request_log if r.function == DELETE]


async def test_delete_a_multi_part_message(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
    wan_device_id: Callable[[int], str],
) -> None:
    """Its parts' ids, as the event gives them; the count falls at once."""
    inbox = f"{serial}_wan{FIRST_CELLULAR}_sms_inbox"
    assert sensor_value(hass, inbox) == 2

    response = await call(
        hass,
        SERVICE_DELETE_SMS,
        {ATTR_DEVICE_ID: wan_device_id(FIRST_CELLULAR), "message_ids": [2, 6]},
    )

    assert response == {"deleted": [2, 6], "wan": FIRST_CELLULAR}
    assert deletes(simulator) == [
        {"connId": 3, "id": 2, "iccid": "1111111111111"},
        {"connId": 3, "id": 6, "iccid": "1111111111111"},
    ]
    assert sensor_value(hass, inbox) == 1


async def test_delete_all_of_the_first_cellular_wan(
    hass: HomeAssistant, simulator: RouterSimulator, serial: str, router: str
) -> None:
    await call(
        hass,
        SERVICE_DELETE_SMS,
        {ATTR_DEVICE_ID: router, "all": True},
        return_response=False,
    )

    assert deletes(simulator) == [{"connId": 3, "id": "all", "iccid": "1111111111111"}]
    assert sensor_value(hass, f"{serial}_wan3_sms_inbox") == 0


@pytest.mark.parametrize("which", [{}, {"all": False}, {"all": True, "message_ids": 1}])
async def test_ids_or_all_not_both(
    hass: HomeAssistant, simulator: RouterSimulator, router: str, which: dict[str, Any]
) -> None:
    """Deleting every message takes asking for it, and only for it."""
    err = await refused_call(
        hass,
        SERVICE_DELETE_SMS,
        {ATTR_DEVICE_ID: router, **which},
        ServiceValidationError,
    )

    assert err.translation_key == "delete_sms_which"
    assert simulator.requests[DELETE] == 0


async def test_deleted_id_reused_by_a_new_message(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
    router: str,
) -> None:
    """A new message in a deleted one's slot is news."""
    await call(hass, SERVICE_DELETE_SMS, {ATTR_DEVICE_ID: router, "message_ids": 1})
    await async_poll(hass, freezer, 60, simulator)
    assert receive_sms(simulator.state, FIRST_CELLULAR, "+111", "Slot 1 again") == [1]

    await async_poll(hass, freezer, 60, simulator)

    event = state_of(hass, Platform.EVENT, f"{serial}_wan3_sms_received")
    assert event.attributes["text"] == "Slot 1 again"
    assert event.attributes["message_ids"] == [1]


async def test_refused_by_router(
    hass: HomeAssistant, simulator: RouterSimulator, router: str
) -> None:
    simulator.inject(DELETE, Fault.stat_fail(3, "invalid id"))
    err = await refused_call(
        hass,
        SERVICE_DELETE_SMS,
        {ATTR_DEVICE_ID: router, "message_ids": 1},
        HomeAssistantError,
    )

    assert err.translation_key == "action_failed"
    assert "invalid id" in str(err)


@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_firmware_before_8_5_2(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    router: str,
) -> None:
    """The router reads SMS but cannot delete them: the action says so."""
    assert init_integration.unique_id is not None
    err = await refused_call(
        hass,
        SERVICE_DELETE_SMS,
        {ATTR_DEVICE_ID: router, "all": True},
        HomeAssistantError,
    )

    assert err.translation_key == "action_needs_firmware"
    assert err.translation_placeholders["firmware"] == "8.5.2"
    assert "8.5.2" in str(err)
    assert simulator.requests[DELETE] == 1
    assert sensor_value(hass, f"{init_integration.unique_id}_wan2_sms_inbox") == 1


async def test_delete_without_reading_the_inbox(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Where the inbox is not read, the SIM is the one the WAN status names."""
    simulator.inject("cmd.sms.get", Fault.UNSUPPORTED)
    assert await async_setup_integration(hass, mock_config_entry)
    assert "sms" not in mock_config_entry.runtime_data.polled
    wan = device_by_identifier(
        device_registry, f"{mock_config_entry.unique_id}_wan{FIRST_CELLULAR}"
    )
    assert wan is not None

    response = await call(
        hass, SERVICE_DELETE_SMS, {ATTR_DEVICE_ID: wan.id, "message_ids": [1]}
    )

    assert response == {"deleted": [1], "wan": FIRST_CELLULAR}
    assert deletes(simulator) == [
        {"connId": FIRST_CELLULAR, "id": 1, "iccid": ACTIVE_ICCID}
    ]
