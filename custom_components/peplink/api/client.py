"""Asynchronous client for the Peplink router's local API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
import contextlib
from enum import StrEnum
import hashlib
import json
import ssl
import time
from typing import Any

import aiohttp
from yarl import URL

from .auth import AdminCredentials, ApiClientCredentials, Credentials
from .exceptions import (
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .models import (
    AccessPointStatus,
    Allowance,
    Client,
    FirmwareInfo,
    Hardware,
    Location,
    PepVpnStatus,
    RouterInfo,
    SmsMessage,
    Traffic,
    WanStatus,
    parse_allowances,
    parse_clients,
    parse_sms,
)
from .parsing import as_dict, as_int, as_str

DEFAULT_REQUEST_TIMEOUT = 10.0
# Without an expiresIn we still refresh, rather than wait for a refusal.
_DEFAULT_TOKEN_LIFETIME = 3600
_MAX_TOKEN_REFRESH_MARGIN = 300.0
_COOKIE_NAMES = {"https": ("bauth", "pauth"), "http": ("pauth", "bauth")}
_UNOFFICIAL_PATH = "/cgi-bin/MANGA/api.cgi"
_TRANSIENT_LOGIN_MESSAGE = "internal error"
# After the router locked the account, wait this long before signing in again:
# each failed attempt would extend the lock.
ACCOUNT_LOCK_BACKOFF = 300.0


class _Path(StrEnum):
    """Where a function is served."""

    OFFICIAL = "api"
    UNOFFICIAL = "cgi"


class _AuthRefused(Exception):
    """The router did not accept the session or token of this request."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _RouterFailure(PeplinkApiError):
    """A ``stat: fail`` answer, as opposed to a transport or HTTP failure."""


