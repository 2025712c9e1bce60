"""The demo's router receives an SMS now and then (`--sms-every`)."""

from __future__ import annotations

import asyncio

import pytest

from simulator import RouterSimulator
from simulator.demo import MESSAGES, sms_now_and_then
from tests.helpers import ClientFactory

# The max profile's first cellular WAN; its inbox holds two messages already.
CELLULAR = 3


@pytest.mark.parametrize("profile", ["max"])
async def test_sms_arrive_in_turn(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """A single and a two-part message in turn, each at the interval asked."""
    client = make_client()
    before = {
        message.message_ids for message in (await client.get_sms(CELLULAR)).messages
    }
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        # Three messages, then the demo stops it, as Ctrl-C does.
        if len(waited) == 3:
            raise asyncio.CancelledError
        waited.append(seconds)
        simulator.advance(seconds)

    with pytest.raises(asyncio.CancelledError):
        await sms_now_and_then(simulator.state, 120, sleep)

    assert waited == [120, 120, 120]
    demo = [
        message
        for message in (await client.get_sms(CELLULAR)).messages
        if message.message_ids not in before
    ]
    # The router lists messages by sender: compare them as a whole.
    assert sorted((message.sender, message.text) for message in demo) == sorted(
        (sender, "".join(parts)) for sender, parts in (*MESSAGES, MESSAGES[0])
    )
    assert sorted(len(message.message_ids) for message in demo) == [1, 1, 2]


@pytest.mark.parametrize("profile", ["balance"])
async def test_no_sms_without_a_cellular_wan(simulator: RouterSimulator) -> None:
    """A router without a cellular WAN receives none, and the demo runs on."""
    rounds = 0

    async def sleep(_seconds: float) -> None:
        nonlocal rounds
        if rounds == 2:
            raise asyncio.CancelledError
        rounds += 1

    with pytest.raises(asyncio.CancelledError):
        await sms_now_and_then(simulator.state, 60, sleep)
    assert rounds == 2
    assert simulator.state.sms == {}
