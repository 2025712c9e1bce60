"""SMS recipients' notify entities: notify.send_message sends one SMS."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.const import DOMAIN
from simulator import PROFILES, Fault, RouterSimulator
from tests.constants import API_CLIENT, READ_ONLY_CLIENT
from tests.integration.actions import FIRST_CELLULAR, SECOND_CELLULAR
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    async_setup_integration,
    device_by_identifier,
    entity_id_of,
    is_available,
)
from tests.integration.fault_matrix import REQUEST_TIMEOUT, short_request_timeout
from tests.integration.platform_snapshot import async_snapshot_platform
from tests.integration.sms_recipients import (
    NUMBER,
    RECIPIENT_ID,
    SEND,
    entry_with_recipients,
    platforms as platforms,
    profile as profile,
    recipient_subentry,
    send_message,
)


@pytest.fixture
def recipient() -> dict[str, Any]:
    """The stored recipient's data: the test number, any connected WAN."""
    return {"number": NUMBER}


@pytest.fixture
def mock_config_entry(
    simulator: RouterSimulator, recipient: dict[str, Any]
) -> MockConfigEntry:
    """The simulated router, signed in as admin, with one SMS recipient."""
    return entry_with_recipients(simulator, [recipient_subentry(recipient)])


@pytest.fixture
def unique_id(serial: str) -> str:
    """The unique ID of the recipient's notify entity."""
    return f"{serial}_sms_recipient_{RECIPIENT_ID}"


@pytest.fixture
def notify_entity(hass: HomeAssistant, unique_id: str) -> str:
    """The entity ID of the recipient's notify entity."""
    return entity_id_of(hass, Platform.NOTIFY, unique_id)


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """A recipient's entity on every profile: on a device of its own."""
    await async_snapshot_platform(hass, snapshot, init_integration)


async def test_entity_belongs_to_subentry(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
    notify_entity: str,
) -> None:
    entity = entity_registry.async_get(notify_entity)
    assert entity is not None
    assert entity.config_subentry_id == RECIPIENT_ID
    # A device of its own, under the router's: a device belongs to one subentry.
    device = device_registry.async_get(entity.device_id or "")
    assert device is not None
    assert device.identifiers == {
        (DOMAIN, f"{init_integration.unique_id}_sms_recipient_{RECIPIENT_ID}")
    }
    assert device.name == "On call"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    router = device_by_identifier(device_registry, init_integration.unique_id or "")
    assert router is not None
    assert device.via_device_id == router.id
    state = hass.states.get(notify_entity)
    assert state is not None
    assert state.state == STATE_UNKNOWN
    assert state.name == "On call SMS"


