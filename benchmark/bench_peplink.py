"""The benchmark behind scripts/bench: what polling a router costs, ours and naive.

Each test measures one part in a real Home Assistant test instance against the
simulator over HTTP and stores its figures; the table is printed once, at the end.
The module name does not match test_*.py, so the test suite never collects it.

The naive strategy, measured in the same run: one poll every NAIVE_INTERVAL with
a fresh PeplinkClient (so a login every poll), awaiting each endpoint in turn.
For entity updates the naive figure is our coordinators with always_update=True,
the default of Home Assistant's DataUpdateCoordinator.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
import contextlib
import copy
from datetime import timedelta
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from typing import Any
from unittest.mock import patch

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.update_coordinator import CoordinatorEntity
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.peplink.api import (
    AccessPointStatus,
    Hardware,
    Location,
    PeplinkClient,
    PepVpnStatus,
    Traffic,
    WanStatus,
)
from custom_components.peplink.api.client import _interpret
from custom_components.peplink.api.models import parse_allowances, parse_clients
from custom_components.peplink.const import DOMAIN
from custom_components.peplink.coordinator import PeplinkCoordinator
from simulator import RouterSimulator, SimRequest
from simulator.functions import FUNCTIONS, Call
from simulator.state import _wan_from_profile
from tests.conftest import ADMIN, new_simulator
from tests.integration.conftest import entry_data

STEP = 5
BUDGET_SECONDS = 3600
NAIVE_INTERVAL = 15
NAIVE_SECONDS = 600
LATENCIES = {0.0: 10, 0.1: 3, 0.5: 2}  # added latency (s): repeats
CLIENT_COUNTS = (10, 100, 1000)
WAN_COUNTS = (2, 8, 16)
ROUTERS = 10

# Figures, filled by the tests and printed by the module fixture at the end.
RESULTS: dict[str, Any] = {}

# The runtime attribute of each polled coordinator, the client method the naive
# strategy calls for it, and the (function, params) whose answers it parses.
POLLED: dict[str, tuple[str, tuple[tuple[str, dict[str, str]], ...]]] = {
    "wan": ("get_wan_status", (("status.wan.connection", {}),)),
    "traffic": ("get_traffic", (("status.traffic", {}),)),
    "clients": ("get_clients", (("status.client", {}),)),
    "hardware": (
        "get_hardware",
        (
            ("status.system.info", {"infoType": "fanSpeed"}),
            ("status.system.info", {"infoType": "thermalSensor"}),
        ),
    ),
    "allowances": ("get_allowances", (("status.wan.connection.allowance", {}),)),
    "pepvpn": ("get_pepvpn_status", (("status.pepvpn", {}),)),
    "location": ("get_location", (("info.location", {}),)),
    "access_point": ("get_access_point", (("cmd.ap", {}),)),
}


def _parse_clients(payload: Any) -> Any:
    return {format_mac(mac): found for mac, found in parse_clients(payload).items()}


def _parse_hardware(*payloads: Any) -> Hardware:
    merged: dict[str, Any] = {}
    for payload in payloads:
        merged.update(payload)
    return Hardware.from_api(merged)


PARSERS: dict[str, Callable[..., Any]] = {
    "wan": WanStatus.from_api,
    "traffic": Traffic.from_api,
    "clients": _parse_clients,
    "hardware": _parse_hardware,
    "allowances": parse_allowances,
    "pepvpn": PepVpnStatus.from_api,
    "location": Location.from_api,
    "access_point": AccessPointStatus.from_api,
}


def wall() -> float:
    """Real monotonic seconds; freezegun fakes time.monotonic and perf_counter."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def endpoint(request: SimRequest) -> str:
    """Name the polling tier a request belongs to."""
    if request.function != "status.system.info":
        return request.function
    info_types = request.query.get("infoType", "").split()
    return (
        "status.system.info (device)"
        if info_types == ["device"]
        else ("status.system.info (hardware)")
    )


def naive_entities() -> contextlib.AbstractContextManager[Any]:
    """Entities that write on every update, as a plain CoordinatorEntity does."""
    return patch(
        "custom_components.peplink.entity.PeplinkEntity._handle_coordinator_update",
        CoordinatorEntity._handle_coordinator_update,
    )


