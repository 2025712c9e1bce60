"""One HTTP exchange with a router, and what its answer means.

Error messages and log lines name the function and the host, never the URL (it
may hold the access token), a body (it may hold credentials) or a cookie.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import contextlib
from dataclasses import dataclass
import hashlib
import json
import logging
import ssl
import time
from typing import Any

import aiohttp
from yarl import URL

from .exceptions import (
    PeplinkApiError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .parsing import as_int, as_str

_LOGGER = logging.getLogger(__name__)

DEFAULT_REQUEST_TIMEOUT = 10.0
_UNOFFICIAL_PATH = "/cgi-bin/MANGA/api.cgi"
# Routers sometimes fail a request once with "Internal Error"; a retry may pass.
_TRANSIENT_MESSAGE = "internal error"
# How firmware words its refusal of a function it lacks, besides HTTP or code 404.
_UNSUPPORTED_MESSAGES = ("unsupported", "unknown function")


class SessionRefused(Exception):
    """The router did not accept the session or token of this request."""

    def __init__(self, message: str) -> None:
        """Keep the router's message."""
        super().__init__(message)
        self.message = message


class RouterFailure(PeplinkApiError):
    """A ``stat: fail`` answer, as opposed to a transport or HTTP failure."""


def is_transient(message: str) -> bool:
    """Whether the router's failure message means a passing failure."""
    return _TRANSIENT_MESSAGE in message.lower()


@dataclass(frozen=True, slots=True)
class Answer:
    """The payload of an answer, and the cookies it set."""

    payload: Any
    cookies: Mapping[str, str]


class Transport:
    """HTTP to one router, on the caller's session or on one of its own."""

    def __init__(
        self,
        host: str,
        *,
        session: aiohttp.ClientSession | None,
        port: int | None,
        https: bool,
        verify_ssl: bool,
        request_timeout: float,
        certificate_fingerprint: bytes | None,
    ) -> None:
        """Address a router; a session of its own is opened on first use."""
        self._session = session
        self._owns_session = session is None
        self.scheme = "https" if https else "http"
        self.base_url = URL.build(scheme=self.scheme, host=host, port=port)
        self._ssl: bool | aiohttp.Fingerprint = verify_ssl if https else True
        if https and not verify_ssl and certificate_fingerprint is not None:
            self._ssl = aiohttp.Fingerprint(certificate_fingerprint)
        self._port = port or (443 if https else 80)
        self._request_timeout = request_timeout

    @property
    def host(self) -> str:
        """Host name or address of the router."""
        return self.base_url.host or ""

    async def close(self) -> None:
        """Close the session opened here; a session passed in stays open."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def certificate_fingerprint(self) -> bytes:
        """SHA-256 of the certificate the router presents, from a bare handshake."""
        return await read_certificate_fingerprint(
            self.host, self._port, request_timeout=self._request_timeout
        )

    async def exchange(
        self,
        function: str,
        method: str = "GET",
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        unofficial: bool = False,
        cookie: tuple[str, str] | None = None,
        token: str | None = None,
    ) -> Answer:
        """Send one request with the given session cookie or token; read its answer.

        Raise ``SessionRefused`` where the router refused the cookie or token.
        """
        where = _describe(method, function, params, unofficial, self.host)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            status, raw, cookies = await self._send(
                function,
                method,
                self._url(function, params, unofficial, token),
                body,
                cookie,
            )
        except PeplinkError as err:
            _LOGGER.debug(
                "%s failed after %.3f s: %s", where, loop.time() - started, err
            )
            raise
        elapsed = loop.time() - started
        try:
            payload = interpret(function, status, raw.decode("utf-8", "replace"))
        except (SessionRefused, PeplinkError) as err:
            _LOGGER.debug(
                "%s: HTTP %s in %.3f s, answered with an error: %s",
                where,
                status,
                elapsed,
                err,
            )
            raise
        _LOGGER.debug("%s: HTTP %s in %.3f s", where, status, elapsed)
        return Answer(payload, cookies)

    async def _send(
        self,
        function: str,
        method: str,
        url: URL,
        body: Mapping[str, Any] | None,
        cookie: tuple[str, str] | None,
    ) -> tuple[int, bytes, dict[str, str]]:
        """The status, body and cookies of one request's answer."""
        headers = {"Accept": "application/json"}
        if cookie is not None:
            headers["Cookie"] = f"{cookie[0]}={cookie[1]}"
        try:
            async with asyncio.timeout(self._request_timeout):
                async with self._client_session().request(
                    method,
                    url,
                    json=body if method == "POST" else None,
                    headers=headers,
                    ssl=self._ssl,
                    allow_redirects=False,
                ) as response:
                    raw = await response.read()
                    cookies = {
                        name: morsel.value for name, morsel in response.cookies.items()
                    }
                    return response.status, raw, cookies
        except TimeoutError:
            raise PeplinkConnectionError(
                f"Timed out waiting for {function} from {self.host}"
            ) from None
        except aiohttp.ServerFingerprintMismatch:
            raise PeplinkCertificateChangedError(
                f"{self.host} presented another TLS certificate than the one trusted"
            ) from None
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError):
            raise PeplinkTlsError(
                f"The TLS certificate of {self.host} was refused"
            ) from None
        except aiohttp.ClientConnectorError as err:
            raise PeplinkConnectionError(
                f"Cannot connect to {self.host}: {err.os_error.strerror or err.os_error}"
            ) from None
        except aiohttp.ClientError as err:
            raise PeplinkConnectionError(
                f"Connection to {self.host} failed during {function}: "
                f"{type(err).__name__}"
            ) from None

    def _client_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            # The client sends its cookie itself; a jar would only add stale ones.
            self._session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        return self._session

    def _url(
        self,
        function: str,
        params: Mapping[str, Any] | None,
        unofficial: bool,
        token: str | None,
    ) -> URL:
        query: dict[str, str] = {}
        if unofficial:
            path = _UNOFFICIAL_PATH
            query["func"] = function
            query["_"] = str(int(time.time() * 1000))
        else:
            path = f"/api/{function}"
        for key, value in (params or {}).items():
            query[key] = str(value)
        if token is not None:
            query["accessToken"] = token
        return self.base_url.with_path(path).with_query(query)