async def test_send_message(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    """One SMS, through the first connected cellular WAN, the title first."""
    await send_message(hass, notify_entity, "WAN 1 is down", title="Router")

    assert simulator.requests[SEND] == 1
    assert simulator.state.sent_sms == [
        {
            "connId": FIRST_CELLULAR,
            "address": NUMBER,
            "content": "Router: WAN 1 is down",
        }
    ]
    state = hass.states.get(notify_entity)
    assert state is not None
    assert state.state != STATE_UNKNOWN


async def test_send_without_title(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    await send_message(hass, notify_entity, "x" * 160)

    assert [sms["content"] for sms in simulator.state.sent_sms] == ["x" * 160]


async def test_first_connected_cellular_wan(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    notify_entity: str,
) -> None:
    """The first cellular WAN disconnected: the second sends."""
    simulator.set_wan_state(FIRST_CELLULAR, "disconnected")
    await async_poll(hass, freezer, WAN_POLL, simulator)

    await send_message(hass, notify_entity, "Hi")

    assert [sms["connId"] for sms in simulator.state.sent_sms] == [SECOND_CELLULAR]


@pytest.mark.parametrize("recipient", [{"number": NUMBER, "wan": SECOND_CELLULAR}])
async def test_named_wan(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    await send_message(hass, notify_entity, "Hi")

    assert [sms["connId"] for sms in simulator.state.sent_sms] == [SECOND_CELLULAR]


@pytest.mark.parametrize("recipient", [{"number": NUMBER, "wan": SECOND_CELLULAR}])
async def test_named_wan_not_connected(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    notify_entity: str,
) -> None:
    """The recipient's WAN is down: refused, not sent through another."""
    simulator.set_wan_state(SECOND_CELLULAR, "disconnected")
    await async_poll(hass, freezer, WAN_POLL, simulator)

    with pytest.raises(HomeAssistantError) as raised:
        await send_message(hass, notify_entity, "Hi")

    assert raised.value.translation_key == "sms_wan_not_connected"
    assert raised.value.translation_placeholders is not None
    assert raised.value.translation_placeholders["wan"] == str(SECOND_CELLULAR)
    assert simulator.requests[SEND] == 0


async def test_no_connected_cellular_wan(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    unique_id: str,
    notify_entity: str,
) -> None:
    """No cellular WAN connected: an error, nothing sent; the entity stays."""
    simulator.set_wan_state(FIRST_CELLULAR, "disconnected")
    simulator.set_wan_state(SECOND_CELLULAR, "standby")
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert is_available(hass, Platform.NOTIFY, unique_id)

    with pytest.raises(HomeAssistantError) as raised:
        await send_message(hass, notify_entity, "Hi")

    assert raised.value.translation_key == "no_connected_cellular_wan"
    assert simulator.requests[SEND] == 0


@pytest.mark.parametrize(
    ("message", "title", "key"),
    [
        ("x" * 161, None, "message_too_long"),
        ("x" * 151, "Router 1", "message_too_long"),
        ("  ", None, "empty_message"),
        (("Καλημέρα σας " * 6)[:69] + "\U0001f44b", None, "message_too_long"),
        ("語" * 61, "Καλημέρα", "message_too_long"),
        ("Hi\x07", None, "unsendable_message"),
    ],
    ids=["too-long", "too-long-with-title", "empty", "ucs2-71", "ucs2-title", "bell"],
)
async def test_refused_before_sending(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    notify_entity: str,
    message: str,
    title: str | None,
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await send_message(hass, notify_entity, message, title)

    assert raised.value.translation_key == key
    assert simulator.requests[SEND] == 0


async def test_router_refuses(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    """The router's refusal is an error with its reason; not sent again."""
    simulator.inject(SEND, Fault.stat_fail(400, "Invalid parameter: address"))

    with pytest.raises(HomeAssistantError) as raised:
        await send_message(hass, notify_entity, "Hi")

    assert raised.value.translation_key == "sms_refused"
    assert raised.value.translation_placeholders is not None
    assert "Invalid parameter" in raised.value.translation_placeholders["error"]
    assert simulator.requests[SEND] == 1


async def test_answer_lost_after_sending(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    """The router sent the SMS but its answer was lost: an error, never resent."""
    simulator.inject(SEND, Fault.LOST_ANSWER, count=1)

    with pytest.raises(HomeAssistantError) as raised:
        await send_message(hass, notify_entity, "Hi")

    assert raised.value.translation_key == "sms_unconfirmed"
    assert simulator.requests[SEND] == 1
    assert len(simulator.state.sent_sms) == 1


async def test_session_expired_before_sending(
    hass: HomeAssistant, simulator: RouterSimulator, notify_entity: str
) -> None:
    """The router refused the session, so sent nothing: signed in again, sent once."""
    simulator.inject(SEND, Fault.UNAUTHORIZED, count=1)

    await send_message(hass, notify_entity, "Hi")

    assert simulator.requests[SEND] == 2
    assert len(simulator.state.sent_sms) == 1


@pytest.mark.parametrize(
    ("credentials", "created"),
    [(READ_ONLY_CLIENT, False), (API_CLIENT, True)],
    ids=["read-only", "read-write"],
)
async def test_api_client(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    credentials: Any,
    created: bool,
) -> None:
    """A read-only API client may not send: no notify entity."""
    entry = entry_with_recipients(simulator, [recipient_subentry()], credentials)
    assert await async_setup_integration(hass, entry)

    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert bool(entities) is created


async def test_number_and_text_not_logged(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    notify_entity: str,
) -> None:
    """Sent, refused or unconfirmed: neither the number nor the text in a log line."""
    caplog.set_level(logging.DEBUG)
    errors: list[str] = []
    await send_message(hass, notify_entity, "Private text", title="Private title")
    for fault in (Fault.stat_fail(400, "Invalid parameter"), Fault.LOST_ANSWER):
        simulator.inject(SEND, fault, count=1)
        with pytest.raises(HomeAssistantError) as raised:
            await send_message(hass, notify_entity, "Private text")
        errors.append(str(raised.value))
    await hass.async_block_till_done()

    assert len(simulator.state.sent_sms) == 2
    assert any(SEND in record.getMessage() for record in caplog.records)
    text = "\n".join([caplog.text, *errors])
    for private in (NUMBER, NUMBER[1:], "Private text", "Private title"):
        assert private not in text


@pytest.mark.usefixtures("tolerate_refused_handshakes")
async def test_certificate_changed(
    hass: HomeAssistant, https_simulator: RouterSimulator
) -> None:
    """Another certificate than the one pinned: refused, and nothing sent."""
    entry = entry_with_recipients(https_simulator, [recipient_subentry()])
    assert await async_setup_integration(hass, entry)
    notify_entity = entity_id_of(
        hass, Platform.NOTIFY, f"{entry.unique_id}_sms_recipient_{RECIPIENT_ID}"
    )
    await https_simulator.replace_certificate()
    https_simulator.reset_counters()

    with pytest.raises(HomeAssistantError) as raised:
        await send_message(hass, notify_entity, "Hi")

    assert raised.value.translation_key == "sms_refused"
    assert not https_simulator.request_log
    assert not https_simulator.state.sent_sms


async def test_timeout_is_not_sent_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The client gave up waiting for the router: an error, and one request only."""
    with short_request_timeout():
        assert await async_setup_integration(hass, mock_config_entry)
    notify_entity = entity_id_of(
        hass,
        Platform.NOTIFY,
        f"{mock_config_entry.unique_id}_sms_recipient_{RECIPIENT_ID}",
    )
    simulator.inject(SEND, Fault.TIMEOUT, count=1)
    sending = asyncio.ensure_future(send_message(hass, notify_entity, "Hi"))
    held = await simulator.wait_held()

    freezer.tick(timedelta(seconds=REQUEST_TIMEOUT))
    async_fire_time_changed(hass)
    with pytest.raises(HomeAssistantError) as raised:
        await sending
    assert simulator.release_held(held) == 1
    await hass.async_block_till_done()

    assert raised.value.translation_key == "sms_unconfirmed"
    assert simulator.requests[SEND] == 1
