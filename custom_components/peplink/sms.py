"""Which SMS are news: the messages already seen, remembered across restarts.

A message is news once: the ids of the parts seen so far are stored per WAN
and SIM, with each part's timestamp (the router reuses an id once its message
is deleted). The inbox of a SIM seen for the first time holds no news, so
neither setting up, reloading nor restarting replays old messages; a message
that arrived while the entry was not loaded is news when it is loaded again.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .api import SmsInbox, SmsMessage
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry

STORAGE_VERSION = 1


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
    return {f"{part_id}@{message.timestamp}" for part_id in message.message_ids}


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
        # Deleted messages are forgotten: their ids may come back.
        current = {part for message in inbox.messages for part in _part_keys(message)}
        if current != known:
            self._seen[key] = current
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
