"""Adding, changing and removing SMS recipients: config subentries of a router."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.subentry_flow import SUBENTRY_SMS_RECIPIENT
from simulator import RouterSimulator
from tests.constants import READ_ONLY_CLIENT
from tests.integration.actions import SECOND_CELLULAR
from tests.integration.common import (
    async_add_router,
    async_setup_integration,
    device_by_identifier,
)
from tests.integration.sms_recipients import (
    NUMBER,
    RECIPIENT_ID,
    RECIPIENT_NAME,
    SEND,
    entry_with_recipients,
    platforms as platforms,
    profile as profile,
    recipient_subentry,
    send_message,
)


async def start(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str | None = None
) -> FlowResult[Any, Any]:
    """Open the form that adds a recipient, or changes the one given."""
    context: dict[str, Any] = {"source": SOURCE_USER}
    if subentry_id is not None:
        context = {"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id}
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_SMS_RECIPIENT), context=context
    )


async def submit(
    hass: HomeAssistant, flow: FlowResult[Any, Any], user_input: dict[str, Any]
) -> FlowResult[Any, Any]:
    """Submit a recipient's form, and let the entry reload."""
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], user_input
    )
    await hass.async_block_till_done()
    return result


def notify_entities(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> dict[str | None, str]:
    """The entry's notify entities, by subentry."""
    return {
        entity.config_subentry_id: entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == Platform.NOTIFY
    }


async def test_add_recipient(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The recipient added gets a notify entity that sends to it."""
    flow = await start(hass, init_integration)
    assert flow["type"] is FlowResultType.FORM
    assert flow["step_id"] == "user"
    wan_field = next(key for key in flow["data_schema"].schema if str(key) == "wan")
    options = flow["data_schema"].schema[wan_field].config["options"]
    assert [option["value"] for option in options] == ["3", "4"]

    result = await submit(hass, flow, {"name": " Skipper ", "number": "+852 3598 4335"})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    (subentry,) = init_integration.subentries.values()
    assert subentry.title == "Skipper"
    assert subentry.unique_id == NUMBER
    assert dict(subentry.data) == {"number": NUMBER}
    assert init_integration.state is ConfigEntryState.LOADED
    entities = notify_entities(entity_registry, init_integration)
    assert list(entities) == [subentry.subentry_id]
    assert entities[subentry.subentry_id] == "notify.skipper_sms"

    await send_message(hass, entities[subentry.subentry_id], "Anchor dragging")

    assert simulator.state.sent_sms == [
        {"connId": 3, "address": NUMBER, "content": "Anchor dragging"}
    ]


async def test_add_recipient_with_wan(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    flow = await start(hass, init_integration)
    await submit(
        hass,
        flow,
        {"name": "Skipper", "number": NUMBER, "wan": str(SECOND_CELLULAR)},
    )

    (subentry,) = init_integration.subentries.values()
    assert dict(subentry.data) == {"number": NUMBER, "wan": SECOND_CELLULAR}


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        ({"name": "Skipper", "number": "12"}, {"number": "invalid_number"}),
        ({"name": "Skipper", "number": "+1 555 01a0"}, {"number": "invalid_number"}),
        ({"name": "  ", "number": NUMBER}, {"name": "empty_name"}),
    ],
    ids=["too-short", "letter", "no-name"],
)
async def test_invalid_input(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    user_input: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Shown on its field; the form can then be corrected."""
    flow = await start(hass, init_integration)
    result = await submit(hass, flow, user_input)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert not init_integration.subentries

    result = await submit(hass, result, {"name": "Skipper", "number": NUMBER})
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_number_already_a_recipient(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = entry_with_recipients(simulator, [recipient_subentry()])
    assert await async_setup_integration(hass, entry)

    flow = await start(hass, entry)
    result = await submit(hass, flow, {"name": "Again", "number": "+852 35984335"})

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(entry.subentries) == 1


async def test_read_only_client(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = await async_add_router(hass, simulator, READ_ONLY_CLIENT)

    result = await start(hass, entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "read_only"


@pytest.mark.parametrize("profile", ["balance"])
async def test_no_cellular_wan(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await start(hass, init_integration)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_cellular_wan"


async def test_entry_not_loaded(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = entry_with_recipients(simulator, [])
    entry.add_to_hass(hass)

    result = await start(hass, entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"


async def test_reconfigure(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
) -> None:
    """A changed recipient keeps its entity, renamed, and sends to the new number."""
    entry = entry_with_recipients(
        simulator, [recipient_subentry({"number": NUMBER, "wan": 3})]
    )
    assert await async_setup_integration(hass, entry)
    before = notify_entities(entity_registry, entry)[RECIPIENT_ID]

    flow = await start(hass, entry, RECIPIENT_ID)
    assert flow["step_id"] == "reconfigure"
    assert {
        str(key): key.description["suggested_value"]
        for key in flow["data_schema"].schema
    } == {"name": RECIPIENT_NAME, "number": NUMBER, "wan": "3"}
    result = await submit(
        hass,
        flow,
        {"name": "Harbour master", "number": "988", "wan": str(SECOND_CELLULAR)},
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[RECIPIENT_ID]
    assert subentry.title == "Harbour master"
    assert dict(subentry.data) == {"number": "988", "wan": SECOND_CELLULAR}
    assert notify_entities(entity_registry, entry) == {RECIPIENT_ID: before}
    state = hass.states.get(before)
    assert state is not None
    assert state.name is not None
    # The recipient's device is renamed with it.
    assert state.name == "Harbour master SMS"

    await send_message(hass, before, "Hi")

    assert simulator.state.sent_sms == [
        {"connId": SECOND_CELLULAR, "address": "988", "content": "Hi"}
    ]


async def test_remove_recipient(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
) -> None:
    """The removed recipient's entity leaves the registry and the states."""
    other = recipient_subentry(
        {"number": "988"}, subentry_id="01JOTHERRECIPIENT00000000", title="Other"
    )
    entry = entry_with_recipients(simulator, [recipient_subentry(), other])
    assert await async_setup_integration(hass, entry)
    entities = notify_entities(entity_registry, entry)
    assert set(entities) == {RECIPIENT_ID, other["subentry_id"]}

    assert hass.config_entries.async_remove_subentry(entry, RECIPIENT_ID)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert notify_entities(entity_registry, entry) == {
        other["subentry_id"]: entities[other["subentry_id"]]
    }
    assert hass.states.get(entities[RECIPIENT_ID]) is None
    assert hass.states.get(entities[other["subentry_id"]]) is not None
    assert simulator.requests[SEND] == 0
    assert set(entry.subentries) == {other["subentry_id"]}
    # Its device went with it; the other's stays.
    assert not device_by_identifier(
        device_registry, f"{entry.unique_id}_sms_recipient_{RECIPIENT_ID}"
    )
    assert device_by_identifier(
        device_registry, f"{entry.unique_id}_sms_recipient_{other['subentry_id']}"
    )
