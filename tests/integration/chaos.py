"""The chaos test's parts: routers under a seeded schedule of faults, and its clock.

Each simulated minute, a seeded random generator decides for each router what
goes wrong: a fault on one of the functions it is polled for (or on its
sign-in), for a few calls or a few minutes; its sessions ending; a reboot that
keeps it down for minutes; every function failing at once. The decisions
depend on the seed alone, never on what the integration did, so a run replays.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
import random

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from simulator import Fault, RouterSimulator
from tests.integration.budget import endpoint
from tests.integration.common import WAN_POLL
from tests.integration.fault_matrix import REQUEST_TIMEOUT, requests_in_flight

STEPS_A_MINUTE = 60 // WAN_POLL

# How a router answers a call it fails: the ways of the fault matrix.
BUSY = Fault.stat_fail(None, "System busy")
FAULTS = (
    Fault.TIMEOUT,
    Fault.DROP,
    Fault.HTTP_500,
    Fault.NOT_JSON,
    Fault.EMPTY,
    Fault.MISSING_FIELDS,
    Fault.INTERNAL_ERROR,
    Fault.UNAUTHORIZED,
    BUSY,
)
# The sign-in of an admin, and of an API client.
SIGN_INS = ("login", "auth.token.grant")
# A sign-in that fails without refusing the credentials, which are right.
SIGN_IN_FAULTS = (
    Fault.TIMEOUT,
    Fault.DROP,
    Fault.HTTP_500,
    Fault.NOT_JSON,
    Fault.EMPTY,
    Fault.INTERNAL_ERROR,
    Fault.stat_fail(401, "Internal Error"),
    BUSY,
    Fault.stat_fail(None, "Too many sessions"),
)
# Faults of every function at once, sign-in included.
WHOLE_ROUTER_FAULTS = (Fault.TIMEOUT, Fault.DROP, Fault.HTTP_500)

# Chances, each minute and for each router.
FAULT_CHANCE = 0.3
EXPIRY_CHANCE = 0.04
REBOOT_CHANCE = 0.015
WHOLE_ROUTER_CHANCE = 0.02
# A fault lasts a few calls, or (None) a few minutes.
FAULT_COUNTS = (1, 2, 3, None)
FAULT_MINUTES = (1, 2, 3, 4, 5)
DOWN_MINUTES = (1, 2, 3, 4)
# The reboot's own downtime timer never ends it: the schedule brings it back.
FOREVER = 24 * 3600.0


@dataclass(slots=True)
class ChaosRouter:
    """A simulated router under chaos, its entry and what happened to it."""

    simulator: RouterSimulator
    entry: MockConfigEntry
    # The functions the chaos faults: those the integration calls, its sign-in's too.
    functions: tuple[str, ...] = ()
    # Minute at which each fault that lasts minutes ends; the reboot's end.
    clear_at: dict[str, int] = field(default_factory=dict)
    up_at: int | None = None
    # What the schedule did, and the requests of each minute by endpoint name.
    events: Counter[str] = field(default_factory=Counter)
    minutes: list[Counter[str]] = field(default_factory=list)

    def record_minute(self) -> Counter[str]:
        """Keep the requests of the minute that ended, by endpoint name."""
        requests = Counter(endpoint(request) for request in self.simulator.request_log)
        self.simulator.request_log.clear()
        self.minutes.append(requests)
        return requests

    def sign_ins(self, requests: Counter[str]) -> int:
        """How many of these requests were sign-ins."""
        return sum(requests[function] for function in SIGN_INS)

    def window(self, minutes: int) -> Counter[str]:
        """The requests of the last `minutes` minutes recorded, by endpoint name."""
        total: Counter[str] = Counter()
        for requests in self.minutes[-minutes:]:
            total.update(requests)
        return total

    async def async_disturb(self, minute: int, rng: random.Random) -> None:
        """End what the schedule ends at this minute, and start what it starts.

        Every minute draws as many numbers, whatever the router's functions or
        state, so that the reboots and expiries depend on the seed alone.
        """
        event, extent, place, kind, count, length = (rng.random() for _ in range(6))
        simulator = self.simulator
        for function, at in list(self.clear_at.items()):
            if at <= minute:
                simulator.clear_faults(function)
                del self.clear_at[function]
        if self.up_at is not None and self.up_at <= minute:
            await self.async_bring_up()
        if self.up_at is None:
            if event < REBOOT_CHANCE:
                await simulator.reboot(downtime=FOREVER)
                self.up_at = minute + _pick(DOWN_MINUTES, extent)
                self.events["reboot"] += 1
            elif event < REBOOT_CHANCE + EXPIRY_CHANCE:
                simulator.expire_sessions()
                self.events["expiry"] += 1
            elif event < REBOOT_CHANCE + EXPIRY_CHANCE + WHOLE_ROUTER_CHANCE:
                fault = _pick(WHOLE_ROUTER_FAULTS, extent)
                self._inject(minute, "*", fault, count, length)
        if place < FAULT_CHANCE:
            function = _pick(self.functions, place / FAULT_CHANCE)
            faults = SIGN_IN_FAULTS if function in SIGN_INS else FAULTS
            self._inject(minute, function, _pick(faults, kind), count, length)

    def _inject(
        self, minute: int, function: str, fault: Fault, count: float, length: float
    ) -> None:
        calls = _pick(FAULT_COUNTS, count)
        self.simulator.inject(function, fault, count=calls)
        # A new fault replaces the function's last one, and its end.
        self.clear_at.pop(function, None)
        if calls is None:
            self.clear_at[function] = minute + _pick(FAULT_MINUTES, length)
        self.events[f"{function}: {fault!r}"] += 1

    async def async_calm(self) -> None:
        """End every fault, and bring the router back if it is down."""
        self.simulator.clear_faults()
        self.clear_at.clear()
        if self.up_at is not None:
            await self.async_bring_up()

    async def async_bring_up(self) -> None:
        """End a reboot: the router listens again where it did."""
        simulator = self.simulator
        await simulator.stop()
        await simulator.start(host=simulator.host, port=simulator.port)
        self.up_at = None


def _pick[T](choices: Sequence[T], draw: float) -> T:
    """The choice a draw in [0, 1) falls on."""
    return choices[int(draw * len(choices))]


async def async_step(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, routers: list[ChaosRouter]
) -> None:
    """Let one WAN poll's time pass for Home Assistant and every router."""
    for router in routers:
        router.simulator.advance(WAN_POLL)
    freezer.tick(timedelta(seconds=WAN_POLL))
    async_fire_time_changed(hass)
    await async_settle(hass, freezer, [router.simulator for router in routers])


async def async_settle(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulators: list[RouterSimulator],
) -> None:
    """Run the polls under way to their end, timing out the requests held open.

    As the fault matrix's own, for several routers: the clock moves only while
    every request in flight is held by a router, so that no request still
    being answered sees its timeout pass.
    """
    done = asyncio.ensure_future(hass.async_block_till_done(wait_background_tasks=True))
    while not done.done():
        held = [(simulator, simulator.held) for simulator in simulators]
        count = sum(len(requests) for _, requests in held)
        if not count:
            arrivals = [
                asyncio.ensure_future(simulator.wait_held()) for simulator in simulators
            ]
            await asyncio.wait([done, *arrivals], return_when=asyncio.FIRST_COMPLETED)
            for arrival in arrivals:
                arrival.cancel()
            continue
        if requests_in_flight(hass) == count:
            freezer.tick(timedelta(seconds=REQUEST_TIMEOUT))
            async_fire_time_changed(hass)
            for simulator, requests in held:
                simulator.release_held(requests)
        # Let the requests still being answered move on.
        await asyncio.sleep(0)
    await done
