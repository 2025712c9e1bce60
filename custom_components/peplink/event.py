"""Events: an SMS received on a cellular WAN's SIM."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import SmsInbox, SmsMessage
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator
from .endpoints import SMS, SmsInboxes
from .entity import PeplinkSmsEntity, async_add_entities_of, sms_inboxes
from .sms import received_at
from .sms_seen import SeenMessages

# Coordinators poll; entities never update on their own.
PARALLEL_UPDATES = 0

RECEIVED = "received"

SMS_RECEIVED = EventEntityDescription(
    key="sms_received",
    translation_key="sms_received",
    event_types=[RECEIVED],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create an SMS event of each cellular WAN, where the router offers SMS."""
    seen = SeenMessages(hass, entry)
    await seen.async_load()
    async_add_entities_of(
        entry,
        async_add_entities,
        SMS,
        sms_inboxes,
        lambda sms, wan_id: [PeplinkSmsEvent(sms, SMS_RECEIVED, wan_id, seen)],
    )


def event_attributes(message: SmsMessage, inbox: SmsInbox) -> dict[str, Any]:
    """What an automation gets of a message."""
    return {
        "sender": message.sender,
        "text": message.text,
        "received": received_at(message),
        "sim": inbox.sim_id,
        "message_ids": list(message.message_ids),
    }


class PeplinkSmsEvent(PeplinkSmsEntity, EventEntity):
    """An SMS received on the SIM of a cellular WAN: each new message once."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[SmsInboxes],
        description: EventEntityDescription,
        wan_id: int,
        seen: SeenMessages,
    ) -> None:
        """Tell news from messages seen before, as the entry's store remembers."""
        super().__init__(coordinator, description, wan_id)
        self._seen = seen

    async def async_added_to_hass(self) -> None:
        """Announce what arrived while the entry was not loaded, after the first state."""
        await super().async_added_to_hass()
        if news := self._news():
            # Not started at once: the platform writes the first state when
            # this returns, and the news must follow it.
            self.coordinator.config_entry.async_create_task(
                self.hass,
                self._async_announce_soon(news),
                f"{self.entity_id} SMS received meanwhile",
                eager_start=False,
            )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Announce each new message, then show availability changes."""
        self._async_announce(self._news())
        self.async_write_state_if_changed()

    def _news(self) -> list[SmsMessage]:
        inbox = self.inbox
        if inbox is None:
            return []
        return self._seen.async_news(self.wan_id, inbox)

    async def _async_announce_soon(self, news: list[SmsMessage]) -> None:
        self._async_announce(news)

    @callback
    def _async_announce(self, news: list[SmsMessage]) -> None:
        inbox = self.inbox
        if inbox is None or not news:
            return
        for message in news:
            self._trigger_event(RECEIVED, event_attributes(message, inbox))
            # One state a message: an automation sees each.
            self.async_write_ha_state()
        self._shown = self._what_is_shown()
