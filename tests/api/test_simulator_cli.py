"""The simulator runs on its own, as the README shows."""

from __future__ import annotations

import asyncio
import re
import signal
import sys

import aiohttp

from custom_components.peplink.api import AdminCredentials, PeplinkClient


async def test_simulator_runs_from_the_command_line(
    http_session: aiohttp.ClientSession,
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "--profile",
        "fusionhub",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        banner = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", banner)
        assert match, banner
        client = PeplinkClient(
            "127.0.0.1",
            AdminCredentials("admin", "admin"),
            session=http_session,
            port=int(match.group(1)),
            https=False,
        )
        device = await client.get_router_info()
        assert device.model is not None
        assert "FusionHub" in device.model
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
