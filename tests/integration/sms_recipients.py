"""Helpers of the SMS recipients' tests: their router, an entry with a recipient, sending.

Test modules import the fixtures by name (`profile`, `platforms`), as
tests/conftest.py does those of tests/fixtures.py.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.notify import (
    ATTR_MESSAGE,
    ATTR_TITLE,
    DOMAIN as NOTIFY_DOMAIN,
    SERVICE_SEND_MESSAGE,
)
from homeassistant.config_entries import ConfigSubentryDataWithId
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.api import Credentials
from custom_components.peplink.const import DOMAIN
from custom_components.peplink.subentry_flow import SUBENTRY_SMS_RECIPIENT
from simulator import RouterSimulator
from tests.constants import ADMIN
from tests.integration.common import config_entry_for


@pytest.fixture
def platforms() -> list[Platform]:
    """The notify platform only."""
    return [Platform.NOTIFY]


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs, 3 and 4, both connected."""
    return "max"


SEND = "cmd.sms.sendMessage"
# The recipient of the tests, as its subentry stores it.
RECIPIENT_ID = "01JRECIPIENT0000000000000"
RECIPIENT_NAME = "On call"
NUMBER = "+85235984335"


def recipient_subentry(
    data: dict[str, Any] | None = None,
    *,
    subentry_id: str = RECIPIENT_ID,
    title: str = RECIPIENT_NAME,
) -> ConfigSubentryDataWithId:
    """A stored SMS recipient: the test number unless `data` says otherwise."""
    data = {"number": NUMBER} if data is None else data
    return ConfigSubentryDataWithId(
        subentry_id=subentry_id,
        subentry_type=SUBENTRY_SMS_RECIPIENT,
        title=title,
        unique_id=data["number"],
        data=data,
    )


def entry_with_recipients(
    simulator: RouterSimulator,
    recipients: list[ConfigSubentryDataWithId],
    credentials: Credentials = ADMIN,
) -> MockConfigEntry:
    """A config entry for the simulated router with these SMS recipients."""
    entry = config_entry_for(simulator, credentials)
    return MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        unique_id=entry.unique_id,
        data=dict(entry.data),
        subentries_data=recipients,
    )


async def send_message(
    hass: HomeAssistant, entity_id: str, message: str, title: str | None = None
) -> None:
    """Call notify.send_message on an entity and wait for it."""
    data = {ATTR_ENTITY_ID: entity_id, ATTR_MESSAGE: message}
    if title is not None:
        data[ATTR_TITLE] = title
    await hass.services.async_call(
        NOTIFY_DOMAIN, SERVICE_SEND_MESSAGE, data, blocking=True
    )
