"""Sessions are closed: the client logs out, and the router caps its sessions."""

from __future__ import annotations

import pytest

from custom_components.peplink.api import PeplinkError, PeplinkSignInError
from simulator import Fault, RouterSimulator
from tests.constants import API_CLIENT
from tests.helpers import ClientFactory


async def test_logout_ends_the_admin_session(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.get_wan_status()
    assert simulator.live_sessions == 1

    await client.logout()

    assert simulator.live_sessions == 0
    logout = simulator.request_log[-1]
    assert (logout.function, logout.method, logout.authenticated) == (
        "logout",
        "POST",
        True,
    )


async def test_no_sign_in_after_logout_until_asked(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """A request in flight at unload must not open a session nobody closes."""
    client = make_client()
    await client.login()
    await client.logout()

    with pytest.raises(PeplinkError):
        await client.get_wan_status()
    assert simulator.logins == 1
    assert simulator.live_sessions == 0

    await client.login()
    assert (await client.get_wan_status()).wans
    assert simulator.live_sessions == 1


async def test_logout_of_an_api_client_forgets_the_token(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Revoking a token takes an admin's permission: the token is only forgotten."""
    client = make_client(API_CLIENT)
    await client.login()
    simulator.reset_counters()

    await client.logout()

    assert simulator.requests == {}
    with pytest.raises(PeplinkError):
        await client.get_wan_status()
    assert simulator.requests["auth.token.grant"] == 0


async def test_logout_without_a_session_sends_nothing(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    await make_client().logout()

    assert simulator.requests == {}


@pytest.mark.parametrize("fault", [Fault.HTTP_500, Fault.DROP, Fault.UNAUTHORIZED])
async def test_logout_never_raises(
    simulator: RouterSimulator, make_client: ClientFactory, fault: Fault
) -> None:
    client = make_client()
    await client.login()
    simulator.inject("logout", fault)

    await client.logout()

    assert simulator.requests["logout"] == 1


async def test_logout_from_a_router_gone_never_raises(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.login()
    await simulator.stop()

    await client.logout()

    assert client._sign_in.cookie is None


async def test_router_refuses_sessions_beyond_its_cap(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Too many sessions is no wrong password; a closed session frees a place."""
    simulator.max_sessions = 2
    first, second, third = make_client(), make_client(), make_client()
    await first.login()
    await second.login()

    with pytest.raises(PeplinkSignInError, match="Too many sessions"):
        await third.login()
    await first.logout()
    await third.login()

    assert simulator.live_sessions == 2
    assert simulator.failed_logins == 1


async def test_idle_sessions_expire_on_the_router(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    await make_client().login()
    simulator.advance(simulator.session_idle_timeout - 1)
    assert simulator.live_sessions == 1

    simulator.advance(2)

    assert simulator.live_sessions == 0
