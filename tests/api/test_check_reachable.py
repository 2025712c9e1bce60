"""check_reachable: whether a Peplink router answers, asked without any credential."""

from __future__ import annotations

import pytest

from custom_components.peplink.api import (
    Credentials,
    PeplinkApiError,
    PeplinkConnectionError,
    PeplinkTlsError,
)
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.helpers import ClientFactory, running_simulator


@pytest.mark.parametrize("credentials", [ADMIN, API_CLIENT], ids=["admin", "token"])
async def test_asks_the_firmware_before_sign_in(
    simulator: RouterSimulator, make_client: ClientFactory, credentials: Credentials
) -> None:
    await make_client(credentials).check_reachable()
    assert [
        (request.function, request.authenticated, request.query, request.body)
        for request in simulator.request_log
    ] == [("info.firmware", False, {}, None)]
    assert simulator.logins == 0


@pytest.mark.parametrize(
    "fault",
    [
        Fault.UNAUTHORIZED,
        Fault.UNSUPPORTED,
        Fault.UNKNOWN_FUNCTION,
        Fault.INTERNAL_ERROR,
        Fault.NOT_FOUND,
    ],
)
async def test_a_peplink_refusal_is_a_peplink(
    simulator: RouterSimulator, make_client: ClientFactory, fault: Fault
) -> None:
    """Firmware that refuses the function before sign-in, or lacks it."""
    simulator.inject("info.firmware", fault)
    await make_client().check_reachable()
    assert simulator.logins == 0


@pytest.mark.parametrize("fault", [Fault.NOT_JSON, Fault.HTTP_500, Fault.EMPTY])
async def test_something_else_answering(
    simulator: RouterSimulator, make_client: ClientFactory, fault: Fault
) -> None:
    simulator.inject("info.firmware", fault)
    with pytest.raises(PeplinkApiError):
        await make_client().check_reachable()


async def test_nothing_answering(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await simulator.stop()
    with pytest.raises(PeplinkConnectionError):
        await client.check_reachable()


async def test_unverifiable_certificate(make_client: ClientFactory) -> None:
    async with running_simulator("balance", https=True) as sim:
        client = make_client(port=sim.port, https=True, verify_ssl=True)
        with pytest.raises(PeplinkTlsError):
            await client.check_reachable()
        assert not sim.request_log
