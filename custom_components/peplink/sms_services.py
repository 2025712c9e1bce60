"""The delete_sms action: one message, or every message, of a cellular WAN's SIM.

Routers delete SMS from firmware 8.5.2; an older one refuses, and the action
says that its firmware lacks it. The call names a device as the other SMS
actions do (services.py).
"""

from __future__ import annotations

import contextlib

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util.json import JsonValueType
import voluptuous as vol

from .api import Wan
from .const import DOMAIN
from .endpoints import SMS
from .errors import action_errors
from .services import (
    ATTR_WAN,
    WAN_ID,
    async_require_admin,
    async_resolve_device,
    cellular_wan,
)

SERVICE_DELETE_SMS = "delete_sms"
DELETE_SMS_FIRMWARE = "8.5.2"

ATTR_MESSAGE_IDS = "message_ids"
ATTR_ALL = "all"

DELETE_SMS_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_WAN): WAN_ID,
        # The ids of a message's parts, as read_sms and the SMS event give them.
        vol.Optional(ATTR_MESSAGE_IDS): vol.All(
            cv.ensure_list, [vol.All(vol.Coerce(int), vol.Range(min=0))]
        ),
        vol.Optional(ATTR_ALL, default=False): cv.boolean,
    }
)


@callback
def async_setup_sms_services(hass: HomeAssistant) -> None:
    """Register the delete_sms action."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_DELETE_SMS,
        _async_delete_sms,
        schema=DELETE_SMS_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )


async def _async_delete_sms(call: ServiceCall) -> ServiceResponse:
    """Delete messages from the active SIM of a cellular WAN, for admins."""
    await async_require_admin(call)
    message_ids: list[int] = call.data.get(ATTR_MESSAGE_IDS, [])
    if bool(message_ids) == call.data[ATTR_ALL]:
        # Deleting every message takes asking for it, and only for it.
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="delete_sms_which"
        )
    target = async_resolve_device(call)
    wan = cellular_wan(target, call.data.get(ATTR_WAN))
    runtime = target.entry.runtime_data
    coordinator = runtime.coordinator(SMS)
    inbox = coordinator.data.get(wan.wan_id) if coordinator is not None else None
    iccid = inbox.iccid if inbox is not None else _active_iccid(wan)
    # A poll in flight meanwhile is read again.
    writing = (
        coordinator.writing() if coordinator is not None else contextlib.nullcontext()
    )
    async with action_errors(needs_firmware=DELETE_SMS_FIRMWARE), writing:
        targets: list[int | None] = [*message_ids] or [None]
        for message_id in targets:
            await runtime.client.delete_sms(wan.wan_id, iccid, message_id)
    if coordinator is not None:
        # The inbox count falls now, not at the next poll.
        await coordinator.async_refresh()
    if not call.return_response:
        return None
    deleted: list[JsonValueType] | str = [*message_ids] or "all"
    return {"deleted": deleted, "wan": wan.wan_id}


def _active_iccid(wan: Wan) -> str | None:
    """The ICCID of the SIM in use, where the WAN status names it."""
    if wan.cellular is None:
        return None
    return next((sim.iccid for sim in wan.cellular.sims if sim.active), None)
