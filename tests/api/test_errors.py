"""Every fault maps to its typed error, and no error leaks a secret.

Timeouts run on the loop clock, frozen by `freezer`: the simulator holds the
request open, and the test moves the clock past the client's request timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
import json
import socket
from typing import Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.peplink.api import (
    ACCOUNT_LOCK_BACKOFF,
    AdminCredentials,
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkClient,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.helpers import ClientFactory, new_simulator

REQUEST_TIMEOUT = 0.5


async def answer_of(
    call: Awaitable[Any],
    simulator: RouterSimulator,
    freezer: FrozenDateTimeFactory,
    fault: Fault,
) -> Any:
    """Await a client call; under the TIMEOUT fault, let its request time out.

    The request is the only one in flight: once the simulator holds it, the
    frozen clock moves past REQUEST_TIMEOUT (the loop runs a timer only once its
    clock is past it) and the client's own asyncio timeout expires.
    """
    task = asyncio.ensure_future(call)
    if fault is Fault.TIMEOUT:
        held = await simulator.wait_held()
        freezer.tick(timedelta(seconds=REQUEST_TIMEOUT + 1))
        try:
            return await task
        finally:
            assert simulator.release_held(held) == 1
    return await task


@pytest.mark.parametrize(
    ("fault", "error", "text"),
    [
        (Fault.TIMEOUT, PeplinkConnectionError, "Timed out"),
        (Fault.DROP, PeplinkConnectionError, "Connection to"),
        (Fault.HTTP_500, PeplinkApiError, "HTTP 500"),
        (Fault.NOT_JSON, PeplinkApiError, "not JSON"),
        (Fault.EMPTY, PeplinkApiError, "empty body"),
        (Fault.INTERNAL_ERROR, PeplinkApiError, "Internal Error"),
        # Every wording of "this router lacks the function".
        (Fault.UNSUPPORTED, PeplinkUnsupportedError, "not supported"),
        (Fault.UNKNOWN_FUNCTION, PeplinkUnsupportedError, "not supported"),
        (Fault.NOT_FOUND, PeplinkUnsupportedError, "not supported"),
        (Fault.stat_fail(404, "Not Found"), PeplinkUnsupportedError, "not supported"),
        # Nesting too deep to follow, a number too long to read.
        (Fault.answer("[" * 100_000 + "]" * 100_000), PeplinkApiError, "not JSON"),
        (
            Fault.answer('{"stat":"ok","response":' + "9" * 5000 + "}"),
            PeplinkApiError,
            "not JSON",
        ),
    ],
    ids=lambda value: repr(value) if isinstance(value, Fault) else None,
)
@pytest.mark.parametrize(
    "credentials", [ADMIN, API_CLIENT], ids=["admin", "api_client"]
)
async def test_fault_raises_typed_error(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    freezer: FrozenDateTimeFactory,
    fault: Fault,
    error: type[PeplinkError],
    text: str,
    credentials: object,
) -> None:
    client = make_client(credentials, request_timeout=REQUEST_TIMEOUT)
    await client.login()
    simulator.inject("status.wan.connection", fault)

    with pytest.raises(error, match=text) as raised:
        await answer_of(client.get_wan_status(), simulator, freezer, fault)

    # A fault is never answered with a new login. aiohttp itself sends an
    # idempotent GET once more when a reused keep-alive connection drops.
    assert simulator.logins == 1
    assert simulator.requests["status.wan.connection"] == (
        2 if fault is Fault.DROP else 1
    )
    for secret in (ADMIN.password, API_CLIENT.client_secret):
        assert secret not in str(raised.value)


async def test_router_error_keeps_code_and_message(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.inject("status.client", Fault.stat_fail(3, "invalid connId"))

    with pytest.raises(PeplinkApiError) as raised:
        await make_client().get_clients()

    assert raised.value.code == 3
    assert raised.value.message == "invalid connId"


async def test_answer_without_its_data_is_an_error(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Read as "no WANs", an empty answer would remove every WAN."""
    simulator.inject("status.wan.connection", Fault.MISSING_FIELDS)
    with pytest.raises(PeplinkApiError, match="without its data"):
        await make_client().get_wan_status()