@contextlib.contextmanager
def all_entities_enabled() -> Iterator[None]:
    """Enable the entities that are disabled by default, trackers included."""
    with (
        patch(
            "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
            return_value=True,
        ),
        patch(
            "homeassistant.components.device_tracker.ScannerEntity."
            "entity_registry_enabled_default",
            return_value=True,
        ),
    ):
        yield


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture(autouse=True)
def enable_event_loop_debug(event_loop: asyncio.AbstractEventLoop) -> None:
    """Measure without asyncio's debug mode, which the test plugin turns on."""
    event_loop.set_debug(False)


@pytest.fixture(autouse=True)
def enabled() -> Generator[None]:
    """Every entity enabled: the worst case for updates and memory."""
    with all_entities_enabled():
        yield


@pytest.fixture(autouse=True, scope="module")
def print_table() -> Generator[None]:
    """Print the table once every measurement ran."""
    yield
    sys.stdout.write("\n" + render(RESULTS) + "\n")
    sys.stdout.flush()


@pytest.fixture
async def http_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """The naive strategy's session."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


async def setup_entry(
    hass: HomeAssistant, simulator: RouterSimulator
) -> tuple[MockConfigEntry, float]:
    """Add an entry for the simulator; return it and the seconds until loaded."""
    device = simulator.state.device
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator),
    )
    start = wall()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    elapsed = wall() - start
    registry = er.async_get(hass)
    entities = er.async_entries_for_config_entry(registry, entry.entry_id)
    assert entities
    missing = [e.entity_id for e in entities if hass.states.get(e.entity_id) is None]
    assert not missing, missing
    return entry, elapsed


def entity_count(hass: HomeAssistant, entry: MockConfigEntry) -> int:
    """Entities of the entry."""
    return len(er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id))


async def poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulators: list[RouterSimulator],
    seconds: float,
) -> None:
    """Let time pass for Home Assistant and the routers; run the due polls."""
    for simulator in simulators:
        simulator.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def polled(entry: MockConfigEntry) -> dict[str, PeplinkCoordinator[Any]]:
    """The entry's polled coordinators (identity aside), by runtime attribute."""
    runtime = entry.runtime_data
    return {
        name: getattr(runtime, name)
        for name in POLLED
        if getattr(runtime, name) is not None
    }


async def naive_poll(
    session: aiohttp.ClientSession, simulator: RouterSimulator, methods: list[str]
) -> None:
    """One naive poll: a fresh client (a login), each endpoint in turn."""
    client = PeplinkClient(
        session, simulator.host, ADMIN, port=simulator.port, https=simulator.https
    )
    for method in methods:
        await getattr(client, method)()


async def timed(awaitable: Awaitable[Any]) -> float:
    """Real seconds the awaitable took."""
    start = wall()
    await awaitable
    return wall() - start


def shape(simulator: RouterSimulator, clients: int, wans: int) -> None:
    """Give the router this many clients and WANs (clones of its own WANs)."""
    state = simulator.state
    existing = list(state.clients)
    for mac in existing[clients:]:
        state.remove_client(mac)
    for index in range(len(state.clients), clients):
        simulator.add_client(
            f"02:00:{index >> 16 & 255:02X}:{index >> 8 & 255:02X}:{index & 255:02X}:01",
            name=f"client-{index}",
            ip=f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}",
            connection_type="wireless" if index % 2 else "ethernet",
        )
    profile_wans = {int(raw["id"]): raw for raw in state.profile["wans"]}
    for wan_id in [i for i in state.wan_order if i > wans]:
        del state.wans[wan_id]
    state.wan_order = [i for i in state.wan_order if i <= wans]
    template_ids = sorted(profile_wans)
    for wan_id in range(len(state.wans) + 1, wans + 1):
        raw = copy.deepcopy(
            profile_wans[template_ids[(wan_id - 1) % len(template_ids)]]
        )
        raw["id"] = wan_id
        raw["name"] = f"WAN {wan_id}"
        raw.pop("allowance", None)
        wan = _wan_from_profile(raw, state.epoch)
        wan.connected_since = (
            state.clock - 1000 * wan_id if wan.state == "connected" else None
        )
        state.wans[wan_id] = wan
        state.wan_order.append(wan_id)
    assert len(state.clients) == clients
    assert len(state.wans) == wans


