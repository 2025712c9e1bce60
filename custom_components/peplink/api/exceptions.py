"""Errors raised by the Peplink client.

Messages never carry a credential, token or cookie: they may end up in logs.
"""

from __future__ import annotations


class PeplinkError(Exception):
    """Base class of every error the client raises."""


class PeplinkConnectionError(PeplinkError):
    """The router could not be reached: timeout, refused, name resolution, dropped."""


class PeplinkTlsError(PeplinkConnectionError):
    """The router's TLS certificate was refused."""


class PeplinkCertificateChangedError(PeplinkTlsError):
    """The router presented another certificate than the one trusted before.

    Nothing was sent over the connection: credentials never reach an impostor.
    """


class PeplinkAuthenticationError(PeplinkError):
    """The router refused the username and password, or the client id and secret.

    Only an answer about the credentials themselves: a sign-in that failed
    otherwise (a busy router, too many sessions) is a `PeplinkSignInError`.
    """


class PeplinkAccountLockedError(PeplinkAuthenticationError):
    """The router locked the admin account after repeated failed logins."""


class PeplinkUnsupportedError(PeplinkError):
    """This model, firmware or sign-in method does not offer the endpoint."""


class PeplinkAdminRequiredError(PeplinkUnsupportedError):
    """The router refuses the function to API clients: only an admin may call it.

    Some firmware refuses API tokens on its web-admin (CGI) functions.
    """


class PeplinkApiError(PeplinkError):
    """The router answered with an error, or with a body that cannot be read."""

    def __init__(self, message: str, code: int | None = None) -> None:
        """Keep the router's code and message for the caller."""
        super().__init__(message if code is None else f"{message} (code {code})")
        self.code = code
        self.message = message


class PeplinkSignInError(PeplinkApiError):
    """The router did not sign in this time, without refusing the credentials.

    A busy router, too many sessions, an unexpected answer: tried again later,
    after a pause that grows with each failure.
    """
