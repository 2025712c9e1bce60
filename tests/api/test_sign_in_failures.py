"""Sign-ins that fail without refusing the credentials: tried again, after a pause."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.peplink.api import (
    SIGN_IN_MAX_RETRY_DELAY,
    SIGN_IN_RETRY_DELAY,
    AdminCredentials,
    ApiClientCredentials,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkClient,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkSignInError,
)
from simulator import Fault, RouterSimulator
from tests.api.clock import Clock
from tests.constants import ADMIN, API_CLIENT
from tests.helpers import ClientFactory

SIGN_INS = [
    pytest.param(ADMIN, "login", id="admin"),
    pytest.param(API_CLIENT, "auth.token.grant", id="api_client"),
]


BUSY = PeplinkSignInError
# Not even an answer: what the transport makes of it.
UNREADABLE = (PeplinkApiError, PeplinkConnectionError)


@pytest.mark.parametrize(("credentials", "function"), SIGN_INS)
@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (Fault.stat_fail(None, "System busy"), BUSY),
        (Fault.stat_fail(401, "System busy"), BUSY),
        (Fault.stat_fail(None, "Too many sessions"), BUSY),
        (Fault.stat_fail(None, "Session limit reached"), BUSY),
        (Fault.stat_fail(None, "Something went wrong"), BUSY),
        (Fault.stat_fail(None, "Clock not set"), BUSY),
        (Fault.stat_fail(None, "Request blocked, try again later"), BUSY),
        (Fault.INTERNAL_ERROR, BUSY),
        (Fault.HTTP_500, UNREADABLE),
        (Fault.NOT_JSON, UNREADABLE),
        (Fault.DROP, UNREADABLE),
    ],
)
async def test_passing_sign_in_failure_is_tried_again_later(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    clock: Clock,
    credentials: AdminCredentials | ApiClientCredentials,
    function: str,
    answer: Fault,
    error: type[Exception] | tuple[type[Exception], ...],
) -> None:
    """Not a wrong password: no reauthentication, and a new try after a pause."""
    simulator.inject(function, answer)
    client = make_client(credentials, clock=clock)

    with pytest.raises(error) as raised:
        await client.get_wan_status()
    assert not isinstance(raised.value, PeplinkAuthenticationError)
    tried = simulator.requests[function]
    assert tried in (1, 2)  # an API client's grant is retried once on "Internal Error"

    # During the pause, the router is left alone.
    clock.now += SIGN_IN_RETRY_DELAY - 1
    with pytest.raises(type(raised.value)):
        await client.get_clients()
    assert simulator.requests[function] == tried

    simulator.clear_faults()
    clock.now += 1
    assert (await client.get_wan_status()).wans
    assert simulator.requests[function] == tried + 1
    assert simulator.failed_logins == 0


@pytest.mark.parametrize(("credentials", "function"), SIGN_INS)
@pytest.mark.parametrize(
    ("answer", "expiry_style"),
    [
        (Fault.UNAUTHORIZED, "http"),
        (Fault.UNAUTHORIZED, "body"),
        (Fault.stat_fail(None, "Invalid username or password"), "body"),
        (Fault.stat_fail(None, "bad secret"), "body"),
        (Fault.stat_fail(401, "Access denied"), "body"),
        (Fault.stat_fail(None, "invalid_client"), "body"),
        (Fault.stat_fail(None, "Login failed"), "body"),
        (Fault.stat_fail(None, "Authentication failed"), "body"),
        # A 401 that does not say the router is busy refuses the credentials.
        (Fault.stat_fail(401, "Error"), "body"),
    ],
)
async def test_refusal_of_the_credentials_is_final(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    clock: Clock,
    credentials: AdminCredentials | ApiClientCredentials,
    function: str,
    answer: Fault,
    expiry_style: str,
) -> None:
    """An answer about the credentials refuses them: never sent again."""
    simulator.expiry_style = expiry_style
    simulator.inject(function, answer)
    client = make_client(credentials, clock=clock)

    with pytest.raises(PeplinkAuthenticationError):
        await client.get_wan_status()
    simulator.clear_faults()
    clock.now += 24 * 3600
    with pytest.raises(PeplinkAuthenticationError):
        await client.get_wan_status()
    with pytest.raises(PeplinkAuthenticationError):
        await client.login()

    assert simulator.requests[function] == 1


async def test_pause_grows_after_each_failure(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    """Twice as long after each failure, up to the maximum; back to short after."""
    simulator.inject("login", Fault.stat_fail(None, "Too many sessions"))
    client = make_client(clock=clock)
    tried_at: list[float] = []

    for _ in range(int(1000 / 5)):
        requests = simulator.requests["login"]
        with pytest.raises(PeplinkSignInError):
            await client.get_wan_status()
        if simulator.requests["login"] > requests:
            tried_at.append(clock.now)
        clock.now += 5

    assert SIGN_IN_RETRY_DELAY == 15
    assert SIGN_IN_MAX_RETRY_DELAY == 300
    assert tried_at == [0, 15, 45, 105, 225, 465, 765]

    # Once signed in, the next failure pauses only briefly again.
    simulator.clear_faults()
    clock.now = tried_at[-1] + SIGN_IN_MAX_RETRY_DELAY
    assert (await client.get_wan_status()).wans
    simulator.expire_sessions()
    simulator.inject("login", Fault.stat_fail(None, "System busy"))
    with pytest.raises(PeplinkSignInError):
        await client.get_wan_status()
    simulator.clear_faults()
    clock.now += SIGN_IN_RETRY_DELAY
    assert (await client.get_wan_status()).wans


async def test_explicit_login_is_not_held_back(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    """Asked to sign in now (a user in a flow), the client does, pause or not."""
    simulator.inject("login", Fault.stat_fail(None, "System busy"), count=1)
    client = make_client(clock=clock)
    with pytest.raises(PeplinkSignInError):
        await client.login()

    await client.login()

    assert simulator.requests["login"] == 2


@pytest.mark.parametrize("answer", [Fault.stat_fail(None, "System busy"), Fault.DROP])
@pytest.mark.parametrize("session_held", [False, True], ids=["first", "expired"])
async def test_waiting_requests_share_a_failed_sign_in(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    clock: Clock,
    answer: Fault,
    session_held: bool,
) -> None:
    """20 requests wait for one sign-in: when it fails, they all fail with it."""
    client = make_client(clock=clock)
    if session_held:
        await client.login()
        simulator.expire_sessions()
    simulator.reset_counters()
    simulator.inject("login", answer)

    results = await asyncio.gather(
        *(client.get_wan_status() for _ in range(20)), return_exceptions=True
    )

    assert all(isinstance(result, PeplinkError) for result in results)
    assert len({type(result) for result in results}) == 1
    assert simulator.requests["login"] == 1


async def test_wrong_password_then_busy_router_is_still_refused(
    simulator: RouterSimulator, make_client: ClientFactory, clock: Clock
) -> None:
    """Refused credentials stay refused, whatever the router answers later."""
    client = make_client(AdminCredentials(ADMIN.username, "wrong"), clock=clock)
    with pytest.raises(PeplinkAuthenticationError):
        await client.login()
    simulator.inject("login", Fault.stat_fail(None, "System busy"))

    with pytest.raises(PeplinkAuthenticationError):
        await client.get_wan_status()

    assert simulator.requests["login"] == 1


async def test_sign_in_failure_names_no_secret(
    simulator: RouterSimulator, clock: Clock, make_client: ClientFactory
) -> None:
    simulator.inject("auth.token.grant", Fault.stat_fail(None, "System busy"))
    client: PeplinkClient = make_client(API_CLIENT, clock=clock)

    with pytest.raises(PeplinkSignInError) as raised:
        await client.get_wan_status()

    assert "System busy" in str(raised.value)
    assert API_CLIENT.client_secret not in str(raised.value)
