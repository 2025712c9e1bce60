"""Repairs: a changed certificate, a locked account, what an API client cannot read."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
import voluptuous as vol

from .api import PeplinkError
from .client_factory import async_presented_fingerprint
from .compat import RepairsFlowResult
from .const import CONF_CERTIFICATE_SHA256, DOMAIN
from .endpoints import TRAFFIC
from .trust import format_fingerprint

CERTIFICATE_CHANGED = "certificate_changed"
ACCOUNT_LOCKED = "account_locked"
# The router refuses API clients the web-admin function of its traffic.
TRAFFIC_NEEDS_ADMIN = "traffic_needs_admin"


def _issue_id(kind: str, entry: ConfigEntry[Any]) -> str:
    return f"{kind}_{entry.entry_id}"


@callback
def async_report_issue(hass: HomeAssistant, entry: ConfigEntry[Any], kind: str) -> None:
    """Raise the repair issue; only a changed certificate can be fixed from it."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(kind, entry),
        is_fixable=kind == CERTIFICATE_CHANGED,
        severity=ir.IssueSeverity.ERROR,
        translation_key=kind,
        translation_placeholders={"name": entry.title, "host": entry.data[CONF_HOST]},
        data={"entry_id": entry.entry_id},
    )


@callback
def async_report_admin_only(
    hass: HomeAssistant, entry: ConfigEntry[Any], functions: frozenset[str]
) -> None:
    """Say what the API client cannot read, the router refusing it `functions`.

    Some firmware refuses API tokens on its web-admin functions; what needs
    them is then missing, and an admin sign-in would read it. (Where that is
    the router's identity, setup fails instead.) Withdrawn where nothing is.
    """
    issue_id = _issue_id(TRAFFIC_NEEDS_ADMIN, entry)
    if functions.isdisjoint(TRAFFIC.functions):
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=TRAFFIC_NEEDS_ADMIN,
        translation_placeholders={"name": entry.title, "host": entry.data[CONF_HOST]},
    )


@callback
def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Withdraw the entry's issues, where raised: the router answers as it should."""
    registry = ir.async_get(hass)
    for kind in (CERTIFICATE_CHANGED, ACCOUNT_LOCKED):
        if registry.async_get_issue(DOMAIN, _issue_id(kind, entry)) is not None:
            ir.async_delete_issue(hass, DOMAIN, _issue_id(kind, entry))


class CertificateChangedRepairFlow(RepairsFlow):
    """Show the router's new certificate and trust it when the user confirms."""

    def __init__(self, entry_id: str) -> None:
        """Repair the entry whose router changed its certificate."""
        self._entry_id = entry_id
        self._fingerprint = ""

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Trust the certificate shown, then set the entry up again."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        if user_input is not None:
            self.hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_CERTIFICATE_SHA256: self._fingerprint}
            )
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
            return self.async_create_entry(data={})
        try:
            # Only a TLS handshake: nothing is sent to the new certificate.
            self._fingerprint = await async_presented_fingerprint(entry.data)
        except PeplinkError:
            return self.async_abort(reason="cannot_connect")
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={
                "host": entry.data[CONF_HOST],
                "fingerprint": format_fingerprint(self._fingerprint),
            },
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the flow that fixes a changed certificate."""
    assert data is not None  # noqa: S101 - every fixable issue carries its entry
    return CertificateChangedRepairFlow(str(data["entry_id"]))
