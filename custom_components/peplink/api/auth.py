"""The two ways to sign in to a Peplink router."""

from __future__ import annotations

from dataclasses import dataclass, field


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
