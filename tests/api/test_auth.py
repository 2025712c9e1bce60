"""Sign-in, session and token expiry, against the simulator over HTTP."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from custom_components.peplink.api import (
    AdminCredentials,
    ApiClientCredentials,
    PeplinkAccountLockedError,
    PeplinkAdminRequiredError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkClient,
    PeplinkUnsupportedError,
    WanState,
)
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN, API_CLIENT, READ_ONLY_CLIENT
from tests.helpers import ClientFactory, new_simulator


async def test_admin_login_keeps_cookie_on_bare_ip(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    assert client.host == "127.0.0.1"

    for _ in range(3):
        wans = await client.get_wan_status()

    assert wans.wans[1].name == "Peak Wifi"
    assert simulator.logins == 1
    assert simulator.requests["status.wan.connection"] == 3
    login = next(r for r in simulator.request_log if r.function == "login")
    assert login.method == "POST"
    assert all(r.authenticated for r in simulator.request_log if r.function != "login")


async def test_cookie_name_follows_the_scheme(
    socket_enabled: None, http_session: aiohttp.ClientSession
) -> None:
    """``bauth`` over HTTPS, ``pauth`` over HTTP; both carry the session."""
    for https in (False, True):
        sim = new_simulator("balance")
        await sim.start(host="127.0.0.1", port=0, https=https)
        try:
            client = PeplinkClient(
                sim.host, ADMIN, session=http_session, port=sim.port, https=https
            )
            await client.get_wan_status()
            assert client._sign_in.cookie is not None
            assert client._sign_in.cookie[0] == ("bauth" if https else "pauth")
            assert sim.logins == 1
        finally:
            await sim.stop()


async def test_token_travels_as_query_parameter(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client(API_CLIENT)

    await client.get_wan_status()
    await client.get_clients()

    assert simulator.requests["auth.token.grant"] == 1
    assert simulator.logins == 1
    reads = [r for r in simulator.request_log if r.function != "auth.token.grant"]
    assert len(reads) == 2
    assert all("accessToken" in r.query and r.authenticated for r in reads)
    assert not client.read_only


@pytest.mark.parametrize("profile", ["max"])
async def test_token_refreshed_before_it_runs_out(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """``expiresIn`` arrives as a string on this profile; it is still honoured."""
    now = [1000.0]
    simulator.token_lifetime = 600
    client = make_client(API_CLIENT, clock=lambda: now[0])

    await client.get_wan_status()
    now[0] += 560  # still valid on the router, but inside the refresh margin
    await client.get_wan_status()
    await client.get_wan_status()

    assert simulator.requests["auth.token.grant"] == 2
    # The refresh came before any refusal: every read was accepted at once.
    assert simulator.requests["status.wan.connection"] == 3


async def test_read_only_client_is_reported(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client(READ_ONLY_CLIENT)
    await client.login()
    assert client.read_only


@pytest.mark.parametrize(
    "credentials",
    [
        AdminCredentials(ADMIN.username, "wrong-password"),
        ApiClientCredentials(API_CLIENT.client_id, "wrong-secret"),
    ],
    ids=["admin", "api_client"],
)
async def test_wrong_credentials_fail_after_one_login(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    credentials: AdminCredentials | ApiClientCredentials,
) -> None:
    client = make_client(credentials)

    with pytest.raises(PeplinkAuthenticationError) as raised:
        await client.get_wan_status()
    # Refused credentials are never sent again by this client.
    with pytest.raises(PeplinkAuthenticationError):
        await client.get_clients()
    with pytest.raises(PeplinkAuthenticationError):
        await client.login()

    assert simulator.logins == 1
    assert simulator.failed_logins == 1
    assert simulator.requests["status.wan.connection"] == 0
    assert "wrong-" not in str(raised.value)


async def test_concurrent_first_requests_cause_one_login(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    results = await asyncio.gather(*(client.get_wan_status() for _ in range(20)))
    assert len(results) == 20
    assert simulator.logins == 1


async def test_locked_account_is_its_own_error(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.lockout_after = 2
    for _ in range(2):
        with pytest.raises(PeplinkAuthenticationError):
            await make_client(AdminCredentials(ADMIN.username, "guess")).login()

    with pytest.raises(PeplinkAccountLockedError):
        await make_client().login()
    assert simulator.failed_logins == 3


@pytest.mark.parametrize("expiry_style", ["body", "http"])
async def test_expired_session_logs_in_once_and_retries(
    simulator: RouterSimulator, make_client: ClientFactory, expiry_style: str
) -> None:
    simulator.expiry_style = expiry_style
    client = make_client()
    await client.get_wan_status()

    simulator.expire_sessions()
    wans = await client.get_wan_status()

    assert wans.wans[1].state is WanState.CONNECTED
    assert simulator.logins == 2
    assert simulator.requests["status.wan.connection"] == 3


@pytest.mark.parametrize(
    "credentials", [ADMIN, API_CLIENT], ids=["admin", "api_client"]
)
async def test_unofficial_endpoint_unauthorized_logs_in_again(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    credentials: AdminCredentials | ApiClientCredentials,
) -> None:
    """The balance profile serves traffic only at the unofficial path."""
    client = make_client(credentials)
    await client.get_traffic()
    simulator.expire_sessions()

    traffic = await client.get_traffic()

    assert traffic.lifetime_downloaded == 208003
    assert simulator.logins == 2
    unofficial = [r for r in simulator.request_log if r.path == "cgi"]
    assert [r.authenticated for r in unofficial] == [True, False, True]


async def test_unofficial_endpoint_refusing_tokens_is_unsupported(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.cgi_refuses_tokens = True
    client = make_client(API_CLIENT)

    with pytest.raises(PeplinkAdminRequiredError):
        await client.get_traffic()
    requests_after_probe = sum(simulator.requests.values())
    with pytest.raises(PeplinkUnsupportedError):
        await client.get_traffic()

    # One fresh sign-in to be sure, then no login loop and no further request.
    assert simulator.requests["auth.token.grant"] == 2
    assert sum(simulator.requests.values()) == requests_after_probe
    # Official endpoints keep working with the token.
    assert (await client.get_wan_status()).wans


async def test_expiring_sessions_under_concurrent_load(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Bursts of 20 concurrent requests; the session expires every 25 requests."""
    simulator.expire_every = 25
    client = make_client()
    await client.login()

    for _ in range(5):
        results = await asyncio.gather(*(client.get_wan_status() for _ in range(20)))
        assert all(result.wans for result in results)

    # Expiries after the 25th, 50th and 75th request each fall inside a burst;
    # the one after the 100th meets no request.
    assert simulator.requests["status.wan.connection"] == 100 + 15 + 10 + 5
    assert simulator.logins == 1 + 3


async def test_refusal_right_after_login_is_not_a_credential_error(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """A read-only client writing: the router refuses, the sign-in is fine."""
    client = make_client(READ_ONLY_CLIENT)

    with pytest.raises(PeplinkApiError) as raised:
        await client.set_access_point(False)

    assert not isinstance(raised.value, PeplinkAuthenticationError)
    assert simulator.logins == 2


async def test_absurd_token_lifetime_is_bounded(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """An ``expiresIn`` of 400 digits does not overflow the refresh time."""
    grant = {"accessToken": "43c65216eb16d779092fc40b184a1794", "expiresIn": 0}
    body = json.dumps({"stat": "ok", "response": grant}).replace(
        '"expiresIn": 0', '"expiresIn": 1' + "0" * 400
    )
    simulator.inject("auth.token.grant", Fault.answer(body), count=1)
    client = make_client(API_CLIENT)

    assert (await client.get_wan_status()).wans

    # The made-up token was refused, and a real one granted.
    assert simulator.requests["auth.token.grant"] == 2
