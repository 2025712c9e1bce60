"""Notify entities: an SMS recipient (a config subentry), on a device of its own.

`notify.send_message` sends one SMS through the recipient's cellular WAN, or
the first connected one. The text is checked before anything is sent, and an
SMS is sent once: the client never sends a write again after the request went
out, whatever became of its answer.
"""

from __future__ import annotations

from dataclasses import replace

from homeassistant.components.notify import (
    NotifyEntity,
    NotifyEntityDescription,
    NotifyEntityFeature,
)
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import Wan, WanState
from .const import DOMAIN
from .coordinator import PeplinkConfigEntry, PeplinkCoordinator
from .devices import recipient_identifier, wan_name
from .endpoints import WanData
from .entity import PeplinkEntity
from .errors import sms_errors
from .sms import check_message
from .subentry_flow import CONF_NUMBER, CONF_WAN, SUBENTRY_SMS_RECIPIENT

# One SMS at a time: the router's modem sends them one by one.
PARALLEL_UPDATES = 1

SMS_RECIPIENT = NotifyEntityDescription(
    key="sms_recipient", translation_key="sms_recipient"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A notify entity per SMS recipient, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_SMS_RECIPIENT:
            async_add_entities(
                [PeplinkSmsRecipient(runtime.wan, subentry)],
                config_subentry_id=subentry.subentry_id,
            )


class PeplinkSmsRecipient(PeplinkEntity[WanData], NotifyEntity):
    """An SMS recipient; available while the router answers."""

    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(
        self, coordinator: PeplinkCoordinator[WanData], subentry: ConfigSubentry
    ) -> None:
        """On the recipient's device (setup registers it), keyed to the subentry."""
        self.number: str = subentry.data[CONF_NUMBER]
        self.wan_id: int | None = subentry.data.get(CONF_WAN)
        self.subentry_id = subentry.subentry_id
        super().__init__(
            coordinator,
            replace(SMS_RECIPIENT, key=f"{SMS_RECIPIENT.key}_{subentry.subentry_id}"),
        )

    def _device_info(self) -> DeviceInfo:
        return DeviceInfo(
            identifiers={
                (DOMAIN, recipient_identifier(self.serial_number, self.subentry_id))
            }
        )

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Send one SMS; the title, if any, comes first."""
        content = f"{title}: {message}" if title else message
        check_message(content)
        wan = self._sending_wan()
        async with sms_errors():
            await self.client.send_sms(wan.wan_id, self.number, content)

    def _sending_wan(self) -> Wan:
        """The recipient's WAN, or the first connected cellular one; connected."""
        wans = self.coordinator.data.wans
        name = self.coordinator.config_entry.title
        if self.wan_id is None:
            wan = next(
                (
                    wan
                    for wan in wans.values()
                    if wan.cellular is not None and wan.state is WanState.CONNECTED
                ),
                None,
            )
            if wan is None:
                raise HomeAssistantError(
                    translation_domain=DOMAIN,
                    translation_key="no_connected_cellular_wan",
                    translation_placeholders={"name": name},
                )
            return wan
        wan = wans.get(self.wan_id)
        if wan is None or wan.cellular is None or wan.state is not WanState.CONNECTED:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="sms_wan_not_connected",
                translation_placeholders={
                    "wan": str(self.wan_id),
                    "wan_name": wan_name(wan) if wan else f"WAN {self.wan_id}",
                    "name": name,
                },
            )
        return wan
