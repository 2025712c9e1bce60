"""Chaos: two routers, hours of overlapping faults, reboots and expiries.

Two routers, a MAX signed in as admin (a session cookie) and a Balance signed
in as an API client (a token; its hardware is read over the web admin), are
polled for ten normal minutes, then for three simulated hours under a seeded
schedule of faults (see chaos.py), then left alone for over an hour, the
slowest polling tier. The credentials are right all along. It asserts:

- no traceback is logged;
- no sign-in storm: at most one sign-in a poll round, and no failed sign-in;
- counters (total_increasing sensors) never report a lower value;
- afterwards both entries are loaded, with no reauthentication or repair
  pending, every device and entity kept and every entity available again;
- the last ten minutes cost each router what ten normal minutes did, endpoint
  by endpoint (give or take one poll), within the budget, without a sign-in.

Nothing waits for real time: the clock is frozen and moved poll by poll, and
requests held open by a timeout fault time out on that clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from functools import partial
import random
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import pytest

from custom_components.peplink.api import PeplinkClient
from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.helpers import running_simulator
from tests.integration.budget import MAX_REQUESTS_A_MINUTE
from tests.integration.chaos import SIGN_INS, STEPS_A_MINUTE, ChaosRouter, async_step
from tests.integration.common import async_add_router
from tests.integration.fault_matrix import (
    REQUEST_TIMEOUT,
    StateWatch,
    registry_contents,
    tracebacks,
)

SEED = 11
NORMAL_MINUTES = 10
CHAOS_MINUTES = 3 * 60
# Longer than the slowest tier (the identity, hourly) and a window more.
CALM_MINUTES = 60 + 2 * NORMAL_MINUTES
# At most one sign-in a poll round, however many requests wait for it.
MAX_SIGN_INS_A_MINUTE = STEPS_A_MINUTE


@pytest.fixture
def profile() -> str:
    """The first router: a MAX, cellular, with GPS and an access point."""
    return "max"


@pytest.fixture
async def balance_simulator(socket_enabled: None) -> AsyncIterator[RouterSimulator]:
    """The second router: a Balance, whose hardware is read over the web admin."""
    async with running_simulator("balance") as sim:
        yield sim


@pytest.fixture
def short_request_timeout() -> Generator[None]:
    """Clients of the integration give up on a request after REQUEST_TIMEOUT."""
    with patch(
        "custom_components.peplink.client_factory.PeplinkClient",
        partial(PeplinkClient, request_timeout=REQUEST_TIMEOUT),
    ):
        yield


def available_entities(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, router: ChaosRouter
) -> set[str]:
    """The router's entities that are available now."""
    return {
        registered.entity_id
        for registered in er.async_entries_for_config_entry(
            entity_registry, router.entry.entry_id
        )
        if (state := hass.states.get(registered.entity_id)) is not None
        and state.state != STATE_UNAVAILABLE
    }


@pytest.mark.timeout(300)
@pytest.mark.usefixtures("entity_registry_enabled_by_default", "short_request_timeout")
async def test_chaos(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    balance_simulator: RouterSimulator,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Hours of faults on two routers; see the module docstring for the checks."""
    routers = []
    for sim, credentials in ((simulator, ADMIN), (balance_simulator, API_CLIENT)):
        entry = await async_add_router(hass, sim, credentials)
        # The chaos faults every function the integration calls, sign-in included.
        functions = tuple(sorted({request.function for request in sim.request_log}))
        sim.request_log.clear()
        routers.append(ChaosRouter(sim, entry, functions))
    registered = [
        registry_contents(device_registry, entity_registry, router.entry)
        for router in routers
    ]
    watch = StateWatch()
    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, watch.record)

    async def async_minute(minute: int, rng: random.Random | None = None) -> None:
        if rng is not None:
            for router in routers:
                await router.async_disturb(minute, rng)
        for _ in range(STEPS_A_MINUTE):
            await async_step(hass, freezer, routers)
        for router in routers:
            requests = router.record_minute()
            assert router.sign_ins(requests) <= MAX_SIGN_INS_A_MINUTE, (
                router.simulator.profile,
                minute,
                requests,
            )

    for minute in range(NORMAL_MINUTES):
        await async_minute(minute)
    available = [available_entities(hass, entity_registry, r) for r in routers]
    normal = [router.window(NORMAL_MINUTES) for router in routers]
    for router, requests in zip(routers, normal, strict=True):
        assert set(SIGN_INS) & set(router.functions)
        assert router.sign_ins(requests) == 0

    rng = random.Random(SEED)
    for minute in range(NORMAL_MINUTES, NORMAL_MINUTES + CHAOS_MINUTES):
        await async_minute(minute, rng)
    for router in routers:
        await router.async_calm()
    for minute in range(CALM_MINUTES):
        await async_minute(NORMAL_MINUTES + CHAOS_MINUTES + minute)
    unsubscribe()

    # The chaos happened: each router rebooted, lost its sessions, failed often,
    # and entities of both went unavailable.
    for router in routers:
        assert router.events["reboot"] >= 1, router.events
        assert router.events["expiry"] >= 1, router.events
        assert router.events.total() >= CHAOS_MINUTES // 5, router.events
    went_unavailable = {
        entity_id
        for entity_id, states in watch.history.items()
        if STATE_UNAVAILABLE in states
    }
    for router in routers:
        assert any(
            entry.entity_id in went_unavailable
            for entry in er.async_entries_for_config_entry(
                entity_registry, router.entry.entry_id
            )
        )

    assert tracebacks(caplog) == []
    watch.assert_counters_kept(hass)
    for router, before in zip(routers, registered, strict=True):
        assert router.simulator.failed_logins == 0
        assert router.entry.state is ConfigEntryState.LOADED
        assert registry_contents(device_registry, entity_registry, router.entry) == (
            before
        )
    assert [
        flow
        for flow in hass.config_entries.flow.async_progress()
        if flow["context"]["source"] == SOURCE_REAUTH
    ] == []
    assert [
        issue_id for (domain, issue_id) in ir.async_get(hass).issues if domain == DOMAIN
    ] == []
    assert [available_entities(hass, entity_registry, r) for r in routers] == available

    # Back to normal: the last minutes cost what normal ones did.
    for router, usual in zip(routers, normal, strict=True):
        last = router.window(NORMAL_MINUTES)
        assert router.sign_ins(last) == 0, last
        assert set(usual) <= set(last), (usual, last)
        for name in set(usual) | set(last):
            assert abs(last[name] - usual[name]) <= 1, (name, usual, last)
        for requests in router.minutes[-NORMAL_MINUTES:]:
            assert requests.total() <= MAX_REQUESTS_A_MINUTE, requests
