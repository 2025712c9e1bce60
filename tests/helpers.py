"""Helpers of the tests that need no Home Assistant: simulators and clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from custom_components.peplink.api import PeplinkClient
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT, READ_ONLY_CLIENT

# What the make_client fixture gives: a client of the simulator, admin by default.
type ClientFactory = Callable[..., PeplinkClient]


def new_simulator(profile: str) -> RouterSimulator:
    """A simulator that knows the test credentials."""
    return RouterSimulator(
        profile=profile,
        username=ADMIN.username,
        password=ADMIN.password,
        api_clients={
            API_CLIENT.client_id: (API_CLIENT.client_secret, "api"),
            READ_ONLY_CLIENT.client_id: (
                READ_ONLY_CLIENT.client_secret,
                "api.read-only",
            ),
        },
    )


@asynccontextmanager
async def running_simulator(
    profile: str, *, https: bool = False, port: int = 0
) -> AsyncIterator[RouterSimulator]:
    """A simulator serving on 127.0.0.1 (a free port by default) until the end."""
    simulator = new_simulator(profile)
    await simulator.start(host="127.0.0.1", port=port, https=https)
    try:
        yield simulator
    finally:
        await simulator.stop()
