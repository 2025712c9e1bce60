"""Performance budgets as counts: requests and logins per profile, state writes."""

from __future__ import annotations

import asyncio
from collections import Counter
from itertools import pairwise

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import RouterSimulator
from tests.integration.budget import (
    DURATION,
    HARDWARE_INFO,
    MAX_REQUESTS_A_MINUTE,
    STEP,
    endpoint,
    interval,
)
from tests.integration.common import async_poll


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("profile", "polled"),
    [
        (
            "legacy",
            {
                "status.wan.connection",
                "status.traffic",
                "status.client",
                HARDWARE_INFO,
                "status.wan.connection.allowance",
                "status.pepvpn",
                "info.location",
                "cmd.ap",
                "cmd.sms.get (WAN 1)",
                "cmd.sms.get (WAN 2)",
                "config.ssid.profile",
            },
        ),
        (
            "fusionhub",
            {
                "status.wan.connection",
                "status.traffic",
                "status.client",
                "status.pepvpn",
            },
        ),
    ],
)
async def test_request_budget_of_other_profiles(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    polled: set[str],
) -> None:
    """Legacy firmware (one info type a request, CGI paths) and FusionHub."""
    assert simulator.logins == 1
    simulator.reset_counters()
    times: dict[str, list[int]] = {}
    per_minute: Counter[int] = Counter()
    for elapsed in range(STEP, DURATION + 1, STEP):
        await async_poll(hass, freezer, STEP, simulator)
        for request in simulator.request_log:
            times.setdefault(endpoint(request), []).append(elapsed)
        per_minute[(elapsed - 1) // 60] += len(simulator.request_log)
        simulator.request_log.clear()

    assert simulator.logins == 0
    assert set(times) == polled
    assert max(per_minute.values()) <= MAX_REQUESTS_A_MINUTE
    for name, at in times.items():
        seconds = interval(name).total_seconds()
        # One poll per tier interval; legacy firmware asks for fans and
        # sensors in two requests sent together, at the same time.
        polls = sorted(set(at))
        assert all(b - a >= seconds for a, b in pairwise(polls)), (name, at)
        assert len(polls) >= DURATION // seconds - 1, (name, at)


@pytest.fixture
def state_writes(hass: HomeAssistant) -> list[Event]:
    """Every state_changed and state_reported event from now on."""
    events: list[Event] = []

    @callback
    def record(event: Event) -> None:
        events.append(event)

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    hass.bus.async_listen(
        EVENT_STATE_REPORTED, record, event_filter=callback(lambda _: True)
    )
    return events


async def refresh_all(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Refresh every coordinator of the entry at once."""
    await asyncio.gather(
        *(
            coordinator.async_refresh()
            for coordinator in entry.runtime_data.coordinators
        )
    )
    await hass.async_block_till_done()


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["balance", "max"])
async def test_no_state_write_when_nothing_changed(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    state_writes: list[Event],
) -> None:
    """The router's clock stands still: every endpoint answers as before."""
    simulator.reset_counters()
    await refresh_all(hass, init_integration)
    assert len(simulator.request_log) >= len(init_integration.runtime_data.coordinators)
    assert state_writes == []


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_one_value_changed_writes_one_state(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    state_writes: list[Event],
) -> None:
    """A sensor's temperature changes: only its entity is written."""
    temperature = simulator.state.thermal[0]["temperature"] + 3
    simulator.set_temperature(0, temperature)
    await refresh_all(hass, init_integration)
    assert [event.event_type for event in state_writes] == [EVENT_STATE_CHANGED]
    new_state = state_writes[0].data["new_state"]
    assert new_state.domain == "sensor"
    assert float(new_state.state) == pytest.approx(temperature)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_steady_polling_writes_only_changed_states(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    state_writes: list[Event],
) -> None:
    """Counters move every poll; entities whose state did not are not written."""
    for _ in range(60 // STEP * 5):
        await async_poll(hass, freezer, STEP, simulator)
    assert state_writes
    assert all(event.event_type == EVENT_STATE_CHANGED for event in state_writes)
