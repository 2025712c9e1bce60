"""The request budget: what ten minutes of polling cost the router."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import pairwise

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.peplink.const import (
    CLIENTS_INTERVAL,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
    TRAFFIC_INTERVAL,
    WAN_INTERVAL,
)
from simulator import Fault, RouterSimulator, SimRequest

STEP = 5
DURATION = 10 * 60
MAX_REQUESTS_A_MINUTE = 20

# Each endpoint and its tier interval. status.system.info serves two tiers:
# the identity (infoType=device) and the hardware (fans and thermal sensors).
INTERVALS: dict[str, timedelta] = {
    "status.wan.connection": WAN_INTERVAL,
    "status.traffic": TRAFFIC_INTERVAL,
    "status.client": CLIENTS_INTERVAL,
    "status.system.info hardware": HEALTH_INTERVAL,
    "status.wan.connection.allowance": HEALTH_INTERVAL,
    "status.pepvpn": HEALTH_INTERVAL,
    "info.location": HEALTH_INTERVAL,
    "cmd.ap": HEALTH_INTERVAL,
    "status.system.info identity": IDENTITY_INTERVAL,
    "info.firmware": IDENTITY_INTERVAL,
}


def endpoint(request: SimRequest) -> str:
    """Name the polling tier a request belongs to."""
    if request.function != "status.system.info":
        return request.function
    info_types = request.query.get("infoType", "").split()
    return (
        "status.system.info identity"
        if info_types == ["device"]
        else "status.system.info hardware"
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("profile", "polled"),
    [
        (
            "balance",
            {
                "status.wan.connection",
                "status.traffic",
                "status.client",
                "status.system.info hardware",
                "status.pepvpn",
            },
        ),
        (
            "max",
            {
                "status.wan.connection",
                "status.traffic",
                "status.client",
                "status.system.info hardware",
                "status.wan.connection.allowance",
                "status.pepvpn",
                "info.location",
                "cmd.ap",
            },
        ),
    ],
)
async def test_request_budget(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    polled: set[str],
) -> None:
    """At most 20 requests a minute, each endpoint at most once per its interval."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert simulator.logins == 1
    simulator.reset_counters()

    # When (seconds after setup) each endpoint was requested.
    times: dict[str, list[int]] = {}
    per_minute: Counter[int] = Counter()
    for elapsed in range(STEP, DURATION + 1, STEP):
        simulator.advance(STEP)
        freezer.tick(timedelta(seconds=STEP))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        for request in simulator.request_log:
            assert request.authenticated, request.function
            times.setdefault(endpoint(request), []).append(elapsed)
        per_minute[(elapsed - 1) // 60] += len(simulator.request_log)
        simulator.request_log.clear()

    assert simulator.logins == 0
    assert set(times) == polled
    total = sum(len(at) for at in times.values())
    assert total <= MAX_REQUESTS_A_MINUTE * DURATION // 60
    for minute, count in sorted(per_minute.items()):
        assert count <= MAX_REQUESTS_A_MINUTE, f"minute {minute}: {count} requests"
    for name, at in times.items():
        interval = INTERVALS[name].total_seconds()
        gaps = [later - earlier for earlier, later in pairwise(at)]
        assert all(gap >= interval for gap in gaps), (name, at)
        # Polled steadily: as often as the interval allows, give or take one poll.
        assert len(at) >= DURATION // interval - 1, (name, at)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["max"])
async def test_budget_with_failures_and_expired_session(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A failing endpoint is not retried early; an expired session costs one login.

    At each full minute five endpoints are due together: they must share the
    one new sign-in.
    """
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    simulator.reset_counters()
    simulator.inject("status.traffic", Fault.HTTP_500)

    traffic_at: list[int] = []
    for elapsed in range(STEP, DURATION + 1, STEP):
        if elapsed == 120:
            # Expire just before the polls at 120 s, when every endpoint is due.
            simulator.expire_sessions()
        simulator.advance(STEP)
        freezer.tick(timedelta(seconds=STEP))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        traffic_at.extend(
            elapsed
            for request in simulator.request_log
            if request.function == "status.traffic"
        )
        simulator.request_log.clear()

    assert simulator.logins == 1
    assert simulator.failed_logins == 0
    gaps = [b - a for a, b in pairwise(traffic_at)]
    assert gaps
    assert all(gap >= TRAFFIC_INTERVAL.total_seconds() for gap in gaps), traffic_at
    assert sum(simulator.requests.values()) <= MAX_REQUESTS_A_MINUTE * DURATION // 60
