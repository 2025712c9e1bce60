"""Fault injection: ways a router (or the network to it) misbehaves."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Fault:
    """One kind of misbehaviour; the class constants, `stat_fail()` or `answer()`."""

    kind: str
    code: int | None = None
    message: str | None = None

    TIMEOUT: ClassVar[Fault]
    HTTP_500: ClassVar[Fault]
    NOT_JSON: ClassVar[Fault]
    EMPTY: ClassVar[Fault]
    MISSING_FIELDS: ClassVar[Fault]
    DROP: ClassVar[Fault]
    LOST_ANSWER: ClassVar[Fault]
    INTERNAL_ERROR: ClassVar[Fault]
    UNAUTHORIZED: ClassVar[Fault]
    UNSUPPORTED: ClassVar[Fault]
    UNKNOWN_FUNCTION: ClassVar[Fault]
    NOT_FOUND: ClassVar[Fault]

    @staticmethod
    def stat_fail(code: int | None, message: str) -> Fault:
        """Answer HTTP 200 `{"stat":"fail"[,"code":code],"message":message}`."""
        return Fault("stat_fail", code, message)

    @staticmethod
    def answer(body: str, status: int = 200) -> Fault:
        """Answer this body as it is, JSON or not, with this HTTP status.

        The status is kept as `code` and the body as `message`.
        """
        return Fault("answer", status, body)

    def __repr__(self) -> str:
        if self.kind == "stat_fail":
            return f"Fault.stat_fail({self.code!r}, {self.message!r})"
        if self.kind == "answer":
            body = self.message or ""
            shown = body if len(body) <= 40 else f"{body[:30]}...({len(body)} chars)"
            return f"Fault.answer({shown!r}, {self.code!r})"
        return f"Fault.{self.kind.upper()}"


# Never answer: the request is held open (see `Holds`) until the test releases
# it, or the simulator stops or reboots; its connection then closes unanswered.
Fault.TIMEOUT = Fault("timeout")
Fault.HTTP_500 = Fault("http_500")
# HTTP 200 with an HTML error page, as a captive portal or a crashed CGI gives.
Fault.NOT_JSON = Fault("not_json")
Fault.EMPTY = Fault("empty")
Fault.MISSING_FIELDS = Fault("missing_fields")
# Close the connection without sending anything.
Fault.DROP = Fault("drop")
# Carry the call out as usual, then close the connection without answering: a
# write the router accepted whose answer never arrived.
Fault.LOST_ANSWER = Fault("lost_answer")
Fault.INTERNAL_ERROR = Fault("internal_error")
# The auth failure the endpoint would send (CGI text, official per expiry_style).
Fault.UNAUTHORIZED = Fault("unauthorized")
# How firmware refuses a function it lacks: "Unsupported request" with code 404,
# "unknown function" without a code, or an HTTP 404 page.
Fault.UNSUPPORTED = Fault("unsupported")
Fault.UNKNOWN_FUNCTION = Fault("unknown_function")
Fault.NOT_FOUND = Fault("not_found")


@dataclass(slots=True)
class _Injection:
    fault: Fault
    remaining: int | None


class FaultTable:
    """Faults injected per function name; "*" matches every function."""

    def __init__(self) -> None:
        self._faults: dict[str, _Injection] = {}

    def inject(self, function: str, fault: Fault, count: int | None = None) -> None:
        """Make the next `count` calls (or all, if None) to `function` fail.

        `function` may name one info type of a function that takes several,
        e.g. "status.system.info?infoType=device".
        """
        if count is not None and count <= 0:
            raise ValueError("count must be positive or None")
        self._faults[function] = _Injection(fault, count)

    def clear(self, function: str | None = None) -> None:
        """Clear one function's fault, or all of them."""
        if function is None:
            self._faults.clear()
        else:
            self._faults.pop(function, None)

    def take(self, function: str, info_type: str | None = None) -> Fault | None:
        """Return the fault for this call, consuming one use of a counted fault."""
        keys = (function, "*")
        if info_type is not None:
            keys = (f"{function}?infoType={info_type}", *keys)
        for key in keys:
            injection = self._faults.get(key)
            if injection is None:
                continue
            if injection.remaining is not None:
                injection.remaining -= 1
                if injection.remaining <= 0:
                    del self._faults[key]
            return injection.fault
        return None

    def __contains__(self, function: str) -> bool:
        return function in self._faults


@dataclass(eq=False, slots=True)
class HeldRequest:
    """A request the TIMEOUT fault holds open."""

    function: str
    released: asyncio.Event = field(default_factory=asyncio.Event, repr=False)


class Holds:
    """The requests the TIMEOUT fault holds open, until released or halted.

    Nothing here runs on a clock: the test sees a request held (`wait`), makes
    the client give up on it as it likes, and then releases it.
    """

    def __init__(self) -> None:
        self._held: list[HeldRequest] = []
        self._arrived = asyncio.Event()

    @property
    def requests(self) -> tuple[HeldRequest, ...]:
        """The requests held now (not yet released), oldest first."""
        return tuple(self._held)

    async def hold(self, function: str, halt: asyncio.Event) -> None:
        """Hold a request until it is released or `halt` is set."""
        held = HeldRequest(function)
        self._held.append(held)
        self._arrived.set()
        waiters = [
            asyncio.ensure_future(held.released.wait()),
            asyncio.ensure_future(halt.wait()),
        ]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._discard(held)

    async def wait(self, count: int = 1) -> tuple[HeldRequest, ...]:
        """Wait until at least `count` requests are held; return those held."""
        while len(self._held) < count:
            self._arrived.clear()
            await self._arrived.wait()
        return self.requests

    def release(self, requests: tuple[HeldRequest, ...] | None = None) -> int:
        """Release these held requests, or all; return how many were still held."""
        released = 0
        for held in self.requests if requests is None else requests:
            if self._discard(held):
                held.released.set()
                released += 1
        return released

    def _discard(self, held: HeldRequest) -> bool:
        if held not in self._held:
            return False
        self._held.remove(held)
        return True
