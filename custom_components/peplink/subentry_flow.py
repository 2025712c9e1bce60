"""SMS recipients: config subentries, each a notify entity of the router.

A recipient has a name, a phone number and, optionally, the cellular WAN that
sends to it; without one, the first connected cellular WAN sends.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentry,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .coordinator import PeplinkConfigEntry
from .sms import phone_number

SUBENTRY_SMS_RECIPIENT = "sms_recipient"
CONF_NUMBER = "number"
CONF_WAN = "wan"

_NAME = TextSelector()
_NUMBER = TextSelector(TextSelectorConfig(type=TextSelectorType.TEL))


class SmsRecipientFlow(ConfigSubentryFlow):
    """Add or change an SMS recipient of a loaded router that may write."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Ask for the recipient's name, number and, optionally, WAN."""
        return await self._async_step_form("user", user_input, None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a recipient's name, number or WAN."""
        return await self._async_step_form(
            "reconfigure", user_input, self._get_reconfigure_subentry()
        )

    async def _async_step_form(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        subentry: ConfigSubentry | None,
    ) -> SubentryFlowResult:
        entry: PeplinkConfigEntry = self._get_entry()
        # The WANs to choose from, and whether the sign-in may send, are known
        # only to a loaded entry.
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        if entry.runtime_data.client.read_only:
            return self.async_abort(reason="read_only")
        wans = _cellular_wans(entry)
        if not wans:
            return self.async_abort(reason="no_cellular_wan")
        errors: dict[str, str] = {}
        if user_input is not None:
            title = user_input[CONF_NAME].strip()
            number = phone_number(user_input[CONF_NUMBER])
            if not title:
                errors[CONF_NAME] = "empty_name"
            if number is None:
                errors[CONF_NUMBER] = "invalid_number"
            elif any(
                other.unique_id == number and other is not subentry
                for other in entry.subentries.values()
                if other.subentry_type == SUBENTRY_SMS_RECIPIENT
            ):
                return self.async_abort(reason="already_configured")
            elif not errors:
                data: dict[str, Any] = {CONF_NUMBER: number}
                if wan := user_input.get(CONF_WAN):
                    data[CONF_WAN] = int(wan)
                if subentry is None:
                    return self.async_create_entry(
                        title=title, data=data, unique_id=number
                    )
                return self.async_update_and_abort(
                    entry, subentry, title=title, data=data, unique_id=number
                )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                _schema(wans), user_input or _suggested(subentry)
            ),
            errors=errors,
        )


def _cellular_wans(entry: PeplinkConfigEntry) -> list[SelectOptionDict]:
    """The router's cellular WANs, as options (value: the WAN's ID)."""
    return [
        SelectOptionDict(value=str(wan.wan_id), label=wan.name or f"WAN {wan.wan_id}")
        for wan in entry.runtime_data.wan.data.wans.values()
        if wan.cellular is not None
    ]


def _schema(wans: list[SelectOptionDict]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_NAME): _NAME,
            vol.Required(CONF_NUMBER): _NUMBER,
            vol.Optional(CONF_WAN): SelectSelector(
                SelectSelectorConfig(options=wans, mode=SelectSelectorMode.DROPDOWN)
            ),
        }
    )


def _suggested(subentry: ConfigSubentry | None) -> dict[str, Any]:
    """A recipient's values, as its form shows them."""
    if subentry is None:
        return {}
    suggested = {CONF_NAME: subentry.title, CONF_NUMBER: subentry.data[CONF_NUMBER]}
    if CONF_WAN in subentry.data:
        suggested[CONF_WAN] = str(subentry.data[CONF_WAN])
    return suggested
