"""SMS within the request budget, however many cellular WANs a router has.

With more cellular WANs than a poll reads, the inboxes are read in turn, and
no message is lost or doubled.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator
from simulator.sms import receive_sms
from tests.integration.common import async_poll
from tests.integration.sms_events import SmsEvents, event_entity

SMS_POLL = 60  # seconds


@pytest.fixture(autouse=True)
def one_inbox_a_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """The max profile's two cellular WANs, as if they were more than a poll reads."""
    monkeypatch.setattr("custom_components.peplink.endpoints.INBOXES_A_POLL", 1)


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", ["max"])
async def test_inboxes_in_turn(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """One inbox a minute; each WAN's message comes once, within two minutes."""
    first = SmsEvents(hass, event_entity(hass, init_integration, 3))
    second = SmsEvents(hass, event_entity(hass, init_integration, 4))
    simulator.reset_counters()

    receive_sms(simulator.state, 3, "+4915112345678", "STATUS")
    receive_sms(simulator.state, 4, "Carrier", "Your code is 123456.")
    for _ in range(4):
        await async_poll(hass, freezer, SMS_POLL, simulator)

    assert simulator.requests["cmd.sms.get"] == 4
    assert first.texts() == ["STATUS"]
    assert second.texts() == ["Your code is 123456."]