def canned(simulator: RouterSimulator, name: str) -> tuple[str, ...]:
    """The JSON texts the router answers now for a coordinator's requests."""
    return tuple(
        json.dumps(
            FUNCTIONS[function].handler(  # type: ignore[misc]
                Call(simulator.state, "GET", dict(params), "api")
            )
        )
        for function, params in POLLED[name][1]
    )


def parse(name: str, texts: tuple[str, ...]) -> Any:
    """Parse canned answers as the client does."""
    function = POLLED[name][1][0][0]
    return PARSERS[name](*(_interpret(function, 200, text) for text in texts))


# 1. Requests per minute and logins, ours against naive, per profile


@pytest.mark.parametrize("profile", ["balance", "max", "fusionhub", "legacy"])
async def test_budget(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    http_session: aiohttp.ClientSession,
    profile: str,
) -> None:
    """An hour of polling at default settings; ten minutes of the naive strategy."""
    entry, setup_seconds = await setup_entry(hass, simulator)
    simulator.reset_counters()
    ours: Counter[str] = Counter()
    for _ in range(BUDGET_SECONDS // STEP):
        await poll(hass, freezer, [simulator], STEP)
        ours.update(endpoint(request) for request in simulator.request_log)
        simulator.request_log.clear()
    ours_logins = simulator.logins
    assert sum(ours.values()) > 0

    methods = [POLLED[name][0] for name in polled(entry)]
    simulator.reset_counters()
    for _ in range(NAIVE_SECONDS // NAIVE_INTERVAL):
        await naive_poll(http_session, simulator, methods)
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
    http_session: aiohttp.ClientSession,
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
            naive.append(await timed(naive_poll(http_session, simulator, methods)))
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
        await naive_poll(http_session, simulator, methods)
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

            async def fetch(name: str = name) -> Any:
                return parse(name, current[name])

            coordinator._fetch = fetch

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
            await poll(hass, freezer, [simulator], STEP)
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
            await poll(hass, freezer, simulators, STEP)
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


# The table


def render(results: dict[str, Any]) -> str:
    """The one table scripts/bench prints."""
    out: list[str] = []
    add = out.append
    add(
        f"Peplink integration benchmark  (Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; simulator in-process over "
        "HTTP on 127.0.0.1; asyncio debug off; all entities enabled, "
        "client trackers included)"
    )
    add(
        f"naive = a fresh client (login) every {NAIVE_INTERVAL} s, each endpoint "
        "awaited in turn; for entity updates, always_update=True and "
        "entities that write on every update (plain CoordinatorEntity)"
    )
    if budget := results.get("budget"):
        add("")
        add(
            f"1. Requests per minute at default settings ({BUDGET_SECONDS // 60} "
            f"simulated min ours, {NAIVE_SECONDS // 60} naive)"
        )
        add(f"   {'profile / endpoint':<38}{'ours':>8}{'naive':>8}")
        for profile, figures in budget.items():
            names = sorted(set(figures["ours"]) | set(figures["naive"]))
            for name in names:
                add(
                    f"   {profile + ' ' + name:<38}"
                    f"{figures['ours'].get(name, 0):>8.2f}"
                    f"{figures['naive'].get(name, 0):>8.2f}"
                )
            ours = sum(figures["ours"].values())
            naive = sum(figures["naive"].values())
            add(
                f"   {profile + ' TOTAL':<38}{ours:>8.2f}{naive:>8.2f}"
                f"   ratio {naive / ours:.1f}x  target ours <= 20: "
                f"{'OK' if ours <= 20 else 'FAIL'}"
            )
            add(
                f"   {profile + ' logins per hour':<38}"
                f"{figures['ours_logins_per_hour']:>8.1f}"
                f"{figures['naive_logins_per_hour']:>8.1f}"
                f"   target ours 0: "
                f"{'OK' if figures['ours_logins_per_hour'] == 0 else 'FAIL'}"
            )
        add("")
        add("2. Adding the entry until all entities are loaded (latency 0)")
        for profile, figures in budget.items():
            add(
                f"   {profile:<12}{figures['setup_seconds'] * 1000:>8.0f} ms"
                f"   {figures['entities']} entities"
            )
    if latency := results.get("latency"):
        add("")
        add(
            f"3. Wall time of one full refresh, profile {latency['profile']} "
            f"({latency['requests']} coordinators), median"
        )
        add(
            f"   {'added latency':<16}{'slowest alone':>14}{'ours all':>10}"
            f"{'ratio':>8}{'naive poll':>12}{'naive/ours':>12}"
        )
        for row in latency["rows"]:
            ratio = row["together"] / row["slowest"]
            add(
                f"   {row['latency'] * 1000:>6.0f} ms{'':<7}"
                f"{row['slowest'] * 1000:>11.1f} ms{row['together'] * 1000:>7.1f} ms"
                f"{ratio:>7.2f}x{row['naive'] * 1000:>9.1f} ms"
                f"{row['naive'] / row['together']:>11.1f}x"
                + (
                    f"   target <= 1.2x: {'OK' if ratio <= 1.2 else 'FAIL'}"
                    if row["latency"]
                    else "   (no latency: loopback noise)"
                )
            )
        add(
            f"   CPU of a whole refresh incl. in-process simulator and HTTP: "
            f"ours {latency['cpu_ours'] * 1000:.1f} ms, "
            f"naive {latency['cpu_naive'] * 1000:.1f} ms"
        )
    if cpu := results.get("cpu"):
        add("")
        add(
            "4. Event-loop CPU per refresh: parse of canned JSON + coordinator "
            "update + entity writes, every polled coordinator, thread_time, median"
        )
        add(
            f"   {'clients':>8}{'WANs':>6}{'entities':>10}{'changed':>11}"
            f"{'unchanged':>11}{'naive unch.':>13}{'us/entity':>11}"
        )
        for (clients, wans), row in sorted(cpu.items()):
            add(
                f"   {clients:>8}{wans:>6}{row['entities']:>10}"
                f"{row['changed'] * 1000:>8.2f} ms{row['unchanged'] * 1000:>8.2f} ms"
                f"{row['naive_unchanged'] * 1000:>10.2f} ms"
                f"{row['changed'] * 1e6 / row['entities']:>11.1f}"
            )
        worst = cpu.get((1000, 16))
        if worst:
            add(
                f"   target < 10 ms at 1000 clients and 16 WANs (changed): "
                f"{worst['changed'] * 1000:.2f} ms "
                f"{'OK' if worst['changed'] < 0.010 else 'FAIL'}"
            )
    if writes := results.get("writes"):
        add("")
        add(
            f"5. State writes, profile balance ({writes['entities']} entities): "
            "state_changed / state_reported events"
        )
        for label, ours, naive in (
            ("one refresh, nothing changed", "nothing", "naive_nothing"),
            ("one refresh, one temperature changed", "one", "naive_one"),
            ("ten minutes of steady polling", "steady", "naive_steady"),
        ):
            add(
                f"   {label:<40}ours {writes[ours][EVENT_STATE_CHANGED]:>4} / "
                f"{writes[ours][EVENT_STATE_REPORTED]:<5}naive "
                f"{writes[naive][EVENT_STATE_CHANGED]:>4} / "
                f"{writes[naive][EVENT_STATE_REPORTED]}"
            )
    if memory := results.get("memory"):
        add("")
        add("6. Memory (tracemalloc, allocated during setup and still held)")
        add(
            f"   one entry, 1000 clients, 8 WANs ({memory['entities']} entities): "
            f"{memory['bytes'] / 2**20:.1f} MiB"
        )
    if ten := results.get("ten"):
        add(
            f"   ten routers, 100 clients each ({ten['entities']} entities): "
            f"{ten['memory_total'] / 2**20:.1f} MiB in all, first "
            f"{ten['memory_first'] / 2**20:.1f} MiB, each further "
            f"{ten['memory_marginal'] / 2**20:.1f} MiB"
        )
        add(
            f"   ten routers: setup {ten['setup_total'] * 1000:.0f} ms in all, "
            f"{ten['requests_per_minute']:.1f} requests a minute in all, "
            f"{ten['logins']} logins in 10 min"
        )
    return "\n".join(out)
