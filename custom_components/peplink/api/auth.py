"""The two ways to sign in to a Peplink router, and the sign-in they keep.

Log lines say how a sign-in went, never with which credentials.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import copy
from dataclasses import dataclass, field
import logging
import re

from .exceptions import (
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkError,
    PeplinkSignInError,
)
from .parsing import as_dict, as_int, as_str
from .transport import RouterFailure, SessionRefused, Transport, is_transient

_LOGGER = logging.getLogger(__name__)

# After the router locked the account, wait this long before signing in again:
# each failed attempt would extend the lock.
ACCOUNT_LOCK_BACKOFF = 300.0
# After a sign-in that failed otherwise (a busy router, too many sessions), wait
# before the next one: twice as long after each failure, up to the maximum.
SIGN_IN_RETRY_DELAY = 15.0
SIGN_IN_MAX_RETRY_DELAY = 300.0
# How a router's answer to a sign-in words a locked account.
_LOCKED = re.compile(r"\b(locked|lockout|lock out)\b")
# Words of a sign-in failure that passes: the router is busy or full.
_PASSING = ("busy", "too many", "try again", "later", "temporar", "maintenance")
# Words by which an answer refuses the credentials themselves.
_CREDENTIALS_REFUSED = (
    "unauthorized",
    "not authorized",
    "denied",
    "forbidden",
    "username",
    "password",
    "secret",
    "credential",
    "invalid client",
    "invalid user",
    "invalid login",
    "login failed",
    "authentication",
    "incorrect",
)
# Without an expiresIn we still refresh, rather than wait for a refusal.
_DEFAULT_TOKEN_LIFETIME = 3600
_MAX_TOKEN_REFRESH_MARGIN = 300.0
_COOKIE_NAMES = {"https": ("bauth", "pauth"), "http": ("pauth", "bauth")}


@dataclass(frozen=True, slots=True)
class AdminCredentials:
    """An admin user account: ``/api/login`` and a session cookie."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ApiClientCredentials:
    """An API client created on the router: ``/api/auth.token.grant`` and a token."""

    client_id: str
    client_secret: str = field(repr=False)


type Credentials = AdminCredentials | ApiClientCredentials


def _sign_in_failure(
    err: SessionRefused | RouterFailure, credentials: str
) -> PeplinkError:
    """What the router's refusal of a sign-in means.

    A refusal of the credentials themselves (an answer about them, or a 401
    that does not say the router is busy) is final: sending them again would
    lock the account. A busy or full router, or an answer that says neither,
    is a failure that may pass, tried again after a pause.
    """
    text = err.message.lower().replace("_", " ")
    if _LOCKED.search(text):
        return PeplinkAccountLockedError(
            "The router locked the account after repeated failed logins"
        )
    if is_transient(err.message) or any(word in text for word in _PASSING):
        return PeplinkSignInError(f"The router could not sign in: {err.message}")
    if isinstance(err, SessionRefused) or any(
        word in text for word in _CREDENTIALS_REFUSED
    ):
        return PeplinkAuthenticationError(f"The router refused the {credentials}")
    return PeplinkSignInError(f"The router could not sign in: {err.message}")


