"""Actions of the integration: SMS through a cellular WAN, and calls to the API.

Deleting SMS is in sms_services.py, which shares the helpers below.

The actions are registered once for the integration; each call names a device
(the router's, or one of its WANs'), which picks the router, and for the SMS
actions the WAN. Their `wan` field, a WAN's ID on the router, serves
automations only: the UI shows it in advanced mode alone.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
import re
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.json import json_bytes
import voluptuous as vol

from .api import Wan
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry
from .devices import wan_identifier, wan_name
from .errors import action_errors, sms_errors
from .sms import check_message, checked_recipient, received_at

SERVICE_SEND_SMS = "send_sms"
SERVICE_READ_SMS = "read_sms"
SERVICE_API_REQUEST = "api_request"

ATTR_WAN = "wan"
ATTR_RECIPIENT = "recipient"
ATTR_MESSAGE = "message"
ATTR_FUNCTION = "function"
ATTR_METHOD = "method"
ATTR_BODY = "body"

METHODS = ("GET", "POST")
# Letters, digits and single dots: the call stays a function under /api/.
_FUNCTION = re.compile(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)*")
# The router's longest function name has 32 characters.
FUNCTION_MAX_LENGTH = 64
# The router's commands take a few fields; nothing needs more.
BODY_MAX_BYTES = 4096
# Functions (and the groups under them) that sign in or out, or create, read or
# change credentials: admin sessions, API clients and their tokens, Wi-Fi keys.
# An action must neither reveal the router's secrets nor end the integration's
# own session.
CREDENTIAL_FUNCTIONS = (
    "login",
    "logout",
    "auth",
    "config.ssid.profile",
    "cmd.wifi.connect",
    "cmd.wifi.forget",
)

WAN_ID = vol.All(vol.Coerce(int), vol.Range(min=1))

SEND_SMS_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_WAN): WAN_ID,
        vol.Required(ATTR_RECIPIENT): cv.string,
        vol.Required(ATTR_MESSAGE): cv.string,
    }
)
READ_SMS_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_WAN): WAN_ID,
    }
)
API_REQUEST_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_FUNCTION): cv.string,
        vol.Optional(ATTR_METHOD, default="GET"): vol.All(
            cv.string, vol.Upper, vol.In(METHODS)
        ),
        vol.Optional(ATTR_BODY): dict,
    }
)


@dataclass(frozen=True, slots=True)
class _Target:
    """The router a call addresses, and the WAN whose device it named."""

    entry: PeplinkConfigEntry
    wan_id: int | None


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SEND_SMS,
        _async_send_sms,
        schema=SEND_SMS_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_READ_SMS,
        _async_read_sms,
        schema=READ_SMS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_API_REQUEST,
        _async_api_request,
        schema=API_REQUEST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )


async def _async_send_sms(call: ServiceCall) -> ServiceResponse:
    """Send an SMS through a cellular WAN, for admins."""
    await async_require_admin(call)
    recipient = checked_recipient(call.data[ATTR_RECIPIENT])
    message: str = call.data[ATTR_MESSAGE]
    check_message(message)
    target = async_resolve_device(call)
    wan = cellular_wan(target, call.data.get(ATTR_WAN))
    client = target.entry.runtime_data.client
    # As an SMS recipient's: an SMS without the router's answer may have gone out.
    async with sms_errors():
        await client.send_sms(wan.wan_id, recipient, message)
    if not call.return_response:
        return None
    return {"sent": True, "wan": wan.wan_id}


async def _async_read_sms(call: ServiceCall) -> ServiceResponse:
    """Read the messages stored on the active SIM of a cellular WAN, for admins.

    They hold one-time codes and the carrier's messages.
    """
    await async_require_admin(call)
    target = async_resolve_device(call)
    wan = cellular_wan(target, call.data.get(ATTR_WAN))
    client = target.entry.runtime_data.client
    inbox = await router_call(client.get_sms(wan.wan_id))
    return {
        "messages": [
            {
                # A multi-part message is one, with the ids of its parts.
                "id": message.message_ids[0],
                "ids": list(message.message_ids),
                "sender": message.sender,
                "received": received_at(message),
                "text": message.text,
            }
            for message in inbox.messages
        ]
    }


async def _async_api_request(call: ServiceCall) -> ServiceResponse:
    """Call a function of the router's API, for admins; none that handles credentials."""
    await async_require_admin(call)
    function = _allowed_function(call.data[ATTR_FUNCTION])
    method: str = call.data[ATTR_METHOD]
    body: dict[str, Any] | None = call.data.get(ATTR_BODY)
    if body is not None:
        _check_body(body, method)
    target = async_resolve_device(call)
    client = target.entry.runtime_data.client
    payload = await router_call(
        client.call(
            function,
            method=method,
            body=(body or {}) if method == "POST" else None,
        )
    )
    return {"response": payload}


