"""The client's own session: opened on first use, closed on leaving."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from custom_components.peplink.api import PeplinkClient
from simulator import RouterSimulator
from tests.constants import ADMIN


@pytest.fixture
def opened_sessions(monkeypatch: pytest.MonkeyPatch) -> list[aiohttp.ClientSession]:
    """Every aiohttp session opened during the test."""
    opened: list[aiohttp.ClientSession] = []
    open_session = aiohttp.ClientSession

    def recording(*args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        session = open_session(*args, **kwargs)
        opened.append(session)
        return session

    monkeypatch.setattr(aiohttp, "ClientSession", recording)
    return opened


async def test_own_session_is_closed_on_leaving(
    simulator: RouterSimulator, opened_sessions: list[aiohttp.ClientSession]
) -> None:
    async with PeplinkClient(
        simulator.host, ADMIN, port=simulator.port, https=False
    ) as client:
        assert not opened_sessions
        assert (await client.get_wan_status()).wans
        assert await client.get_clients()
        (session,) = opened_sessions
        assert not session.closed

    assert session.closed
    assert simulator.logins == 1


async def test_session_passed_in_stays_open(
    simulator: RouterSimulator,
    http_session: aiohttp.ClientSession,
    opened_sessions: list[aiohttp.ClientSession],
) -> None:
    async with PeplinkClient(
        simulator.host, ADMIN, session=http_session, port=simulator.port, https=False
    ) as client:
        assert (await client.get_wan_status()).wans

    assert opened_sessions == []
    assert not http_session.closed


async def test_closing_an_unused_client_opens_nothing(
    opened_sessions: list[aiohttp.ClientSession],
) -> None:
    await PeplinkClient("192.0.2.1", ADMIN).close()

    assert opened_sessions == []
