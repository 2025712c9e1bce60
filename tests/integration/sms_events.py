"""The SMS tests' router, fixtures and helpers: events as an automation sees them.

Test modules import the fixtures by name (`profile`, `platforms`), as
tests/conftest.py does those of tests/fixtures.py.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.integration.common import entity_id_of, sensor_value

# The max profile's cellular WANs: WAN 3's SIM holds a message and a two-part
# one (ids 1, and 2 and 6); WAN 4's holds none.
FIRST, SECOND = 3, 4
SMS_POLL = 60  # seconds: the inboxes are read once a minute
STORAGE_KEY = "peplink.{}.sms"


@pytest.fixture
def profile() -> str:
    """A router with two cellular WANs, on firmware 8.5.2."""
    return "max"


@pytest.fixture
def platforms() -> list[Platform]:
    """The events, and the sensors for the inbox count."""
    return [Platform.EVENT, Platform.SENSOR]


class SmsEvents:
    """The SMS events of a WAN's entity, as an automation sees them.

    A state written when the entity is added again (restored) is no event.
    """

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Record from now on."""
        self.received: list[dict[str, Any]] = []

        @callback
        def record(event: Event[EventStateChangedData]) -> None:
            old, new = event.data["old_state"], event.data["new_state"]
            if old is None or new is None or old.state == STATE_UNAVAILABLE:
                return
            if new.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
                return
            self.received.append(dict(new.attributes))

        async_track_state_change_event(hass, [entity_id], record)

    def texts(self) -> list[str | None]:
        """What the messages said, in the order they came."""
        return [event["text"] for event in self.received]


def event_entity(hass: HomeAssistant, entry: MockConfigEntry, wan_id: int) -> str:
    """The entity ID of a WAN's SMS event."""
    return entity_id_of(
        hass, Platform.EVENT, f"{entry.unique_id}_wan{wan_id}_sms_received"
    )


def inbox_count(hass: HomeAssistant, entry: MockConfigEntry, wan_id: int) -> float:
    """The SMS inbox sensor of a WAN."""
    return sensor_value(hass, f"{entry.unique_id}_wan{wan_id}_sms_inbox")
