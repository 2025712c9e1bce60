"""Which SMS are news: the messages already seen, remembered across restarts.

A message is news once: the ids of the parts seen are stored per WAN and SIM,
with each part's timestamp (the router reuses an id once its message is
deleted). The inbox of a SIM seen for the first time holds no news, so
neither setting up, reloading nor restarting replays old messages; a message
that arrived while the entry was not loaded is news when it is loaded again.
A message gone from the inbox is remembered still (among the latest
REMEMBERED), so that an inbox that once reads empty replays nothing after.

A SIM not ready yet (just after setup, a SIM swap or a switch of the
preferred SIM) may list nothing for a poll, then its old messages: when a
SIM's inbox is first seen empty, the time is stored too, and until the inbox
first lists a message, only a message the router dates no earlier than that
time (less CLOCK_TOLERANCE) or not at all is news.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .api import SmsInbox, SmsMessage
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry

# 2 added the time a SIM was first seen with an empty inbox.
STORAGE_VERSION = 2
# Parts remembered per WAN and SIM: more than a SIM holds.
REMEMBERED = 500
# Seconds a message may be dated before its SIM was first seen empty and be
# news still: the router's clock and Home Assistant's differ a little, and a
# message received while the SIM was not ready yet is news too.
CLOCK_TOLERANCE = 600


class _StoredInbox(TypedDict):
    """What is stored of a WAN's SIM."""

    parts: list[str]
    # Unix time the SIM was first seen, with an empty inbox; until it lists
    # a message.
    first_seen_empty: NotRequired[int]


type _Stored = dict[str, _StoredInbox]


class _SeenStore(Store[_Stored]):
    """The store of an entry's messages seen, read from older versions too."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: Any
    ) -> _Stored:
        """Version 1 listed each SIM's parts only."""
        if old_major_version != 1:
            raise NotImplementedError
        # An inbox stored empty may be a SIM that was not ready: its messages
        # dated before now are no news.
        now = int(dt_util.utcnow().timestamp())
        return {
            key: {"parts": parts} if parts else {"parts": [], "first_seen_empty": now}
            for key, parts in old_data.items()
        }


def _store(hass: HomeAssistant, entry_id: str) -> _SeenStore:
    return _SeenStore(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.sms")


async def async_remove_seen_messages(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the messages seen through a config entry being removed."""
    await _store(hass, entry_id).async_remove()


def _inbox_key(wan_id: int, inbox: SmsInbox) -> str:
    """The WAN and the SIM: a swapped SIM's messages are not the old one's."""
    sim = inbox.iccid or (f"sim{inbox.sim_id}" if inbox.sim_id is not None else "sim")
    return f"wan{wan_id}/{sim}"


def _part_keys(message: SmsMessage) -> set[str]:
    timestamp = message.timestamp or 0
    return {f"{part_id}@{timestamp}" for part_id in message.message_ids}


def _latest(parts: set[str]) -> set[str]:
    """The latest REMEMBERED parts, by the time their message arrived."""
    if len(parts) <= REMEMBERED:
        return parts
    return set(
        sorted(parts, key=lambda part: int(part.partition("@")[2]))[-REMEMBERED:]
    )


class SeenMessages:
    """The messages of each WAN's SIM seen so far, stored per config entry."""

    def __init__(self, hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
        """Store what the entry's router has shown."""
        self._hass = hass
        self._entry = entry
        self._store = _store(hass, entry.entry_id)
        self._seen: dict[str, set[str]] = {}
        self._first_seen_empty: dict[str, int] = {}

    async def async_load(self) -> None:
        """Read what was seen before this setup."""
        stored = await self._store.async_load() or {}
        self._seen = {key: set(inbox["parts"]) for key, inbox in stored.items()}
        self._first_seen_empty = {
            key: inbox["first_seen_empty"]
            for key, inbox in stored.items()
            if "first_seen_empty" in inbox
        }

    @callback
    def async_news(self, wan_id: int, inbox: SmsInbox) -> list[SmsMessage]:
        """The messages of an inbox not seen before, oldest first; now seen.

        A multi-part message whose parts arrived in two polls is news again,
        whole, with the later parts.
        """
        key = _inbox_key(wan_id, inbox)
        known = self._seen.get(key)
        current = {part for message in inbox.messages for part in _part_keys(message)}
        seen = _latest(current | (known or set()))
        changed = seen != known
        self._seen[key] = seen
        since = self._first_seen_empty.get(key)
        if known is None and not current:
            self._first_seen_empty[key] = int(dt_util.utcnow().timestamp())
        elif since is not None and current:
            del self._first_seen_empty[key]
            changed = True
        if changed:
            self._async_save()
        if known is None:
            return []
        return sorted(
            (
                message
                for message in inbox.messages
                if not _part_keys(message) <= known
                and (
                    since is None
                    or message.timestamp is None
                    or message.timestamp >= since - CLOCK_TOLERANCE
                )
            ),
            key=lambda message: (message.timestamp or 0, message.message_ids),
        )

    @callback
    def _async_save(self) -> None:
        data: _Stored = {}
        for key, parts in self._seen.items():
            data[key] = {"parts": sorted(parts)}
            if key in self._first_seen_empty:
                data[key]["first_seen_empty"] = self._first_seen_empty[key]
        # Awaited when the entry unloads: a reload reads what was written.
        self._entry.async_create_task(
            self._hass, self._store.async_save(data), "peplink store seen SMS"
        )