class SignIn:
    """The session cookie or access token held for one router.

    Each sign-in starts a new generation: a request whose session was refused
    passes the generation it used, so of many concurrent refusals only the first
    signs in again. Refused credentials are never sent again, and a locked
    account is left alone for a while: routers lock on failed attempts. After
    any other failure, the next sign-in waits a while, longer after each
    failure; the requests that waited for the failed one share its failure.
    """

    def __init__(
        self,
        transport: Transport,
        credentials: Credentials,
        clock: Callable[[], float],
    ) -> None:
        """Hold nothing until the first request."""
        self._transport = transport
        self._credentials = credentials
        self._clock = clock
        self._lock = asyncio.Lock()
        self._generation = 0
        self._cookie: tuple[str, str] | None = None
        self._token: str | None = None
        self._token_refresh_at = 0.0
        self._credentials_refused: PeplinkAuthenticationError | None = None
        self._locked_until = 0.0
        # The last sign-in's failure, if it failed, and when to try again.
        self._failure: PeplinkError | None = None
        self._retry_at = 0.0
        self._retry_delay = SIGN_IN_RETRY_DELAY
        self._signed_out = False
        self._read_only = False

    @property
    def cookie(self) -> tuple[str, str] | None:
        """Name and value of the admin session cookie."""
        return self._cookie

    @property
    def token(self) -> str | None:
        """The API client's access token."""
        return self._token

    @property
    def by_token(self) -> bool:
        """Whether requests carry an API client's token rather than a cookie."""
        return isinstance(self._credentials, ApiClientCredentials)

    @property
    def read_only(self) -> bool:
        """Whether the signed-in account or API client may only read."""
        return self._read_only

    async def sign_in(self) -> None:
        """Sign in now, whatever is held; not held back by an earlier failure."""
        await self._ensure(self._generation, now=True)

    async def ensure(self, expired_generation: int | None = None) -> int:
        """Make sure a session or token is held; return its generation."""
        return await self._ensure(expired_generation, now=False)

    async def sign_out(self) -> None:
        """End the session held; until `sign_in`, requests do not sign in again.

        An admin session is logged out on the router. An API client's token is
        only forgotten: revoking tokens takes an admin's permission.
        """
        async with self._lock:
            self._signed_out = True
            self._token = None
            await self._end_session()

    async def _ensure(self, expired_generation: int | None, *, now: bool) -> int:
        if expired_generation is None and self._has_live_session():
            return self._generation
        async with self._lock:
            if self._credentials_refused is not None:
                # Never try refused credentials again: routers lock the account.
                _LOGGER.debug(
                    "Not signing in to %s: it refused these credentials before",
                    self._transport.host,
                )
                raise copy.copy(self._credentials_refused)
            if expired_generation is None and self._has_live_session():
                return self._generation
            if (
                expired_generation is not None
                and expired_generation != self._generation
            ):
                return self._generation
            if self._clock() < self._locked_until:
                _LOGGER.debug(
                    "Not signing in to %s for %.0f s: it locked the account",
                    self._transport.host,
                    self._locked_until - self._clock(),
                )
                raise PeplinkAccountLockedError(
                    "The router locked the account; waiting before signing in again"
                )
            if not now:
                if self._signed_out:
                    raise PeplinkError("Signed out; sign in again to send requests")
                if self._failure is not None and self._clock() < self._retry_at:
                    _LOGGER.debug(
                        "Not signing in to %s for %.0f s after a failed sign-in",
                        self._transport.host,
                        self._retry_at - self._clock(),
                    )
                    raise copy.copy(self._failure)
            return await self._attempt(self._why_sign_in(expired_generation, now=now))

    def _why_sign_in(self, expired_generation: int | None, *, now: bool) -> str:
        if now:
            return "as asked"
        if expired_generation is not None:
            return "the router refused the session"
        if self._token is not None:
            return "the token is due for renewal"
        return "no session is held"

    async def _attempt(self, reason: str) -> int:
        host = self._transport.host
        way = "an API client" if self.by_token else "an admin account"
        _LOGGER.debug("Signing in to %s with %s: %s", host, way, reason)
        self._failure = None
        self._signed_out = False
        try:
            if isinstance(self._credentials, AdminCredentials):
                await self._login_admin(self._credentials)
            else:
                await self._grant_token(self._credentials)
        except PeplinkAccountLockedError as err:
            self._locked_until = self._clock() + ACCOUNT_LOCK_BACKOFF
            _LOGGER.debug(
                "Signing in to %s failed: %s; waiting %.0f s",
                host,
                err,
                ACCOUNT_LOCK_BACKOFF,
            )
            raise
        except PeplinkAuthenticationError as err:
            self._credentials_refused = err
            _LOGGER.debug(
                "Signing in to %s failed: %s; not trying them again", host, err
            )
            raise
        except PeplinkError as err:
            self._failure = err
            self._retry_at = self._clock() + self._retry_delay
            _LOGGER.debug(
                "Signing in to %s failed: %s; next attempt in %.0f s at the earliest",
                host,
                err,
                self._retry_delay,
            )
            self._retry_delay = min(2 * self._retry_delay, SIGN_IN_MAX_RETRY_DELAY)
            raise
        self._retry_delay = SIGN_IN_RETRY_DELAY
        self._generation += 1
        _LOGGER.debug(
            "Signed in to %s with %s, which %s%s",
            host,
            way,
            "may only read" if self._read_only else "may write",
            f"; renewing the token in {self._token_refresh_at - self._clock():.0f} s"
            if self.by_token
            else "",
        )
        return self._generation

    def _has_live_session(self) -> bool:
        if self._cookie is not None:
            return True
        return self._token is not None and self._clock() < self._token_refresh_at

    async def _end_session(self) -> None:
        """Log out of the admin session held; where that fails, it expires."""
        cookie, self._cookie = self._cookie, None
        if cookie is None:
            return
        with contextlib.suppress(PeplinkError, SessionRefused):
            await self._transport.exchange("logout", "POST", body={}, cookie=cookie)
            _LOGGER.debug("Logged out of %s", self._transport.host)

    async def _login_admin(self, credentials: AdminCredentials) -> None:
        # The session held may be alive still (one function refused it): routers
        # cap their sessions, so it is ended rather than left to expire.
        await self._end_session()
        body = {
            "username": credentials.username,
            "password": credentials.password,
            "challenge": "challenge",
        }
        try:
            answer = await self._transport.exchange("login", "POST", body=body)
        except (SessionRefused, RouterFailure) as err:
            raise _sign_in_failure(err, "username or password") from None
        for name in _COOKIE_NAMES[self._transport.scheme]:
            if answer.cookies.get(name):
                self._cookie = (name, answer.cookies[name])
                break
        else:
            raise PeplinkApiError("The router signed in but sent no session cookie")
        self._read_only = (
            as_int(as_dict(as_dict(answer.payload).get("permission")).get("POST")) == 0
        )

    async def _grant_token(self, credentials: ApiClientCredentials) -> None:
        self._token = None
        body = {
            "clientId": credentials.client_id,
            "clientSecret": credentials.client_secret,
        }
        # The grant sometimes fails once with "Internal Error"; a second failure is real.
        for attempt in range(2):
            try:
                answer = await self._transport.exchange(
                    "auth.token.grant", "POST", body=body
                )
                break
            except (SessionRefused, RouterFailure) as err:
                if attempt or not is_transient(err.message):
                    raise _sign_in_failure(err, "API client id or secret") from None
        grant = as_dict(answer.payload)
        token = as_str(grant.get("accessToken"))
        if token is None:
            raise PeplinkApiError("The router granted no access token")
        lifetime = as_int(grant.get("expiresIn"))
        if lifetime is None or lifetime <= 0:
            lifetime = _DEFAULT_TOKEN_LIFETIME
        self._token = token
        self._token_refresh_at = (
            self._clock() + lifetime - min(_MAX_TOKEN_REFRESH_MARGIN, lifetime / 10)
        )
        self._read_only = as_str(grant.get("scope")) == "api.read-only"
