"""The request budget: what ten minutes of polling cost the router."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import IDENTITY_INTERVAL, TRAFFIC_INTERVAL
from simulator import Fault, RouterSimulator
from tests.integration.budget import (
    DURATION,
    HARDWARE_INFO,
    MAX_REQUESTS_A_MINUTE,
    STEP,
    endpoint,
    interval,
)
from tests.integration.common import async_poll, async_setup_integration


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
                HARDWARE_INFO,
                "status.pepvpn",
            },
        ),
        (
            "max",
            {
                "status.wan.connection",
                "status.traffic",
                "status.client",
                HARDWARE_INFO,
                "status.wan.connection.allowance",
                "status.pepvpn",
                "info.location",
                "cmd.ap",
                "cmd.wan.cellular (WAN 3)",
                "cmd.wan.cellular (WAN 4)",
                "config.ssid.profile",
                "cmd.sms.get (WAN 3)",
                "cmd.sms.get (WAN 4)",
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
    assert await async_setup_integration(hass, mock_config_entry)
    assert simulator.logins == 1
    simulator.reset_counters()

    # When (seconds after setup) each endpoint was requested.
    times: dict[str, list[int]] = {}
    per_minute: Counter[int] = Counter()
    for elapsed in range(STEP, DURATION + 1, STEP):
        await async_poll(hass, freezer, STEP, simulator)
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
        seconds = interval(name).total_seconds()
        gaps = [later - earlier for earlier, later in pairwise(at)]
        assert all(gap >= seconds for gap in gaps), (name, at)
        # Polled steadily: as often as the interval allows, give or take one poll.
        assert len(at) >= DURATION // seconds - 1, (name, at)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["max"])
async def test_budget_with_failures_and_expired_session(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Failing traffic is asked no faster than every 15 s; one login per expiry.

    At each full minute several endpoints are due together: they must share the
    one new sign-in.
    """
    assert await async_setup_integration(hass, mock_config_entry)
    simulator.reset_counters()
    simulator.inject("status.traffic", Fault.HTTP_500)

    traffic_at: list[int] = []
    for elapsed in range(STEP, DURATION + 1, STEP):
        if elapsed == 120:
            # Expire just before the polls at 120 s, when every endpoint is due.
            simulator.expire_sessions()
        await async_poll(hass, freezer, STEP, simulator)
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


@pytest.mark.parametrize("profile", ["balance"])
async def test_failed_poll_asked_again_sooner(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A failed hourly poll is asked again in 15 s, then twice as late each time.

    Once it answers, the endpoint is polled at its own interval again.
    """
    assert await async_setup_integration(hass, mock_config_entry)
    simulator.inject("status.system.info?infoType=device", Fault.HTTP_500, count=3)
    simulator.reset_counters()

    asked_at: list[int] = []
    elapsed = 0
    # The hourly poll, then 5 s steps; again around the next hourly poll.
    for seconds in (3600, *[STEP] * 40, 3400, *[STEP] * 40):
        elapsed += seconds
        await async_poll(hass, freezer, seconds, simulator)
        # Each identity poll reads info.firmware once, failed or not.
        asked_at.extend(
            elapsed
            for request in simulator.request_log
            if request.function == "info.firmware"
        )
        simulator.request_log.clear()

    # Three failures: 15 s, then 30 s, then 60 s later; then hourly.
    assert asked_at == [3600, 3615, 3645, 3705, 7305]
    identity = mock_config_entry.runtime_data.identity
    assert identity.last_update_success
    assert identity.update_interval == IDENTITY_INTERVAL
