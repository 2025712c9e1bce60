"""What the demo (scripts/develop) needs of the simulator.

A clock that follows real time, and a certificate kept across restarts.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
import re
import signal
import stat
import sys

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.peplink.api import PeplinkClient
from simulator import RouterSimulator
from tests.constants import ADMIN, KBPS_SECONDS_PER_MB

# The max profile: Cellular 1 (WAN 3) is connected, at 12500 kbit/s down.
CELLULAR = 3
DOWNTIME = 30
START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def _simulator(realtime: bool) -> RouterSimulator:
    simulator = RouterSimulator(
        profile="max",
        username=ADMIN.username,
        password=ADMIN.password,
        realtime=realtime,
    )
    await simulator.start()
    return simulator


@pytest.fixture
async def realtime(
    socket_enabled: None, freezer: FrozenDateTimeFactory
) -> AsyncIterator[RouterSimulator]:
    """The demo's simulator: its clock starts at START and follows real time."""
    freezer.move_to(START)
    simulator = await _simulator(realtime=True)
    yield simulator
    await simulator.stop()


def _client(
    simulator: RouterSimulator, session: aiohttp.ClientSession
) -> PeplinkClient:
    return PeplinkClient(
        simulator.host, ADMIN, session=session, port=simulator.port, https=False
    )


async def _uptime(client: PeplinkClient) -> int | None:
    return (await client.get_wan_status()).wans[CELLULAR].uptime


async def test_clock_starts_now_and_counters_grow_in_real_time(
    realtime: RouterSimulator,
    http_session: aiohttp.ClientSession,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = _client(realtime, http_session)
    assert realtime.now() == START.timestamp()
    uptime = await _uptime(client)
    traffic = await client.get_traffic()
    assert uptime

    freezer.tick(60)

    assert await _uptime(client) == uptime + 60
    later = await client.get_traffic()
    cellular, cellular_later = traffic.wans[CELLULAR], later.wans[CELLULAR]
    assert cellular.download_rate
    assert cellular.downloaded is not None
    assert cellular_later.downloaded is not None
    assert cellular_later.downloaded - cellular.downloaded == pytest.approx(
        cellular.download_rate * 60 / KBPS_SECONDS_PER_MB, abs=1
    )
    assert traffic.lifetime_downloaded is not None
    assert later.lifetime_downloaded is not None
    assert later.lifetime_downloaded > traffic.lifetime_downloaded


async def test_connected_since_stays_right_across_toggles_and_reboots(
    realtime: RouterSimulator,
    http_session: aiohttp.ClientSession,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = _client(realtime, http_session)
    await client.set_wan_enabled(CELLULAR, False)
    freezer.tick(30)
    await client.set_wan_enabled(CELLULAR, True)
    freezer.tick(45)
    # Connected since it was enabled again, 45 s ago.
    assert await _uptime(client) == 45

    realtime.reboot_downtime = DOWNTIME
    freezer.tick(100)
    await client.reboot()
    await realtime.wait_until_down()
    # The loop runs the downtime's timer once its clock is past it.
    freezer.tick(DOWNTIME + 1)
    await realtime.wait_until_up()
    freezer.tick(20)
    # Connected since the reboot.
    assert await _uptime(client) == DOWNTIME + 1 + 20


async def test_clock_stands_still_without_real_time(
    socket_enabled: None,
    http_session: aiohttp.ClientSession,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The tests' simulator: only the test moves its clock."""
    simulator = await _simulator(realtime=False)
    try:
        client = _client(simulator, http_session)
        epoch = simulator.now()
        uptime = await _uptime(client)
        freezer.tick(60)
        assert await _uptime(client) == uptime
        assert simulator.now() == epoch == simulator.state.epoch
    finally:
        await simulator.stop()


async def _banner(*args: str) -> str:
    """Start the simulator's command line, read its banner, stop it with Ctrl-C."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "--port",
        "0",
        *args,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        lines = [
            (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
            for _ in range(4)
        ]
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    return "".join(lines)


async def test_certificate_is_kept_across_restarts(
    socket_enabled: None, tmp_path: Path
) -> None:
    kept = tmp_path / "demo" / "simulator.pem"
    fingerprint = re.compile(r"certificate: +SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")

    first = fingerprint.search(await _banner("--https", "--certificate", str(kept)))
    again = fingerprint.search(await _banner("--https", "--certificate", str(kept)))
    other = fingerprint.search(await _banner("--https"))

    assert first
    assert again
    assert other
    assert again[1] == first[1]
    assert other[1] != first[1]
    # It holds the private key: for its owner only.
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
