"""The inboxes of a router's cellular WANs: all at first, then in turn if capped."""

from __future__ import annotations

import pytest

from simulator import RouterSimulator
from simulator.sms import receive_sms
from tests.helpers import ClientFactory

# The max profile's cellular WANs.
CELLULAR = (3, 4)


def asked(simulator: RouterSimulator) -> list[int]:
    """The WANs whose inbox the router was asked for, in order; then forgotten."""
    wans = [
        int(request.query["connId"])
        for request in simulator.request_log
        if request.function == "cmd.sms.get"
    ]
    simulator.request_log.clear()
    return wans


@pytest.mark.parametrize("profile", ["max"])
async def test_every_inbox_without_a_cap(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    first = await client.get_sms_inboxes()
    simulator.request_log.clear()

    assert set(await client.get_sms_inboxes(first)) == set(CELLULAR)
    assert asked(simulator) == [3, 4]


@pytest.mark.parametrize("profile", ["max"])
async def test_capped_inboxes_are_read_in_turn(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """The first read asks every inbox; then one a read, the other kept."""
    client = make_client()
    inboxes = await client.get_sms_inboxes(at_most=1)
    assert set(inboxes) == set(CELLULAR)
    simulator.request_log.clear()

    receive_sms(simulator.state, 4, "+4915112345678", "STATUS")
    seen_on_4: list[int] = []
    for _ in range(4):
        inboxes = await client.get_sms_inboxes(inboxes, at_most=1)
        # Every WAN keeps an inbox, read now or before.
        assert set(inboxes) == set(CELLULAR)
        seen_on_4.append(len(inboxes[4].messages))

    assert asked(simulator) == [3, 4, 3, 4]
    # The new message shows once WAN 4's turn comes, and stays.
    assert seen_on_4 == [0, 1, 1, 1]
