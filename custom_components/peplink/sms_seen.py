"""Which SMS are news: the messages already seen, remembered across restarts.

A message is news once: the ids of the parts seen are stored per WAN and SIM,
with each part's timestamp (the router reuses an id once its message is
deleted). The inbox of a SIM seen for the first time holds no news, so
neither setting up, reloading nor restarting replays old messages; a message
that arrived while the entry was not loaded is news when it is loaded again.
A message gone from the inbox is remembered still (among the latest
REMEMBERED), so that an inbox that once reads empty replays nothing after.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .api import SmsInbox, SmsMessage
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry

STORAGE_VERSION = 1
# Parts remembered per WAN and SIM: more than a SIM holds.
REMEMBERED = 500


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, list[str]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.sms")


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

    async def async_load(self) -> None:
        """Read what was seen before this setup."""
        stored = await self._store.async_load() or {}
        self._seen = {key: set(parts) for key, parts in stored.items()}

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
        if seen != known:
            self._seen[key] = seen
            # Awaited when the entry unloads: a reload reads what was written.
            self._entry.async_create_task(
                self._hass,
                self._store.async_save(
                    {key: sorted(parts) for key, parts in self._seen.items()}
                ),
                "peplink store seen SMS",
            )
        if known is None:
            return []
        return sorted(
            (message for message in inbox.messages if not _part_keys(message) <= known),
            key=lambda message: (message.timestamp or 0, message.message_ids),
        )
