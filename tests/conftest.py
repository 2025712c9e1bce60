"""Shared fixtures: the router simulator on 127.0.0.1 and clients that talk to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

# Imported before the hass fixture runs, so that Home Assistant finds this
# integration rather than the test plugin's own custom_components package.
import custom_components.peplink  # noqa: F401
from custom_components.peplink.api import (
    AdminCredentials,
    ApiClientCredentials,
    Credentials,
    PeplinkClient,
)
from simulator import RouterSimulator

# Shared helpers that assert, snapshots included: pytest shows what differs.
pytest.register_assert_rewrite(
    "tests.integration.common", "tests.integration.platform_snapshot"
)

ADMIN = AdminCredentials("admin", "s3cret-admin-pass")
API_CLIENT = ApiClientCredentials("0396c250111dcaef02058007bb72217e", "de5cd1c5-secret")
READ_ONLY_CLIENT = ApiClientCredentials(
    "9270c250111cabab02058007bb72217e", "cf5f-ro-secret"
)


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


@pytest.fixture
def profile() -> str:
    """The simulator profile; override or parametrize in a test module."""
    return "balance"


@pytest.fixture
async def simulator(
    socket_enabled: None, profile: str
) -> AsyncIterator[RouterSimulator]:
    """A simulated router serving plain HTTP on 127.0.0.1."""
    sim = new_simulator(profile)
    await sim.start(host="127.0.0.1", port=0)
    yield sim
    await sim.stop()


@pytest.fixture
async def http_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session with the default (IP-refusing) cookie jar."""
    async with aiohttp.ClientSession() as session:
        yield session


type ClientFactory = Callable[..., PeplinkClient]


@pytest.fixture
def make_client(
    simulator: RouterSimulator, http_session: aiohttp.ClientSession
) -> ClientFactory:
    """Build clients of the simulator: admin by default, or other credentials."""

    def factory(credentials: Credentials = ADMIN, **kwargs: object) -> PeplinkClient:
        # The client's own request timeout: none of these tests waits for it
        # in real time, so a busy machine cannot make one fail.
        options: dict[str, object] = {"port": simulator.port, "https": simulator.https}
        options.update(kwargs)
        return PeplinkClient(
            http_session,
            simulator.host,
            credentials,
            **options,  # type: ignore[arg-type]
        )

    return factory
