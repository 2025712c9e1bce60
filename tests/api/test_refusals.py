"""What the client marks as refused, only on a definite answer, and asks again hourly."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from custom_components.peplink.api import (
    RECHECK_INTERVAL,
    PeplinkAdminRequiredError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkClient,
    PeplinkUnsupportedError,
)
from simulator import Fault, RouterSimulator
from tests.api.clock import Clock
from tests.constants import API_CLIENT, READ_ONLY_CLIENT
from tests.helpers import ClientFactory


def read_clients(client: PeplinkClient) -> Awaitable[Any]:
    """An official function."""
    return client.get_clients()


def read_traffic(client: PeplinkClient) -> Awaitable[Any]:
    """A web-admin (CGI) function on the balance profile."""
    return client.get_traffic()


@pytest.mark.parametrize(
    ("profile", "function", "read"),
    [
        ("max", "status.client", read_clients),
        ("balance", "status.traffic", read_traffic),
    ],
    ids=["official", "web_admin"],
)
async def test_function_refusing_fresh_sessions_costs_one_sign_in_an_hour(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    clock: Clock,
    function: str,
    read: Callable[[PeplinkClient], Awaitable[Any]],
) -> None:
    """It refuses a session signed in for it: not the session, so no new sign-in."""
    client = make_client(clock=clock)
    await client.login()
    simulator.inject(function, Fault.UNAUTHORIZED)

    for _ in range(5):
        with pytest.raises(PeplinkApiError) as raised:
            await read(client)
        assert not isinstance(raised.value, PeplinkAuthenticationError)
        clock.now += 60

    assert simulator.logins == 2
    # Still asked every time: it may answer again.
    assert simulator.requests[function] == 6
    # The session it refused was closed, not left open on the router.
    assert simulator.live_sessions == 1
    assert simulator.requests["logout"] == 1

    # An hour after the mark, one more sign-in to be sure.
    clock.now += RECHECK_INTERVAL
    with pytest.raises(PeplinkApiError):
        await read(client)
    assert simulator.logins == 3

    # Once it answers, an ended session is signed in again as ever.
    simulator.clear_faults()
    await read(client)
    simulator.expire_sessions()
    await read(client)
    assert simulator.logins == 4


async def test_read_only_client_writing_signs_in_once(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    client = make_client(READ_ONLY_CLIENT, clock=clock)

    for _ in range(3):
        with pytest.raises(PeplinkApiError, match="Permission denied"):
            await client.set_access_point(False)

    assert simulator.logins == 2
    assert simulator.requests["cmd.ap"] == 4


@pytest.mark.parametrize("profile", ["balance"])
async def test_web_admin_refusing_tokens_is_asked_again_hourly(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    simulator.cgi_refuses_tokens = True
    client = make_client(API_CLIENT, clock=clock)
    assert (await client.get_wan_status()).wans

    with pytest.raises(PeplinkAdminRequiredError) as raised:
        await client.get_traffic()
    assert isinstance(raised.value, PeplinkUnsupportedError)
    assert client.admin_only_functions == {"status.traffic"}
    asked = simulator.requests["status.traffic"]
    clock.now += RECHECK_INTERVAL - 1
    with pytest.raises(PeplinkAdminRequiredError):
        await client.get_traffic()
    assert simulator.requests["status.traffic"] == asked

    # An hour later it is asked again, and the router now answers.
    simulator.cgi_refuses_tokens = False
    clock.now += 1
    assert client.admin_only_functions == frozenset()
    assert (await client.get_traffic()).wans
    # The official path, which balance lacks, is asked again as well.
    assert simulator.requests["status.traffic"] == asked + 2


@pytest.mark.parametrize("profile", ["balance"])
async def test_identity_refused_to_tokens_needs_an_admin(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Where the web admin refuses tokens, an API client cannot read the serial."""
    simulator.cgi_refuses_tokens = True
    client = make_client(API_CLIENT)

    with pytest.raises(PeplinkAdminRequiredError) as raised:
        await client.get_router_info()

    assert client.admin_only_functions == {"status.system.info"}
    assert API_CLIENT.client_secret not in str(raised.value)
    token = client._sign_in.token
    assert token is not None
    assert token not in str(raised.value)


@pytest.mark.parametrize("profile", ["max", "fusionhub"])
async def test_identity_read_officially_where_the_web_admin_refuses_tokens(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.cgi_refuses_tokens = True
    client = make_client(API_CLIENT)

    assert (await client.get_router_info()).serial_number
    assert (await client.get_hardware()).thermal_sensors is not None
    assert client.admin_only_functions == frozenset()


@pytest.mark.parametrize("profile", ["balance"])
@pytest.mark.parametrize("answer", ["Busy", "System busy", "Internal Error"])
async def test_passing_failure_of_combined_info_types_is_not_kept(
    simulator: RouterSimulator, make_client: ClientFactory, answer: str
) -> None:
    client = make_client()
    await client.get_hardware()
    simulator.inject("status.system.info", Fault.stat_fail(None, answer), count=1)
    with pytest.raises(PeplinkApiError):
        await client.get_hardware()
    simulator.reset_counters()

    await client.get_hardware()

    # Still both info types in one request.
    assert simulator.requests["status.system.info"] == 1


@pytest.mark.parametrize("profile", ["legacy"])
async def test_one_info_type_per_request_is_checked_again_hourly(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    """Firmware that refuses combined info types may be upgraded."""
    client = make_client(clock=clock)
    await client.get_hardware()
    simulator.reset_counters()

    clock.now += RECHECK_INTERVAL - 1
    await client.get_hardware()
    assert simulator.requests["status.system.info"] == 2

    simulator.state.profile["single_info_type"] = False
    clock.now += 1
    simulator.reset_counters()
    await client.get_hardware()
    # One combined request, after the official path was asked again too.
    assert simulator.requests["status.system.info"] == 2


@pytest.mark.parametrize("profile", ["max"])
async def test_official_path_refused_once_is_asked_again_hourly(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    """One refusal of the official path lasts only until the recheck.

    Meanwhile the web admin serves the function, or refuses the token for it.
    """
    simulator.cgi_refuses_tokens = True
    client = make_client(API_CLIENT, clock=clock)
    simulator.inject("status.traffic", Fault.NOT_FOUND, count=1)

    with pytest.raises(PeplinkAdminRequiredError):
        await client.get_traffic()
    clock.now += RECHECK_INTERVAL - 1
    with pytest.raises(PeplinkUnsupportedError):
        await client.get_traffic()

    clock.now += 1
    assert (await client.get_traffic()).wans