async def test_fault_clears(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    simulator.inject("status.client", Fault.HTTP_500, count=1)

    with pytest.raises(PeplinkApiError):
        await client.get_clients()
    assert await client.get_clients()


async def test_unknown_official_function_is_unsupported(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    with pytest.raises(PeplinkUnsupportedError):
        await make_client().call("status.doesNotExist")


async def test_connection_refused(
    socket_enabled: None, http_session: aiohttp.ClientSession
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    client = PeplinkClient(
        "127.0.0.1", ADMIN, session=http_session, port=free_port, https=False
    )

    with pytest.raises(PeplinkConnectionError, match="Cannot connect"):
        await client.get_wan_status()


async def test_self_signed_certificate(
    socket_enabled: None, http_session: aiohttp.ClientSession
) -> None:
    """Verification on refuses the router's certificate; off accepts it."""
    sim = new_simulator("balance")
    await sim.start(host="127.0.0.1", port=0, https=True)
    try:
        verifying = PeplinkClient(
            sim.host, ADMIN, session=http_session, port=sim.port, verify_ssl=True
        )
        with pytest.raises(PeplinkTlsError):
            await verifying.get_wan_status()
        assert sim.logins == 0

        trusting = PeplinkClient(
            sim.host, ADMIN, session=http_session, port=sim.port, verify_ssl=False
        )
        assert (await trusting.get_wan_status()).wans
    finally:
        await sim.stop()


async def test_login_internal_error_is_not_a_credential_error(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.inject("login", Fault.INTERNAL_ERROR, count=1)
    client = make_client()

    with pytest.raises(PeplinkApiError, match="could not sign in"):
        await client.login()
    # Not remembered as refused credentials: the next try signs in.
    await client.login()
    assert simulator.requests["login"] == 2


async def test_token_grant_internal_error_is_retried_once(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    simulator.inject(
        "auth.token.grant", Fault.stat_fail(401, "Internal Error"), count=1
    )
    client = make_client(API_CLIENT)

    await client.get_wan_status()

    assert simulator.requests["auth.token.grant"] == 2


@pytest.mark.parametrize("expires_in", [10**30, 10**400], ids=["10**30", "10**400"])
async def test_absurd_token_lifetime(
    simulator: RouterSimulator, make_client: ClientFactory, expires_in: int
) -> None:
    """A lifetime beyond any clock is none: the token is used until refused."""
    grant = {"accessToken": "unknown-to-the-router", "expiresIn": expires_in}
    simulator.inject(
        "auth.token.grant",
        Fault.answer(json.dumps({"stat": "ok", "response": grant})),
        count=1,
    )

    assert (await make_client(API_CLIENT).get_wan_status()).wans

    assert simulator.requests["auth.token.grant"] == 2


@pytest.mark.parametrize("fault", [Fault.TIMEOUT, Fault.DROP])
async def test_write_not_repeated_after_a_failure(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    freezer: FrozenDateTimeFactory,
    fault: Fault,
) -> None:
    client = make_client(request_timeout=REQUEST_TIMEOUT)
    await client.login()
    simulator.inject("cmd.system.reboot", fault)

    with pytest.raises(PeplinkConnectionError):
        await answer_of(client.reboot(), simulator, freezer, fault)

    assert simulator.requests["cmd.system.reboot"] == 1
    assert not simulator.rebooting


async def test_pinned_certificate(
    socket_enabled: None, http_session: aiohttp.ClientSession
) -> None:
    """Trust on first use: a replaced certificate gets no request, no credential."""
    sim = new_simulator("balance")
    await sim.start(host="127.0.0.1", port=0, https=True)
    try:
        probe = PeplinkClient(sim.host, ADMIN, session=http_session, port=sim.port)
        fingerprint = await probe.get_certificate_fingerprint()
        assert len(fingerprint) == 32
        assert sim.requests == {}

        pinned = PeplinkClient(
            sim.host,
            ADMIN,
            session=http_session,
            port=sim.port,
            certificate_fingerprint=fingerprint,
        )
        assert (await pinned.get_wan_status()).wans
        await sim.replace_certificate()
        sim.expire_sessions()
        requests_before = len(sim.request_log)
        # Its own session: no pooled connection from before the change is reused.
        async with PeplinkClient(
            sim.host, ADMIN, port=sim.port, certificate_fingerprint=fingerprint
        ) as repinned:
            with pytest.raises(PeplinkCertificateChangedError):
                await repinned.get_wan_status()
        assert len(sim.request_log) == requests_before
        assert await probe.get_certificate_fingerprint() != fingerprint
    finally:
        await sim.stop()


async def test_locked_account_waits_before_signing_in_again(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    now = [0.0]
    simulator.lockout_after = 1
    with pytest.raises(PeplinkAuthenticationError):
        await make_client(AdminCredentials(ADMIN.username, "guess")).login()
    client = make_client(clock=lambda: now[0])

    with pytest.raises(PeplinkAccountLockedError):
        await client.get_wan_status()
    now[0] += 60
    with pytest.raises(PeplinkAccountLockedError):
        await client.get_wan_status()
    assert simulator.requests["login"] == 2

    simulator.advance(simulator.lockout_seconds)
    now[0] += ACCOUNT_LOCK_BACKOFF
    assert (await client.get_wan_status()).wans
    assert simulator.requests["login"] == 3
