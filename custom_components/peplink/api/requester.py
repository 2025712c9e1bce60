"""Signed requests to a router, at whichever path it serves a function."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .auth import SignIn
from .exceptions import PeplinkApiError, PeplinkUnsupportedError
from .transport import SessionRefused, Transport


class _Path(StrEnum):
    """Where a function is served."""

    OFFICIAL = "api"
    UNOFFICIAL = "cgi"


class Requester:
    """Requests with the current sign-in; signs in again once where it ended."""

    def __init__(self, transport: Transport, sign_in: SignIn) -> None:
        """Send over the transport with what the sign-in holds."""
        self._transport = transport
        self._sign_in = sign_in
        self._paths: dict[str, _Path] = {}
        self._refusing_sign_in: set[str] = set()

    async def call_either_path(
        self, function: str, params: Mapping[str, str] | None = None
    ) -> Any:
        """Call a function that firmware serves officially, unofficially, or both.

        The first path that answers is remembered, so it costs one extra request
        at most once.
        """
        known = self._paths.get(function)
        if known is not None:
            return await self.call(
                function, params=params, unofficial=known is _Path.UNOFFICIAL
            )
        try:
            answer = await self.call(function, params=params)
        except PeplinkUnsupportedError:
            self._paths[function] = _Path.UNOFFICIAL
            return await self.call(function, params=params, unofficial=True)
        self._paths[function] = _Path.OFFICIAL
        return answer

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
        if unofficial and function in self._refusing_sign_in:
            raise PeplinkUnsupportedError(f"{function} refuses this sign-in method")
        generation = await self._sign_in.ensure()
        try:
            return await self._signed_exchange(
                function, method, params, body, unofficial
            )
        except SessionRefused:
            pass
        await self._sign_in.ensure(expired_generation=generation)
        try:
            return await self._signed_exchange(
                function, method, params, body, unofficial
            )
        except SessionRefused as err:
            # The sign-in itself just succeeded, so this is not a credential problem.
            # Some firmware refuses API tokens on unofficial functions for good;
            # an admin session refused there is taken as a passing failure.
            if unofficial and self._sign_in.by_token:
                self._refusing_sign_in.add(function)
                raise PeplinkUnsupportedError(
                    f"{function} refuses this sign-in method"
                ) from None
            raise PeplinkApiError(
                f"{function} was refused right after signing in: {err.message}", 401
            ) from None

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
        return answer.payload
