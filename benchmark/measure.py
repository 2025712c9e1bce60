"""What the benchmark's measurements share: the routers, the naive strategy, timing.

The naive strategy: one poll every NAIVE_INTERVAL with a fresh PeplinkClient (so a
login every poll), awaiting each endpoint in turn. For entity updates the naive
figure is our coordinators with always_update=True, the default of Home
Assistant's DataUpdateCoordinator, and entities that write on every update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import contextlib
import copy
import json
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.api import (
    AccessPointStatus,
    Hardware,
    Location,
    PeplinkClient,
    PepVpnStatus,
    Traffic,
    WanStatus,
)
from custom_components.peplink.api.models.clients import parse_clients
from custom_components.peplink.api.models.settings import parse_ssid_profiles
from custom_components.peplink.api.models.usage import parse_allowances
from custom_components.peplink.api.transport import interpret
from custom_components.peplink.coordinator import PeplinkCoordinator
from simulator import RouterSimulator
from simulator.functions import FUNCTIONS, Call
from simulator.state import _wan_from_profile
from tests.constants import ADMIN
from tests.integration.common import async_setup_integration, config_entry_for

STEP = 5
BUDGET_SECONDS = 3600
NAIVE_INTERVAL = 15
NAIVE_SECONDS = 600
LATENCIES = {0.0: 10, 0.1: 3, 0.5: 2}  # added latency (s): repeats
CLIENT_COUNTS = (10, 100, 1000)
WAN_COUNTS = (2, 8, 16)
ROUTERS = 10

# The endpoint key of each polled coordinator, the client method the naive
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
    "ssid_profiles": ("get_ssid_profiles", (("config.ssid.profile", {}),)),
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
    "ssid_profiles": parse_ssid_profiles,
}


def wall() -> float:
    """Real monotonic seconds; freezegun fakes time.monotonic and perf_counter."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def naive_entities() -> contextlib.AbstractContextManager[Any]:
    """Entities that write on every update, as a plain CoordinatorEntity does."""
    return patch(
        "custom_components.peplink.entity.PeplinkEntity._handle_coordinator_update",
        CoordinatorEntity._handle_coordinator_update,
    )


async def setup_entry(
    hass: HomeAssistant, simulator: RouterSimulator
) -> tuple[MockConfigEntry, float]:
    """Add an entry for the simulator; return it and the seconds until loaded."""
    entry = config_entry_for(simulator)
    start = wall()
    assert await async_setup_integration(hass, entry)
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


def polled(entry: MockConfigEntry) -> dict[str, PeplinkCoordinator[Any]]:
    """The entry's polled coordinators (identity aside), by endpoint key."""
    return {
        key: coordinator
        for key, coordinator in entry.runtime_data.polled.items()
        if key in POLLED
    }


async def naive_poll(
    session: aiohttp.ClientSession, simulator: RouterSimulator, methods: list[str]
) -> None:
    """One naive poll: a fresh client (a login), each endpoint in turn.

    It never logs out, as earlier integrations did not; the router's cap on
    sessions is lifted so that the strategy is measured, not refused.
    """
    simulator.max_sessions = None
    client = PeplinkClient(
        simulator.host,
        ADMIN,
        session=session,
        port=simulator.port,
        https=simulator.https,
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
    return PARSERS[name](*(interpret(function, 200, text) for text in texts))
