"""Tolerant readers for values in router responses.

Routers send numbers as strings, omit fields, send null, or change shapes between
firmware releases. Each reader returns None for a value it cannot read, or one
that cannot be true (a negative total, a position off the globe), so one
malformed field never fails a whole response and never shows as real.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import contextlib
import math
from typing import Any

_TRUE_STRINGS = frozenset({"true", "yes", "on", "1"})
_FALSE_STRINGS = frozenset({"false", "no", "off", "0"})
# Routers count in 64 bits at most: a larger whole number is garbage.
_INT_MIN = -(2**63)
_INT_MAX = 2**63 - 1
# No uptime or lease lasts a century.
_LONGEST_DURATION = 100 * 365 * 24 * 3600
# Unix times from this one on (in the year 5138) are in milliseconds.
_MILLISECONDS_FROM = 10**11
# 9999-12-31 23:59:59 UTC, the last second a datetime holds.
_LATEST_TIMESTAMP = 253_402_300_799


def as_float(
    value: Any, *, minimum: float = -math.inf, maximum: float = math.inf
) -> float | None:
    """Read a finite number within bounds, also from a numeric string."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not minimum <= number <= maximum:
        return None
    return number


def as_int(
    value: Any, *, minimum: int = _INT_MIN, maximum: int = _INT_MAX
) -> int | None:
    """Read a whole number within bounds, also from a string such as "3" or "3.0"."""
    number = _whole(value)
    return number if number is not None and minimum <= number <= maximum else None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        # Exact where a float would round; thousands of digits are no number.
        with contextlib.suppress(ValueError):
            return int(value.strip())
    real = as_float(value)
    return int(real) if real is not None else None


def as_signal_strength(value: Any) -> float | None:
    """Read a Wi-Fi signal strength: dBm, or a percentage on some firmware."""
    return as_float(value, minimum=-200, maximum=100)


def as_duration(value: Any) -> int | None:
    """Read a number of seconds: never negative, never beyond a century."""
    return as_int(value, minimum=0, maximum=_LONGEST_DURATION)


def as_timestamp(value: Any) -> int | None:
    """Read a Unix time in seconds, also one sent in milliseconds."""
    seconds = as_int(value, minimum=0)
    if seconds is not None and seconds >= _MILLISECONDS_FROM:
        seconds //= 1000
    if seconds is None or seconds > _LATEST_TIMESTAMP:
        return None
    return seconds


def as_str(value: Any) -> str | None:
    """Read a non-empty string; finite numbers become their text."""
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii():
            # JSON may escape halves of characters, which nothing can store.
            text = text.encode("utf-8", "replace").decode("utf-8")
        return text or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(value)
    return None


def as_bool(value: Any) -> bool | None:
    """Read a boolean, also from 0/1 and from "true"/"yes" strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE_STRINGS:
            return True
        if text in _FALSE_STRINGS:
            return False
    return None


def as_dict(value: Any) -> Mapping[str, Any]:
    """Read an object; anything else reads as an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """Read an array; anything else reads as an empty one."""
    return value if isinstance(value, list) else []


def indexed_entries(container: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Yield (id, object) pairs of a router collection.

    Routers key collections by id ("1", "2", ...) next to an ``order`` list, and
    ids need not be contiguous. Ids in ``order`` come first, in that order; ids the
    list misses follow in numeric order. Entries that are not objects are skipped.
    """
    data = as_dict(container)
    entries: dict[int, Mapping[str, Any]] = {}
    for key, value in data.items():
        entry_id = as_int(key)
        if entry_id is not None and isinstance(value, Mapping):
            entries[entry_id] = value
    seen: set[int] = set()
    for raw_id in as_list(data.get("order")):
        entry_id = as_int(raw_id)
        if entry_id in entries and entry_id not in seen:
            seen.add(entry_id)
            yield entry_id, entries[entry_id]
    for entry_id in sorted(entries.keys() - seen):
        yield entry_id, entries[entry_id]