class PeplinkClient:
    """Client of one router, on a session the caller owns.

    The client keeps its session cookie or access token itself and sends it with
    every request, so it works whatever the session's cookie jar accepts (aiohttp's
    default jar drops cookies from bare IP addresses).
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        credentials: Credentials,
        *,
        port: int | None = None,
        https: bool = True,
        verify_ssl: bool = False,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        certificate_fingerprint: bytes | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """Address a router; nothing is sent until the first request.

        With HTTPS and no certificate verification, a ``certificate_fingerprint``
        (SHA-256 of the DER certificate) pins the certificate trusted before.
        """
        self._session = session
        self._credentials = credentials
        self._scheme = "https" if https else "http"
        self._base_url = URL.build(scheme=self._scheme, host=host, port=port)
        self._ssl: bool | aiohttp.Fingerprint = verify_ssl if https else True
        if https and not verify_ssl and certificate_fingerprint is not None:
            self._ssl = aiohttp.Fingerprint(certificate_fingerprint)
        self._port = port or (443 if https else 80)
        self._request_timeout = request_timeout
        # Looked up now, not at import: a test's frozen clock then applies.
        self._clock = clock if clock is not None else time.monotonic
        self._auth_lock = asyncio.Lock()
        self._generation = 0
        self._cookie: tuple[str, str] | None = None
        self._token: str | None = None
        self._token_refresh_at = 0.0
        self._credentials_refused: PeplinkAuthenticationError | None = None
        self._locked_until = 0.0
        self._read_only = False
        self._paths: dict[str, _Path] = {}
        self._refusing_sign_in: set[str] = set()
        self._one_info_type_per_request = False

    @property
    def host(self) -> str:
        """Host name or address of the router."""
        return self._base_url.host or ""

    @property
    def web_admin_url(self) -> str:
        """Address of the router's web admin."""
        return str(self._base_url)

    @property
    def read_only(self) -> bool:
        """Whether the signed-in account or API client may only read."""
        return self._read_only

    async def get_certificate_fingerprint(self) -> bytes:
        """SHA-256 of the certificate the router presents now; HTTPS only.

        Only a TLS handshake: no request, and no credential, is sent.
        """
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            async with asyncio.timeout(self._request_timeout):
                _, writer = await asyncio.open_connection(
                    self.host, self._port, ssl=context
                )
        except (TimeoutError, OSError) as err:
            raise PeplinkConnectionError(
                f"Cannot read the certificate of {self.host}: {type(err).__name__}"
            ) from None
        try:
            certificate = writer.get_extra_info("ssl_object").getpeercert(
                binary_form=True
            )
        finally:
            writer.close()
        return hashlib.sha256(certificate).digest()

    async def login(self) -> None:
        """Sign in now; raise the authentication error if the router refuses."""
        await self._authenticate(expired_generation=self._generation)

    # Reading

    async def get_router_info(self) -> RouterInfo:
        """Serial number, model, product code, hardware revision, firmware, name."""
        info = await self._system_info("device")
        return RouterInfo.from_api(
            _expect("status.system.info", info, "device")["device"]
        )

    async def get_hardware(self) -> Hardware:
        """Fan speeds and thermal sensors, in one request where the router allows."""
        info = await self._system_info("fanSpeed", "thermalSensor")
        _expect("status.system.info", info, "fanSpeed", "thermalSensor")
        return Hardware.from_api(info)

    async def get_firmware(self) -> FirmwareInfo:
        """Firmware image slots."""
        return FirmwareInfo.from_api(await self._request("info.firmware"))

    async def get_wan_status(self) -> WanStatus:
        """Every WAN connection with its cellular or Wi-Fi detail."""
        answer = await self._request("status.wan.connection")
        return WanStatus.from_api(_expect("status.wan.connection", answer, "order"))

    async def get_allowances(self) -> dict[tuple[int, int | None], Allowance]:
        """Bandwidth allowance monitors, keyed by (WAN id, SIM id)."""
        answer = await self._request("status.wan.connection.allowance")
        return parse_allowances(
            _expect("status.wan.connection.allowance", answer, "order")
        )

    async def get_clients(self) -> dict[str, Client]:
        """LAN clients keyed by MAC address."""
        answer = await self._request("status.client")
        return parse_clients(_expect("status.client", answer, "list", "client"))

    async def get_traffic(self) -> Traffic:
        """Per-WAN rates and totals, and the router's lifetime totals."""
        answer = await self._request_either_path("status.traffic")
        return Traffic.from_api(
            _expect("status.traffic", answer, "bandwidth", "traffic", "lifetime")
        )

    async def get_location(self) -> Location:
        """GPS position."""
        answer = await self._request("info.location")
        return Location.from_api(
            _expect("info.location", answer, "gps", "location", "latitude")
        )

    async def get_pepvpn_status(self) -> PepVpnStatus:
        """SpeedFusion / PepVPN profiles."""
        answer = await self._request("status.pepvpn")
        return PepVpnStatus.from_api(_expect("status.pepvpn", answer, "profile"))

    async def get_access_point(self) -> AccessPointStatus:
        """Whether the router has a Wi-Fi access point, and whether it is on."""
        answer = await self._request("cmd.ap")
        return AccessPointStatus.from_api(
            _expect("cmd.ap", answer, "support", "enable")
        )

    async def get_sms(self, wan_id: int) -> tuple[SmsMessage, ...]:
        """Messages stored on the active SIM of a cellular WAN."""
        return parse_sms(await self._request("cmd.sms.get", params={"connId": wan_id}))

    # Writing: a write is sent again only when the router refused its session,
    # which means it did not carry the write out.

    async def set_wan_enabled(self, wan_id: int, enabled: bool) -> None:
        """Enable or disable a WAN and apply the configuration."""
        await self._post(
            "config.wan.connection",
            {"action": "update", "list": [{"id": wan_id, "enable": enabled}]},
        )
        try:
            await self._post("cmd.config.apply", {})
        except PeplinkError:
            # Leave nothing pending that a later apply would carry out unasked.
            with contextlib.suppress(PeplinkError):
                await self._post("cmd.config.discard", {})
            raise

    async def set_wan_priority(self, wan_id: int, priority: int) -> None:
        """Set a WAN's priority, effective at once."""
        await self._post(
            "config.wan.connection.priority",
            {
                "action": "update",
                "list": [{"connId": wan_id, "priority": priority}],
                "instantActive": True,
            },
        )

    async def set_access_point(self, enabled: bool) -> AccessPointStatus:
        """Turn the Wi-Fi access point on or off."""
        return AccessPointStatus.from_api(
            await self._post("cmd.ap", {"enable": enabled})
        )

    async def reboot(self) -> None:
        """Restart the router."""
        await self._post("cmd.system.reboot", {})

    async def reset_cellular_module(self, wan_id: int) -> None:
        """Power-cycle the cellular module of a WAN."""
        await self._post("cmd.cellularModule.reset", {"connId": wan_id})

    async def rescan_cellular_network(self, wan_id: int) -> None:
        """Make the cellular module of a WAN scan for networks again."""
        await self._post("cmd.cellularModule.rescanNetwork", {"connId": wan_id})

    async def send_sms(self, wan_id: int, address: str, content: str) -> None:
        """Send an SMS through a cellular WAN."""
        await self._post(
            "cmd.sms.sendMessage",
            {"connId": wan_id, "address": address, "content": content},
        )

    async def start_new_billing_cycle(
        self, wan_id: int, sim_id: int | None = None
    ) -> None:
        """Reset a WAN's (or one SIM's) bandwidth allowance usage."""
        body: dict[str, Any] = {"connId": wan_id}
        if sim_id is not None:
            body["simId"] = sim_id
        await self._post("cmd.billing.newCycle", body)

    async def call(
        self,
        function: str,
        *,
        method: str = "GET",
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call any official function and return its response payload."""
        return await self._request(function, method=method, body=body)

    # Transport

    async def _post(self, function: str, body: Mapping[str, Any]) -> Any:
        return await self._request(function, method="POST", body=body)

    async def _system_info(self, *info_types: str) -> Mapping[str, Any]:
        """Read ``status.system.info``; several types in one request where accepted."""
        if len(info_types) > 1 and not self._one_info_type_per_request:
            try:
                return as_dict(
                    await self._request_either_path(
                        "status.system.info", {"infoType": " ".join(info_types)}
                    )
                )
            except _RouterFailure as err:
                # Only the router's refusal of the combined request, not a
                # passing failure, means one type per request from now on.
                if _TRANSIENT_LOGIN_MESSAGE in err.message.lower():
                    raise
                self._one_info_type_per_request = True
        answers = await asyncio.gather(
            *(
                self._request_either_path("status.system.info", {"infoType": info_type})
                for info_type in info_types
            )
        )
        merged: dict[str, Any] = {}
        for answer in answers:
            merged.update(as_dict(answer))
        return merged

    async def _request_either_path(
        self, function: str, params: Mapping[str, str] | None = None
    ) -> Any:
        """Call a function that firmware serves officially, unofficially, or both.

        The first path that answers is remembered, so it costs one extra request
        at most once.
        """
        known = self._paths.get(function)
        if known is not None:
            return await self._request(
                function, params=params, unofficial=known is _Path.UNOFFICIAL
            )
        try:
            answer = await self._request(function, params=params)
        except PeplinkUnsupportedError:
            self._paths[function] = _Path.UNOFFICIAL
            return await self._request(function, params=params, unofficial=True)
        self._paths[function] = _Path.OFFICIAL
        return answer

    async def _request(
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
        generation = await self._authenticate()
        url = self._url(function, params, unofficial, authenticated=True)
        try:
            return await self._exchange(function, method, url, body)
        except _AuthRefused:
            pass
        await self._authenticate(expired_generation=generation)
        url = self._url(function, params, unofficial, authenticated=True)
        try:
            return await self._exchange(function, method, url, body)
        except _AuthRefused as err:
            # The sign-in itself just succeeded, so this is not a credential problem.
            # Some firmware refuses API tokens on unofficial functions for good;
            # an admin session refused there is taken as a passing failure.
            if unofficial and isinstance(self._credentials, ApiClientCredentials):
                self._refusing_sign_in.add(function)
                raise PeplinkUnsupportedError(
                    f"{function} refuses this sign-in method"
                ) from None
            raise PeplinkApiError(
                f"{function} was refused right after signing in: {err.message}", 401
            ) from None

    async def _authenticate(self, expired_generation: int | None = None) -> int:
        """Make sure a session or token is held; return its generation.

        A request whose session was refused passes the generation it used, so of
        many concurrent refusals only the first signs in again.
        """
        if (
            expired_generation is None
            and self._credentials_refused is None
            and self._has_live_session()
        ):
            return self._generation
        async with self._auth_lock:
            if self._credentials_refused is not None:
                # Never try refused credentials again: routers lock the account.
                raise type(self._credentials_refused)(str(self._credentials_refused))
            if expired_generation is None and self._has_live_session():
                return self._generation
            if (
                expired_generation is not None
                and expired_generation != self._generation
            ):
                return self._generation
            if self._clock() < self._locked_until:
                raise PeplinkAccountLockedError(
                    "The router locked the account; waiting before signing in again"
                )
            try:
                if isinstance(self._credentials, AdminCredentials):
                    await self._login_admin(self._credentials)
                else:
                    await self._grant_token(self._credentials)
            except PeplinkAccountLockedError:
                self._locked_until = self._clock() + ACCOUNT_LOCK_BACKOFF
                raise
            except PeplinkAuthenticationError as err:
                self._credentials_refused = err
                raise
            self._generation += 1
            return self._generation

    def _has_live_session(self) -> bool:
        if self._cookie is not None:
            return True
        return self._token is not None and self._clock() < self._token_refresh_at

    async def _login_admin(self, credentials: AdminCredentials) -> None:
        self._cookie = None
        body = {
            "username": credentials.username,
            "password": credentials.password,
            "challenge": "challenge",
        }
        url = self._url("login", None, unofficial=False, authenticated=False)
        try:
            answer, cookies = await self._exchange_with_cookies(
                "login", "POST", url, body
            )
        except (_AuthRefused, _RouterFailure) as err:
            message = err.message.lower()
            if _TRANSIENT_LOGIN_MESSAGE in message:
                raise PeplinkApiError("The router could not sign in", 401) from None
            if "lock" in message:
                raise PeplinkAccountLockedError(
                    "The router locked the account after repeated failed logins"
                ) from None
            raise PeplinkAuthenticationError(
                "The router refused the username or password"
            ) from None
        for name in _COOKIE_NAMES[self._scheme]:
            if name in cookies and cookies[name].value:
                self._cookie = (name, cookies[name].value)
                break
        else:
            raise PeplinkApiError("The router signed in but sent no session cookie")
        self._read_only = (
            as_int(as_dict(as_dict(answer).get("permission")).get("POST")) == 0
        )

    async def _grant_token(self, credentials: ApiClientCredentials) -> None:
        self._token = None
        body = {
            "clientId": credentials.client_id,
            "clientSecret": credentials.client_secret,
        }
        url = self._url("auth.token.grant", None, unofficial=False, authenticated=False)
        # The grant sometimes fails once with "Internal Error"; a second failure is real.
        for attempt in range(2):
            try:
                answer = await self._exchange("auth.token.grant", "POST", url, body)
                break
            except (_AuthRefused, _RouterFailure) as err:
                if _TRANSIENT_LOGIN_MESSAGE not in err.message.lower():
                    raise PeplinkAuthenticationError(
                        "The router refused the API client id or secret"
                    ) from None
                if attempt:
                    raise PeplinkApiError(
                        "The router could not grant a token", 401
                    ) from None
        grant = as_dict(answer)
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

    def _url(
        self,
        function: str,
        params: Mapping[str, Any] | None,
        unofficial: bool,
        *,
        authenticated: bool,
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
        if authenticated and self._token is not None:
            query["accessToken"] = self._token
        return self._base_url.with_path(path).with_query(query)

    async def _exchange(
        self, function: str, method: str, url: URL, body: Mapping[str, Any] | None
    ) -> Any:
        answer, _ = await self._exchange_with_cookies(function, method, url, body)
        return answer

    async def _exchange_with_cookies(
        self, function: str, method: str, url: URL, body: Mapping[str, Any] | None
    ) -> tuple[Any, Mapping[str, Any]]:
        """Send one request and read its answer.

        Error messages name the function, never the URL: it may hold the token.
        """
        headers = {"Accept": "application/json"}
        if self._cookie is not None:
            headers["Cookie"] = f"{self._cookie[0]}={self._cookie[1]}"
        try:
            async with asyncio.timeout(self._request_timeout):
                async with self._session.request(
                    method,
                    url,
                    json=body if method == "POST" else None,
                    headers=headers,
                    ssl=self._ssl,
                    allow_redirects=False,
                ) as response:
                    raw = await response.read()
                    status = response.status
                    cookies = dict(response.cookies)
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
        return _interpret(function, status, raw.decode("utf-8", "replace")), cookies


def _expect(function: str, answer: Any, *keys: str) -> Any:
    """The answer, if it has at least one of the parts the function always sends.

    Fields are read tolerantly, but an answer without any of its parts is no
    answer: reading it as "no WANs" or "no clients" would remove them.
    """
    if not isinstance(answer, Mapping) or not any(key in answer for key in keys):
        raise PeplinkApiError(f"{function} answered without its data")
    return answer


def _interpret(function: str, status: int, text: str) -> Any:
    """Turn an answer into its payload, or into the error it stands for."""
    stripped = text.lstrip()
    if status == 401 or stripped.startswith("// Unauthorized"):
        raise _AuthRefused("Unauthorized")
    if status == 404:
        raise PeplinkUnsupportedError(f"{function} is not supported by this router")
    if status >= 400:
        raise PeplinkApiError(f"{function} answered HTTP {status}", status)
    if not stripped:
        raise PeplinkApiError(f"{function} answered an empty body")
    try:
        data = json.loads(stripped)
    except ValueError:
        raise PeplinkApiError(f"{function} answered a body that is not JSON") from None
    if not isinstance(data, dict) or "stat" not in data:
        # Some firmware answers unofficial functions without the envelope.
        return data
    if data["stat"] == "ok":
        return data.get("response")
    code = as_int(data.get("code"))
    message = as_str(data.get("message")) or "Unknown error"
    if "unsupported" in message.lower():
        raise PeplinkUnsupportedError(f"{function} is not supported by this router")
    if code == 401:
        raise _AuthRefused(message)
    raise _RouterFailure(message, code)
