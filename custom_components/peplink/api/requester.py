"""Signed requests to a router, at whichever path it serves a function."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import logging
from typing import Any

from .auth import SignIn
from .exceptions import (
    PeplinkAdminRequiredError,
    PeplinkApiError,
    PeplinkUnsupportedError,
)
from .transport import SessionRefused, Transport

_LOGGER = logging.getLogger(__name__)

# What the client marks as refused is asked again after this long: a mark that
# a passing fault set must not last, and routers change.
RECHECK_INTERVAL = 3600.0


class _Marks:
    """Functions marked for a while: each mark lapses after RECHECK_INTERVAL."""

    def __init__(self, clock: Callable[[], float]) -> None:
        """Mark nothing yet; time comes from `clock`."""
        self._clock = clock
        self._until: dict[str, float] = {}

    def add(self, function: str) -> None:
        """Mark the function until the recheck."""
        self._until[function] = self._clock() + RECHECK_INTERVAL

    def discard(self, function: str) -> None:
        """Remove the function's mark, if any."""
        self._until.pop(function, None)

    def __contains__(self, function: object) -> bool:
        """Whether the function is marked now."""
        if not isinstance(function, str) or function not in self._until:
            return False
        return self._clock() < self._until[function]

    def current(self) -> frozenset[str]:
        """The functions marked now."""
        return frozenset(function for function in self._until if function in self)


class Requester:
    """Requests with the current sign-in; signs in again once where it ended.

    A function that refuses even a session signed in for it is not worth a new
    sign-in each time it refuses; where it is a web-admin function refusing an
    API client's token, it is not asked at all until the recheck.
    """

    def __init__(
        self, transport: Transport, sign_in: SignIn, clock: Callable[[], float]
    ) -> None:
        """Send over the transport with what the sign-in holds."""
        self._transport = transport
        self._sign_in = sign_in
        self._official_refused = _Marks(clock)
        self._refusing_session = _Marks(clock)
        self._refusing_token = _Marks(clock)

    @property
    def admin_only_functions(self) -> frozenset[str]:
        """The web-admin functions that refused the API client's token, for now."""
        return self._refusing_token.current()

    async def call_either_path(
        self, function: str, params: Mapping[str, str] | None = None
    ) -> Any:
        """Call a function that firmware serves officially, unofficially, or both.

        Where the official path refuses the function, the web-admin path serves
        it until the recheck: an extra request an hour at most.
        """
        if function in self._official_refused:
            return await self.call(function, params=params, unofficial=True)
        try:
            return await self.call(function, params=params)
        except PeplinkUnsupportedError:
            self._official_refused.add(function)
            _LOGGER.debug(
                "%s refuses %s at /api/; using its web-admin path for %.0f s",
                self._transport.host,
                function,
                RECHECK_INTERVAL,
            )
            return await self.call(function, params=params, unofficial=True)

    async def call(
        self,
        function: str,
        *,
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        unofficial: bool = False,
    ) -> Any:
        """Send an authenticated request; sign in again once if the session ended."""
        token_at_web_admin = unofficial and self._sign_in.by_token
        if token_at_web_admin and function in self._refusing_token:
            _LOGGER.debug("Not asking %s: it refuses the API client", function)
            raise _admin_only(function)
        generation = await self._sign_in.ensure()
        try:
            return await self._signed_exchange(
                function, method, params, body, unofficial
            )
        except SessionRefused as err:
            if function in self._refusing_session:
                # It refused a session signed in for it before: the function
                # refuses, not the session, and signing in again would not help.
                raise _refused(function, err) from None
            _LOGGER.debug("%s refused the session: signing in again", function)
        await self._sign_in.ensure(expired_generation=generation)
        try:
            return await self._signed_exchange(
                function, method, params, body, unofficial
            )
        except SessionRefused as err:
            # The sign-in itself just succeeded, so this is not a credential problem.
            if token_at_web_admin:
                # Some firmware refuses API tokens on its web-admin functions.
                self._refusing_token.add(function)
                _LOGGER.debug(
                    "%s refuses the API client's fresh token; not asked for %.0f s",
                    function,
                    RECHECK_INTERVAL,
                )
                raise _admin_only(function) from None
            self._refusing_session.add(function)
            _LOGGER.debug(
                "%s refuses even a fresh session; no new sign-in for it for %.0f s",
                function,
                RECHECK_INTERVAL,
            )
            raise _refused(function, err) from None

    async def _signed_exchange(
        self,
        function: str,
        method: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        unofficial: bool,
    ) -> Any:
        answer = await self._transport.exchange(
            function,
            method,
            params=params,
            body=body,
            unofficial=unofficial,
            cookie=self._sign_in.cookie,
            token=self._sign_in.token,
        )
        self._refusing_session.discard(function)
        return answer.payload


def _admin_only(function: str) -> PeplinkAdminRequiredError:
    return PeplinkAdminRequiredError(
        f"{function} refuses API clients on this router; an admin may call it"
    )


def _refused(function: str, err: SessionRefused) -> PeplinkApiError:
    return PeplinkApiError(
        f"{function} refuses the session signed in for it: {err.message}", 401
    )
