"""The client's errors as Home Assistant's, in one place.

Each error of the client has one message (a key of "exceptions" in
translations/en.json), and two raise a repair issue. Four faces use them:
setup and polling (`router_error`), entity commands (`command_errors`),
actions (`action_errors`) and SMS sent by notify entities (`sms_errors`); bad
input to an action stays a validation error, raised where the input is checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryNotReady,
    HomeAssistantError,
)
from homeassistant.helpers.update_coordinator import UpdateFailed

from .api import (
    PeplinkAccountLockedError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .const import DOMAIN
from .repairs import ACCOUNT_LOCKED, CERTIFICATE_CHANGED, async_report_issue


def router_error(
    hass: HomeAssistant, entry: ConfigEntry[Any], err: PeplinkError, *, setup: bool
) -> HomeAssistantError:
    """What setup (`setup=True`) or a poll raises for an error of the client.

    Refused credentials start reauthentication; everything else is retried,
    by setup later or by the next poll. The matching repair issue is raised.
    """
    retry = ConfigEntryNotReady if setup else UpdateFailed
    if isinstance(err, PeplinkCertificateChangedError):
        async_report_issue(hass, entry, CERTIFICATE_CHANGED)
        return retry(translation_domain=DOMAIN, translation_key="certificate_changed")
    if isinstance(err, PeplinkAccountLockedError):
        # The client waits before signing in again; polling resumes by itself.
        async_report_issue(hass, entry, ACCOUNT_LOCKED)
        return retry(translation_domain=DOMAIN, translation_key="account_locked")
    if isinstance(err, PeplinkAuthenticationError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        )
    return retry(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": str(err)},
    )


@asynccontextmanager
async def command_errors() -> AsyncIterator[None]:
    """An entity command: the router's refusal is an error with its reason."""
    try:
        yield
    except PeplinkError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="write_failed",
            translation_placeholders={"error": str(err)},
        ) from err


@asynccontextmanager
async def action_errors(*, needs_firmware: str | None = None) -> AsyncIterator[None]:
    """An action: unsupported by this router, or refused, with the reason.

    An action that older firmware lacks names the firmware it ``needs``.
    """
    try:
        yield
    except PeplinkUnsupportedError as err:
        if needs_firmware is not None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="action_needs_firmware",
                translation_placeholders={
                    "firmware": needs_firmware,
                    "error": str(err),
                },
            ) from err
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_unsupported",
            translation_placeholders={"error": str(err)},
        ) from err
    except PeplinkError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_failed",
            translation_placeholders={"error": str(err)},
        ) from err


@asynccontextmanager
async def sms_errors() -> AsyncIterator[None]:
    """An SMS: refused by the router, or without the router's answer.

    Without an answer, the SMS may have gone out: the error says so, and
    nothing sends it again. A refused certificate sent nothing; a router
    without SMS says it does not support the action.
    """
    try:
        yield
    except PeplinkUnsupportedError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_unsupported",
            translation_placeholders={"error": str(err)},
        ) from err
    except PeplinkConnectionError as err:
        if isinstance(err, PeplinkTlsError):
            raise _sms_refused(err) from err
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="sms_unconfirmed",
            translation_placeholders={"error": str(err)},
        ) from err
    except PeplinkError as err:
        raise _sms_refused(err) from err


def _sms_refused(err: PeplinkError) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="sms_refused",
        translation_placeholders={"error": str(err)},
    )
