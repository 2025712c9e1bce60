"""SMS as Home Assistant takes and shows them.

What the router is asked to send, the number and the text, is checked: the
send_sms action and the SMS recipients (notify entities) check alike, before
anything is sent, as an SMS costs money and a refused one costs a request.
A received message shows when it arrived alike in its event and in read_sms.
"""

from __future__ import annotations

import re

from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .api import SmsMessage
from .const import DOMAIN
from .gsm7 import sendable, sms_length

_NUMBER = re.compile(r"\+?[0-9]{3,20}")


def received_at(message: SmsMessage) -> str | None:
    """When the router received a message, in ISO 8601 (UTC); None if undated."""
    if message.timestamp is None:
        return None
    return dt_util.utc_from_timestamp(message.timestamp).isoformat()


def phone_number(text: str) -> str | None:
    """The number as the router takes it (without spaces); None if it is none."""
    number = "".join(text.split())
    return number if _NUMBER.fullmatch(number) else None


def checked_recipient(text: str) -> str:
    """The recipient's number, or a translated error naming what was given."""
    number = phone_number(text)
    if number is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_recipient",
            translation_placeholders={"recipient": text},
        )
    return number


def check_message(message: str) -> None:
    """Refuse an empty text, one no SMS can carry, or one longer than an SMS."""
    if not message.strip():
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="empty_message"
        )
    if not sendable(message):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="unsendable_message"
        )
    length = sms_length(message)
    if length.length > length.max_length:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="message_too_long",
            translation_placeholders={
                "length": str(length.length),
                "max_length": str(length.max_length),
            },
        )
