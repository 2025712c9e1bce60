"""An SMS's length as the network counts it, and the text no SMS can carry."""

from __future__ import annotations

from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.peplink.gsm7 import SmsLength, sendable, sms_length
from custom_components.peplink.sms import check_message

GREEK = "Καλημέρα"  # lower-case Greek: outside the GSM alphabet
EMOJI = "\U0001f600"  # beyond the BMP: two UTF-16 code units


def gsm7(length: int) -> SmsLength:
    """A GSM-7 text's length: characters, out of 160."""
    return SmsLength(length, 160)


def ucs2(length: int) -> SmsLength:
    """A UCS-2 text's length: UTF-16 code units, out of 70."""
    return SmsLength(length, 70)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x" * 160, gsm7(160)),
        ("x" * 161, gsm7(161)),
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà", gsm7(44)),
        ("é", gsm7(1)),
        ("ê", ucs2(1)),
        ("`", ucs2(1)),
        ("€", gsm7(2)),
        ("^{}\\[~]|€\f", gsm7(20)),
        ("x" * 78 + "{}", gsm7(82)),
        ("€" * 80, gsm7(160)),
        ("€" * 80 + "x", gsm7(161)),
        ("x" * 159 + EMOJI, ucs2(161)),
        (EMOJI, ucs2(2)),
        (EMOJI * 35, ucs2(70)),
        ("x" * 69 + EMOJI, ucs2(71)),
        ("語" * 70, ucs2(70)),
        ("語" * 71, ucs2(71)),
        ("€" * 69 + "ê", ucs2(70)),
        (GREEK, ucs2(8)),
        ("\ud83d\ude00", ucs2(2)),
    ],
    ids=[
        "gsm7-160",
        "gsm7-161",
        "gsm7-basic-set",
        "e-acute-gsm7",
        "e-circumflex-ucs2",
        "backtick-ucs2",
        "euro-two",
        "extension-two-each",
        "braces-two-each",
        "euros-160",
        "euros-161",
        "emoji-makes-ucs2",
        "emoji-two-units",
        "emoji-70",
        "emoji-71",
        "cjk-70",
        "cjk-71",
        "extension-one-in-ucs2",
        "greek",
        "surrogate-pair",
    ],
)
def test_sms_length(text: str, expected: SmsLength) -> None:
    """GSM-7 characters (two for the extension table), else UTF-16 code units."""
    assert sms_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("line\nbreak\r\n", True),
        ("page\fbreak", True),
        (EMOJI, True),
        ("\ud83d\ude00", True),
        ("nul\x00", False),
        ("bell\x07", False),
        ("tab\t", False),
        ("escape\x1b", False),
        ("delete\x7f", False),
        ("c1\x85", False),
        ("half\ud83d", False),
        ("\ude00half", False),
        ("\ude00\ud83d", False),
    ],
)
def test_sendable(text: str, expected: bool) -> None:
    """Controls other than line breaks and form feed, and lone surrogates, are not."""
    assert sendable(text) is expected


@pytest.mark.parametrize(
    ("message", "key", "placeholders"),
    [
        ("", "empty_message", None),
        ("x" * 161, "message_too_long", {"length": "161", "max_length": "160"}),
        ("€" * 81, "message_too_long", {"length": "162", "max_length": "160"}),
        (
            (GREEK + " ") * 7 + "ê" * 8,
            "message_too_long",
            {"length": "71", "max_length": "70"},
        ),
        ("Hi\x00", "unsendable_message", None),
        ("Hi \ud83d", "unsendable_message", None),
        # Unsendable whatever its length: the character is the first thing to fix.
        ("x" * 200 + "\x00", "unsendable_message", None),
    ],
)
def test_check_message_refuses(
    message: str, key: str, placeholders: dict[str, str] | None
) -> None:
    """Each refusal has its translated error, the limit that applies and the length."""
    with pytest.raises(ServiceValidationError) as raised:
        check_message(message)

    assert raised.value.translation_key == key
    assert raised.value.translation_placeholders == placeholders


@pytest.mark.parametrize(
    "message", ["x" * 160, "€" * 80, EMOJI * 35, "語" * 70, GREEK + EMOJI + "\n"]
)
def test_check_message_accepts(message: str) -> None:
    """A text that fits one SMS in its encoding passes."""
    check_message(message)
