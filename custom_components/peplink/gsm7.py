"""How much of an SMS a text takes: GSM-7 characters, or UCS-2 code units.

An SMS holds 160 characters of the GSM 03.38 default alphabet, where those of
its extension table take two (an escape and the character); a text with any
other character is sent as UCS-2, which holds 70 UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass
import unicodedata

GSM7_MAX_LENGTH = 160
UCS2_MAX_LENGTH = 70

# The default alphabet in code order, without 0x1B (the escape to the extension).
_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039eÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENSION = frozenset("\f^{}\\[~]|€")
# The control characters an SMS carries; the others have no place in either encoding.
_CARRIED_CONTROLS = frozenset("\n\r\f")


@dataclass(frozen=True, slots=True)
class SmsLength:
    """A text's length in its encoding's units, and the most one SMS holds."""

    length: int
    max_length: int


def sendable(text: str) -> bool:
    """Whether an SMS can carry it: no other control, no lone surrogate."""
    if any(
        unicodedata.category(char) == "Cc" and char not in _CARRIED_CONTROLS
        for char in text
    ):
        return False
    try:
        _utf16(text).decode("utf-16-le")
    except UnicodeDecodeError:
        return False
    return True


def sms_length(text: str) -> SmsLength:
    """How long the text is as an SMS: GSM-7 if it can be, UCS-2 otherwise."""
    if all(char in _BASIC or char in _EXTENSION for char in text):
        length = sum(2 if char in _EXTENSION else 1 for char in text)
        return SmsLength(length, GSM7_MAX_LENGTH)
    # A character beyond the BMP, such as an emoji, takes two (a surrogate pair).
    return SmsLength(len(_utf16(text)) // 2, UCS2_MAX_LENGTH)


def _utf16(text: str) -> bytes:
    """The text in UTF-16, surrogates kept as they are (paired or not)."""
    return text.encode("utf-16-le", "surrogatepass")
