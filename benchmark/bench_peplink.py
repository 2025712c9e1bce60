"""The benchmark behind scripts/bench: what polling a router costs, ours and naive.

Each test measures one part in a real Home Assistant test instance against the
simulator over HTTP and stores its figures; the table is printed once, at the end.
The module name does not match test_*.py, so the test suite never collects it.
The naive strategy, measured in the same run, is described in measure.py; the
table is rendered by report.py; the fixtures come from conftest.py.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Generator
from dataclasses import replace
import gc
import statistics
import sys
import time
import tracemalloc
from typing import Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
import pytest

from benchmark.measure import (
    BUDGET_SECONDS,
    CLIENT_COUNTS,
    LATENCIES,
    NAIVE_INTERVAL,
    NAIVE_SECONDS,
    POLLED,
    ROUTERS,
    STEP,
    WAN_COUNTS,
    canned,
    entity_count,
    naive_entities,
    naive_poll,
    parse,
    polled,
    setup_entry,
    shape,
    timed,
)
from benchmark.report import render
from custom_components.peplink.endpoints import (
    keep_missing_totals,
    with_connected_since,
)
from simulator import PROFILES, RouterSimulator
from tests.helpers import new_simulator
from tests.integration.budget import endpoint
from tests.integration.common import async_poll

# Figures, filled by the tests and printed by the module fixture at the end.
RESULTS: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def print_table() -> Generator[None]:
    """Print the table once every measurement ran."""
    yield
    sys.stdout.write("\n" + render(RESULTS) + "\n")
    sys.stdout.flush()


# 1. Requests per minute and logins, ours against naive, per profile


@pytest.mark.parametrize("profile", PROFILES)
async def test_budget(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    naive_session: aiohttp.ClientSession,
    profile: str,
) -> None:
    """An hour of polling at default settings; ten minutes of the naive strategy."""
    entry, setup_seconds = await setup_entry(hass, simulator)
    simulator.reset_counters()
    ours: Counter[str] = Counter()
    for _ in range(BUDGET_SECONDS // STEP):
        await async_poll(hass, freezer, STEP, simulator)
        ours.update(endpoint(request) for request in simulator.request_log)
        simulator.request_log.clear()
    ours_logins = simulator.logins
    assert sum(ours.values()) > 0

    methods = [POLLED[name][0] for name in polled(entry)]
    simulator.reset_counters()
    for _ in range(NAIVE_SECONDS // NAIVE_INTERVAL):
        await naive_poll(naive_session, simulator, methods)
        simulator.advance(NAIVE_INTERVAL)
    naive = Counter(endpoint(request) for request in simulator.request_log)
    naive_logins = simulator.logins
    assert naive_logins == NAIVE_SECONDS // NAIVE_INTERVAL

    RESULTS.setdefault("budget", {})[profile] = {
        "ours": {k: v * 60 / BUDGET_SECONDS for k, v in ours.items()},
        "naive": {k: v * 60 / NAIVE_SECONDS for k, v in naive.items()},
        "ours_logins_per_hour": ours_logins * 3600 / BUDGET_SECONDS,
        "naive_logins_per_hour": naive_logins * 3600 / NAIVE_SECONDS,
        "setup_seconds": setup_seconds,
        "entities": entity_count(hass, entry),
    }


# 2. Wall time of a full refresh against the slowest single request


@pytest.mark.parametrize("profile", ["max"])
async def test_refresh_latency(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    naive_session: aiohttp.ClientSession,
) -> None:
    """All coordinators refreshed at once, each alone, and one naive poll."""
    entry, _ = await setup_entry(hass, simulator)
    coordinators = entry.runtime_data.coordinators
    methods = [POLLED[name][0] for name in polled(entry)]
    rows = []
    for latency, repeats in LATENCIES.items():
        simulator.latency["*"] = latency
        together, slowest, naive = [], [], []
        for _ in range(repeats):
            alone = [await timed(c.async_refresh()) for c in coordinators]
            slowest.append(max(alone))
            together.append(
                await timed(asyncio.gather(*(c.async_refresh() for c in coordinators)))
            )
            naive.append(await timed(naive_poll(naive_session, simulator, methods)))
            assert all(c.last_update_success for c in coordinators)
        rows.append(
            {
                "latency": latency,
                "together": statistics.median(together),
                "slowest": statistics.median(slowest),
                "naive": statistics.median(naive),
            }
        )
    simulator.latency.clear()
    # CPU of a whole refresh, simulator and HTTP on both ends included.
    cpu_ours, cpu_naive = [], []
    for _ in range(10):
        start = time.thread_time()
        await asyncio.gather(*(c.async_refresh() for c in coordinators))
        cpu_ours.append(time.thread_time() - start)
        start = time.thread_time()
        await naive_poll(naive_session, simulator, methods)
        cpu_naive.append(time.thread_time() - start)
    RESULTS["latency"] = {
        "profile": simulator.profile,
        "requests": len(coordinators),
        "rows": rows,
        "cpu_ours": statistics.median(cpu_ours),
        "cpu_naive": statistics.median(cpu_naive),
    }


# 3. Event-loop CPU of parse plus entity updates, by clients and WANs


@pytest.mark.parametrize("wans", WAN_COUNTS)
@pytest.mark.parametrize("clients", CLIENT_COUNTS)
async def test_cpu_scaling(
    hass: HomeAssistant, simulator: RouterSimulator, clients: int, wans: int
) -> None:
    """Refresh every polled coordinator from canned JSON; no network in the way."""
    shape(simulator, clients, wans)
    entry, setup_seconds = await setup_entry(hass, simulator)
    coordinators = polled(entry)
    before = {name: canned(simulator, name) for name in coordinators}
    simulator.advance(15)
    after = {name: canned(simulator, name) for name in coordinators}
    current: dict[str, tuple[str, ...]] = {}

    def install() -> None:
        for name, coordinator in coordinators.items():

            async def read(_client: Any, previous: Any, name: str = name) -> Any:
                # What the endpoint's own read does with the parsed answer.
                data = parse(name, current[name])
                if name == "wan":
                    return with_connected_since(data, previous)
                if name == "traffic":
                    return keep_missing_totals(previous, data)
                return data

            coordinator.endpoint = replace(coordinator.endpoint, read=read)

    install()

    async def refresh(texts: dict[str, tuple[str, ...]]) -> float:
        current.update(texts)
        start = time.thread_time()
        for coordinator in coordinators.values():
            await coordinator.async_refresh()
        elapsed = time.thread_time() - start
        assert all(c.last_update_success for c in coordinators.values())
        return elapsed

    writes = 0

    @callback
    def count(event: Event) -> None:
        nonlocal writes
        writes += 1

    await refresh(before)
    changed = [await refresh(texts) for texts in (after, before) * 3]
    unchanged = [await refresh(before) for _ in range(5)]
    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, count)
    await refresh(after)
    changed_writes = writes
    unsubscribe()
    with naive_entities():
        # Entities subscribe when added: reload for them to take the naive update.
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        coordinators = polled(entry)
        install()
        for coordinator in coordinators.values():
            coordinator.always_update = True
        await refresh(after)
        naive_unchanged = [await refresh(after) for _ in range(5)]
    RESULTS.setdefault("cpu", {})[(clients, wans)] = {
        "changed": statistics.median(changed),
        "unchanged": statistics.median(unchanged),
        "naive_unchanged": statistics.median(naive_unchanged),
        "entities": entity_count(hass, entry),
        "state_changes": changed_writes,
        "setup_seconds": setup_seconds,
    }


# 4. State writes per refresh


@pytest.mark.parametrize("profile", ["balance"])
async def test_state_writes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: RouterSimulator
) -> None:
    """state_changed and state_reported events: one refresh, then ten minutes."""
    entry, _ = await setup_entry(hass, simulator)
    coordinators = entry.runtime_data.coordinators
    events: Counter[str] = Counter()

    @callback
    def record(event: Event) -> None:
        events[event.event_type] += 1

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    hass.bus.async_listen(
        EVENT_STATE_REPORTED, record, event_filter=callback(lambda _: True)
    )

    async def refresh_all() -> Counter[str]:
        events.clear()
        await asyncio.gather(*(c.async_refresh() for c in coordinators))
        await hass.async_block_till_done()
        return Counter(events)

    figures: dict[str, Any] = {"entities": entity_count(hass, entry)}
    figures["nothing"] = await refresh_all()
    temperature = simulator.state.thermal[0]["temperature"]
    simulator.set_temperature(0, temperature + 3)
    figures["one"] = await refresh_all()

    async def ten_minutes() -> Counter[str]:
        total: Counter[str] = Counter()
        for _ in range(600 // STEP):
            events.clear()
            await async_poll(hass, freezer, STEP, simulator)
            total.update(events)
        return total

    figures["steady"] = await ten_minutes()
    with naive_entities():
        # Entities subscribe when added: reload for them to take the naive update.
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        coordinators = entry.runtime_data.coordinators
        for coordinator in coordinators:
            coordinator.always_update = True
        figures["naive_nothing"] = await refresh_all()
        simulator.set_temperature(0, temperature)
        figures["naive_one"] = await refresh_all()
        figures["naive_steady"] = await ten_minutes()
    RESULTS["writes"] = figures


# 5. Memory: one router with 1,000 clients; ten routers in one Home Assistant


@pytest.mark.parametrize("profile", ["balance"])
async def test_memory(hass: HomeAssistant, simulator: RouterSimulator) -> None:
    """Memory allocated by setting up the entry and still held afterwards."""
    shape(simulator, 1000, 8)
    gc.collect()
    tracemalloc.start()
    try:
        entry, _ = await setup_entry(hass, simulator)
        simulator.request_log.clear()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    RESULTS["memory"] = {"bytes": held, "entities": entity_count(hass, entry)}


async def test_ten_routers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    socket_enabled: None,
) -> None:
    """Ten routers of the balance profile, 100 clients each, in one Home Assistant."""
    simulators = []
    for index in range(ROUTERS):
        simulator = new_simulator("balance")
        simulator.state.device["serialNumber"] = f"1824-BENC-{index:04d}"
        simulator.state.device["name"] = f"Router {index}"
        shape(simulator, 100, 8)
        await simulator.start(host="127.0.0.1", port=0)
        simulators.append(simulator)
    try:
        gc.collect()
        tracemalloc.start()
        try:
            memory = []
            setup = []
            entries = []
            for simulator in simulators:
                entry, seconds = await setup_entry(hass, simulator)
                entries.append(entry)
                setup.append(seconds)
                simulator.request_log.clear()
                gc.collect()
                memory.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
        for simulator in simulators:
            simulator.reset_counters()
        for _ in range(600 // STEP):
            for simulator in simulators:
                simulator.advance(STEP)
            await async_poll(hass, freezer, STEP)
            for simulator in simulators:
                simulator.request_log.clear()
        requests = sum(sum(s.requests.values()) for s in simulators)
        logins = sum(s.logins for s in simulators)
        RESULTS["ten"] = {
            "memory_total": memory[-1],
            "memory_first": memory[0],
            "memory_marginal": (memory[-1] - memory[0]) / (ROUTERS - 1),
            "setup_total": sum(setup),
            "setup_last": setup[-1],
            "requests_per_minute": requests / 10,
            "logins": logins,
            "entities": sum(entity_count(hass, entry) for entry in entries),
        }
    finally:
        for simulator in simulators:
            await simulator.stop()