def _allowed_function(function: str) -> str:
    """The function an api_request may call; refuse any other before sending."""
    if len(function) > FUNCTION_MAX_LENGTH:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="function_too_long",
            translation_placeholders={
                "length": str(len(function)),
                "max_length": str(FUNCTION_MAX_LENGTH),
            },
        )
    if not _FUNCTION.fullmatch(function):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_function",
            translation_placeholders={"function": function},
        )
    # Whether the router tells upper from lower case in a name is not
    # documented: the check does not.
    name = function.lower()
    if any(
        name == refused or name.startswith(f"{refused}.")
        for refused in CREDENTIAL_FUNCTIONS
    ):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="credential_function",
            translation_placeholders={"function": function},
        )
    return function


def _check_body(body: dict[str, Any], method: str) -> None:
    """Refuse a body the router must not get: with a GET, unencodable or too large."""
    if method != "POST":
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="body_requires_post"
        )
    try:
        # Encoded as the client session encodes it.
        size = len(json_bytes(body))
    except TypeError:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="invalid_body"
        ) from None
    if size > BODY_MAX_BYTES:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="body_too_large",
            translation_placeholders={
                "size": str(size),
                "max_size": str(BODY_MAX_BYTES),
            },
        )


async def async_require_admin(call: ServiceCall) -> None:
    """Refuse a user who is not an admin; calls without a user pass."""
    if not call.context.user_id:
        return
    user = await call.hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if not user.is_admin:
        raise Unauthorized(context=call.context)


@callback
def async_resolve_device(call: ServiceCall) -> _Target:
    """The loaded config entry of the device a call names, and its WAN if any."""
    device_id: str = call.data[ATTR_DEVICE_ID]
    registry = dr.async_get(call.hass)
    device = registry.async_get(device_id)
    identifiers = (
        {value for domain, value in device.identifiers if domain == DOMAIN}
        if device is not None
        else set()
    )
    entries: list[PeplinkConfigEntry] = [
        entry
        for entry in call.hass.config_entries.async_entries(DOMAIN)
        if any(
            entry_device.id == device_id
            for entry_device in dr.async_entries_for_config_entry(
                registry, entry.entry_id
            )
        )
    ]
    if device is None or not identifiers or not entries:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_device",
            translation_placeholders={"device_id": device_id},
        )
    entry = next(
        (entry for entry in entries if entry.state is ConfigEntryState.LOADED), None
    )
    if entry is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="router_not_loaded",
            translation_placeholders={"name": device.name_by_user or device.name or ""},
        )
    serial_number = entry.runtime_data.serial_number
    if serial_number in identifiers:
        return _Target(entry, None)
    for identifier in identifiers:
        number = identifier.rpartition("_wan")[2]
        if number.isdigit() and identifier == wan_identifier(
            serial_number, int(number)
        ):
            return _Target(entry, int(number))
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="invalid_device",
        translation_placeholders={"device_id": device_id},
    )


def cellular_wan(target: _Target, wan_id: int | None) -> Wan:
    """The cellular WAN a call asks for, or the one its device or router implies."""
    entry = target.entry
    wans = entry.runtime_data.wan.data.wans
    if wan_id is None:
        wan_id = target.wan_id
    elif target.wan_id is not None and wan_id != target.wan_id:
        # Which one was meant is unknown, and an SMS costs money.
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="wan_mismatch",
            translation_placeholders={
                "wan": str(wan_id),
                "device_wan": str(target.wan_id),
            },
        )
    if wan_id is None:
        wan = next((wan for wan in wans.values() if wan.cellular is not None), None)
        if wan is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="no_cellular_wan",
                translation_placeholders={"name": entry.title},
            )
        return wan
    wan = wans.get(wan_id)
    if wan is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="wan_not_found",
            translation_placeholders={"wan": str(wan_id), "name": entry.title},
        )
    if wan.cellular is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="wan_not_cellular",
            translation_placeholders={
                "wan": str(wan_id),
                "wan_name": wan_name(wan),
            },
        )
    return wan


async def router_call[T](request: Awaitable[T]) -> T:
    """Await a request, turning the client's errors into Home Assistant's."""
    async with action_errors():
        return await request
