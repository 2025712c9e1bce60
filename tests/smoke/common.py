"""What every part of the smoke test shares: settings, deadlines, the report."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
import sys
import time

PROJECT = Path(__file__).resolve().parents[2]
DOMAIN = "peplink"
PROFILE = "max"
SIM_USERNAME = SIM_PASSWORD = "admin"

# Deadlines in seconds: generous for a busy CI machine, but every wait has one.
SIMULATOR_START = 30
HASS_START = 180
ENTRY_LOADED = 60
# Home Assistant reloads an entry 30 s after one of its entities is enabled.
TRACKERS_UP = 90
REQUEST = 30
HASS_STOP = 60
SIMULATOR_STOP = 10
POLL = 0.5

# What a client tracker shows once it has a state.
TRACKER_STATES = frozenset({"home", "not_home"})


class SmokeError(Exception):
    """A step failed: the smoke test cannot go on."""


@dataclass
class Report:
    """What was checked, and what failed."""

    started: float = field(default_factory=time.monotonic)
    passed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Show progress, with the time since the start."""
        write(f"[{time.monotonic() - self.started:6.1f}s] {text}")

    def check(self, ok: bool, what: str, problem: str | None = None) -> bool:
        """Record one check: ``what`` held, or ``problem`` (else ``what``) failed."""
        if ok:
            self.passed.append(what)
        else:
            self.failures.append(problem or what)
        return ok


def write(text: str) -> None:
    """A line for the person who runs the smoke test."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


async def poll[T](
    what: str,
    deadline: float,
    attempt: Callable[[], Awaitable[T | None]],
    alive: Callable[[], None] | None = None,
) -> T:
    """Call ``attempt`` until it answers something other than None, or fail."""
    end = time.monotonic() + deadline
    while True:
        if alive is not None:
            alive()
        result = await attempt()
        if result is not None:
            return result
        if time.monotonic() > end:
            raise SmokeError(f"{what}: not within {deadline:.0f} s")
        await asyncio.sleep(POLL)


def describe(err: BaseException) -> str:
    """An exception in a line: its type, and its message where it has one."""
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
