"""Admin sessions, API-client tokens and login lockout, on the simulated clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import secrets
from typing import Any, Protocol

from .replies import fail

READ_ONLY_SCOPE = "api.read-only"
FULL_SCOPE = "api"
SCOPES = (FULL_SCOPE, READ_ONLY_SCOPE)

INVALID_CREDENTIALS = "Invalid username or password"
ACCOUNT_LOCKED = "Account locked: too many failed login attempts"
# Routers cap concurrent admin sessions (the reference gives no number) and
# refuse a login beyond the cap, which is not a wrong password.
TOO_MANY_SESSIONS = "Too many sessions"


class AuthSettings(Protocol):
    """The knobs the simulator exposes as plain attributes."""

    username: str
    password: str
    api_clients: dict[str, tuple[str, str]]
    session_idle_timeout: float
    max_sessions: int | None
    token_lifetime: int
    expires_in_as_string: bool
    expire_every: int | None
    lockout_after: int
    lockout_seconds: float


@dataclass(slots=True)
class Session:
    """An admin web session (bauth/pauth cookie)."""

    last_seen: float


@dataclass(slots=True)
class Token:
    """An access token granted to an API client."""

    client_id: str
    scope: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class Credential:
    """What authenticated a request."""

    kind: str  # "session" or "token"
    scope: str  # FULL_SCOPE for admin sessions

    @property
    def read_only(self) -> bool:
        """Whether writes are refused."""
        return self.scope == READ_ONLY_SCOPE


class AuthManager:
    """Session and token bookkeeping; all times come from the simulated clock."""

    def __init__(self, settings: AuthSettings, now: Callable[[], float]) -> None:
        self._settings = settings
        self._now = now
        self.sessions: dict[str, Session] = {}
        self.tokens: dict[str, Token] = {}
        self.consecutive_failures = 0
        self.locked_until: float | None = None
        self.logins = 0
        self.failed_logins = 0
        self._authenticated_requests = 0

    def reset_counters(self) -> None:
        """Zero the login counters (not the lockout state)."""
        self.logins = 0
        self.failed_logins = 0

    def expire_all(self) -> None:
        """Invalidate every session and token."""
        self.sessions.clear()
        self.tokens.clear()
        self._authenticated_requests = 0

    @property
    def locked(self) -> bool:
        """Whether the admin account is locked out right now."""
        if self.locked_until is None:
            return False
        if self._now() >= self.locked_until:
            self.locked_until = None
            self.consecutive_failures = 0
            return False
        return True

    @property
    def live_sessions(self) -> int:
        """Admin sessions open now: logged in, not logged out, not idle too long."""
        now = self._now()
        for session_id, session in list(self.sessions.items()):
            if now - session.last_seen > self._settings.session_idle_timeout:
                del self.sessions[session_id]
        return len(self.sessions)

    def login(self, body: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """Check admin credentials; return the answer and a new session id."""
        settings = self._settings
        self.logins += 1
        if self.locked:
            self.failed_logins += 1
            return fail(ACCOUNT_LOCKED, 401), None
        if (
            body.get("username") != settings.username
            or body.get("password") != settings.password
        ):
            self.failed_logins += 1
            self.consecutive_failures += 1
            if self.consecutive_failures >= settings.lockout_after:
                self.locked_until = self._now() + settings.lockout_seconds
            return fail(INVALID_CREDENTIALS, 401), None
        self.consecutive_failures = 0
        if (
            settings.max_sessions is not None
            and self.live_sessions >= settings.max_sessions
        ):
            self.failed_logins += 1
            return fail(TOO_MANY_SESSIONS), None
        session_id = secrets.token_hex(16)
        self.sessions[session_id] = Session(last_seen=self._now())
        answer = {"stat": "ok", "response": {"permission": {"GET": 1, "POST": 1}}}
        return answer, session_id

    def logout(self, session_id: str | None) -> None:
        """Forget one session."""
        if session_id is not None:
            self.sessions.pop(session_id, None)

    def grant(self, body: dict[str, Any]) -> dict[str, Any]:
        """Grant an access token for an API client id/secret."""
        settings = self._settings
        self.logins += 1
        client_id = body.get("clientId")
        client = (
            settings.api_clients.get(client_id) if isinstance(client_id, str) else None
        )
        if client is None or body.get("clientSecret") != client[0]:
            self.failed_logins += 1
            return fail("bad secret")
        scope = client[1]
        requested = body.get("scope")
        if requested is not None:
            if requested not in SCOPES:
                self.failed_logins += 1
                return fail("invalid scope", 400)
            # A full client may ask for less, never for more.
            if requested == READ_ONLY_SCOPE:
                scope = READ_ONLY_SCOPE
        token = secrets.token_hex(16)
        lifetime = settings.token_lifetime
        self.tokens[token] = Token(client_id, scope, self._now() + lifetime)
        expires_in: int | str = (
            str(lifetime) if settings.expires_in_as_string else lifetime
        )
        return {
            "stat": "ok",
            "response": {
                "accessToken": token,
                "authorizationType": 3,
                "scope": scope,
                "expiresIn": expires_in,
            },
        }

    def check(
        self, session_ids: list[str], token: str | None
    ) -> tuple[Credential | None, str | None]:
        """Return the valid credential (cookie first) and the matched session id."""
        now = self._now()
        for session_id in session_ids:
            session = self.sessions.get(session_id)
            if session is None:
                continue
            if now - session.last_seen > self._settings.session_idle_timeout:
                del self.sessions[session_id]
                continue
            return Credential("session", FULL_SCOPE), session_id
        if token is not None:
            granted = self.tokens.get(token)
            if granted is not None:
                if now >= granted.expires_at:
                    del self.tokens[token]
                else:
                    return Credential("token", granted.scope), None
        return None, None

    def served(self, session_id: str | None) -> None:
        """Record an authenticated request: refresh idle time, apply expire_every."""
        if session_id is not None and session_id in self.sessions:
            self.sessions[session_id].last_seen = self._now()
        every = self._settings.expire_every
        self._authenticated_requests += 1
        if every is not None and self._authenticated_requests >= every:
            self.expire_all()
