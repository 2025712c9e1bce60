"""Tolerant readers for values in router responses.

Routers send numbers as strings, omit fields, send null, or change shapes between
firmware releases. Each reader returns None for a value it cannot read, so one
malformed field never fails a whole response.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import math
from typing import Any

_TRUE_STRINGS = frozenset({"true", "yes", "on", "1"})
_FALSE_STRINGS = frozenset({"false", "no", "off", "0"})


def as_float(value: Any) -> float | None:
    """Read a finite number, also from a numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_int(value: Any) -> int | None:
    """Read a whole number, also from a numeric string such as "3" or "3.0"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = as_float(value)
    return int(number) if number is not None else None


def as_str(value: Any) -> str | None:
    """Read a non-empty string; numbers become their text."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
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