def _describe(
    method: str,
    function: str,
    params: Mapping[str, Any] | None,
    unofficial: bool,
    host: str,
) -> str:
    """A request as log lines name it: never its URL, which may hold the token."""
    query = "&".join(f"{key}={value}" for key, value in (params or {}).items())
    path = " (web-admin path)" if unofficial else ""
    return f"{method} {function}{'?' if query else ''}{query}{path} at {host}"


async def read_certificate_fingerprint(
    host: str, port: int = 443, *, request_timeout: float = DEFAULT_REQUEST_TIMEOUT
) -> bytes:
    """SHA-256 of the DER certificate a host presents, from a bare TLS handshake.

    Nothing is sent over the connection, so no credential can reach the host.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(request_timeout):
            _, writer = await asyncio.open_connection(host, port, ssl=context)
    except (TimeoutError, OSError) as err:
        raise PeplinkConnectionError(
            f"Cannot read the certificate of {host}: {type(err).__name__}"
        ) from None
    try:
        certificate = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    finally:
        writer.close()
        # A peer that never completes the close must not hold the caller.
        with contextlib.suppress(TimeoutError, OSError, ssl.SSLError):
            async with asyncio.timeout(request_timeout):
                await writer.wait_closed()
    return hashlib.sha256(certificate).digest()


def interpret(function: str, status: int, text: str) -> Any:
    """Turn an answer into its payload, or into the error it stands for."""
    stripped = text.lstrip()
    if status == 401 or stripped.startswith("// Unauthorized"):
        raise SessionRefused("Unauthorized")
    if status == 404:
        raise PeplinkUnsupportedError(f"{function} is not supported by this router")
    if status >= 400:
        raise PeplinkApiError(f"{function} answered HTTP {status}", status)
    if not stripped:
        raise PeplinkApiError(f"{function} answered an empty body")
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):
        # Also numbers too long to read, and nesting too deep to follow.
        raise PeplinkApiError(f"{function} answered a body that is not JSON") from None
    if not isinstance(data, dict) or "stat" not in data:
        # Some firmware answers unofficial functions without the envelope.
        return data
    if data["stat"] == "ok":
        return data.get("response")
    code = as_int(data.get("code"))
    message = as_str(data.get("message")) or "Unknown error"
    if code == 404 or any(
        wording in message.lower() for wording in _UNSUPPORTED_MESSAGES
    ):
        raise PeplinkUnsupportedError(f"{function} is not supported by this router")
    if code == 401:
        raise SessionRefused(message)
    raise RouterFailure(message, code)


def expect(function: str, payload: Any, *keys: str) -> Any:
    """The payload, if it has at least one of the parts the function always sends.

    Fields are read tolerantly, but an answer without any of its parts is no
    answer: reading it as "no WANs" or "no clients" would remove them.
    """
    if not isinstance(payload, Mapping) or not any(key in payload for key in keys):
        raise PeplinkApiError(f"{function} answered without its data")
    return payload
