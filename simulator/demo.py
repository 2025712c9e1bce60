"""What the demo's router does on its own: an SMS arrives now and then.

With `--sms-every SECONDS`, the first enabled cellular WAN receives a message
at that interval, a single one and a two-part one in turn, so that the SMS
received event and the Forward SMS blueprint can be tried without a phone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import itertools

from .sms import receive_sms
from .state import RouterState

# Sender and parts, in turn: the second comes in two parts, as long texts do.
MESSAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("+4915112345678", ("STATUS",)),
    ("Carrier", ("Your data plan renews tomorrow. ", "Reply HELP for help.")),
)


def receive_demo_sms(state: RouterState, count: int) -> int | None:
    """The `count`-th demo message arrives; the WAN it came to, if any has a SIM."""
    wan = next(
        (wan for wan in state.wans.values() if wan.cellular and wan.enable), None
    )
    if wan is None:
        return None
    sender, parts = MESSAGES[count % len(MESSAGES)]
    receive_sms(state, wan.id, sender, *parts)
    return wan.id


async def sms_now_and_then(
    state: RouterState,
    every: float,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """A demo message every `every` seconds, until cancelled."""
    for count in itertools.count():
        await sleep(every)
        receive_demo_sms(state, count)
