"""RouterSimulator: the aiohttp server, its lifecycle and request dispatch."""

from __future__ import annotations

import asyncio
from collections import Counter
import contextlib
from dataclasses import dataclass
import ipaddress
import json
import ssl
import time
from types import TracebackType
from typing import Any

from aiohttp import web

from . import payloads
from .auth import AuthManager
from .certificate import generate_certificate, load_certificate, server_ssl_context
from .faults import Fault, FaultTable, HeldRequest, Holds
from .functions import FUNCTIONS, Call, served_paths
from .profiles import PROFILES
from .replies import UNSUPPORTED, fail
from .state import RouterState

CGI_PATH = "/cgi-bin/MANGA/api.cgi"
UNAUTHORIZED_BODY = {"stat": "fail", "code": 401, "message": "Unauthorized"}
CGI_UNAUTHORIZED = "// Unauthorized"
PERMISSION_DENIED = {"stat": "fail", "code": 401, "message": "Permission denied"}
NOT_FOUND_HTML = (
    "<html><head><title>404 Not Found</title></head>"
    "<body><h1>404 Not Found</h1></body></html>"
)
ERROR_HTML = (
    "<html><head><title>500 Internal Server Error</title></head>"
    "<body><h1>Internal Server Error</h1></body></html>"
)
# Query parameters that are transport, not function arguments.
TRANSPORT_PARAMS = frozenset({"accessToken", "_", "func"})
_INVALID_JSON = object()


@dataclass(frozen=True, slots=True)
class SimRequest:
    """One request the simulator received."""

    method: str
    function: str
    path: str  # "api" or "cgi"
    query: dict[str, str]
    authenticated: bool
    body: Any = None


class RouterSimulator:
    """A Peplink router on a local port, driven by a profile and a simulated clock."""

    def __init__(
        self,
        profile: str = "balance",
        username: str = "admin",
        password: str = "admin",  # noqa: S107 - the router's factory default
        api_clients: dict[str, tuple[str, str]] | None = None,
        realtime: bool = False,
    ) -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose one of {PROFILES}")
        self.profile = profile
        # The demo's clock starts now and follows real time; a test's stands
        # still at the profile's epoch until the test moves it.
        self.realtime = realtime
        self.state = RouterState.from_profile(
            profile, start=time.time() if realtime else None
        )
        self._real_time_seen = time.monotonic()
        # Auth knobs: plain attributes, read on every request.
        self.username = username
        self.password = password
        self.api_clients: dict[str, tuple[str, str]] = (
            dict(api_clients)
            if api_clients is not None
            else {"client-id": ("client-secret", "api")}
        )
        self.session_idle_timeout: float = 4 * 3600
        # None: no cap on concurrent admin sessions.
        self.max_sessions: int | None = 20
        self.token_lifetime: int = 172800
        self.expires_in_as_string: bool = bool(
            self.state.profile.get("expires_in_as_string", False)
        )
        self.expire_every: int | None = None
        self.expiry_style: str = "body"
        self.cgi_refuses_tokens: bool = False
        self.lockout_after: int = 5
        self.lockout_seconds: float = 300
        self.reboot_downtime: float = 1.0
        self.latency: dict[str, float] = {}
        # Counters.
        self.requests: Counter[str] = Counter()
        self.request_log: list[SimRequest] = []
        self.auth = AuthManager(self, self.state.now)
        self.faults = FaultTable()
        self.holds = Holds()
        # Lifecycle.
        self.host = "127.0.0.1"
        self.port = 0
        self.https = False
        self.rebooting = False
        self._runner: web.AppRunner | None = None
        self._ssl: ssl.SSLContext | None = None
        self._halt = asyncio.Event()
        self._up = asyncio.Event()
        self._down = asyncio.Event()
        self._restart_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._stopping = False

    # Lifecycle

    async def start(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        https: bool = False,
        certificate: tuple[bytes, bytes] | None = None,
    ) -> None:
        """Listen on host:port (0 = a free port).

        HTTPS serves `certificate` (PEM certificate and key), or a new self-signed one.
        """
        if self._runner is not None:
            raise RuntimeError("simulator already started")
        self.host = host
        self.https = https
        if https and self._ssl is None:
            self._ssl = server_ssl_context(
                *(certificate or generate_certificate(ip=_cert_ip(host)))
            )
        self.port = port
        self._stopping = False
        await self._listen()

    async def stop(self) -> None:
        """Stop listening and drop every connection (also mid-reboot)."""
        self._stopping = True
        # A reboot requested over the API closes the listener first; let it finish.
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        if self._restart_task is not None:
            self._restart_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._restart_task
            self._restart_task = None
        await self._close()
        self.rebooting = False

    async def __aenter__(self) -> RouterSimulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:8080."""
        return f"{'https' if self.https else 'http'}://{self.host}:{self.port}"

    async def reboot(self, downtime: float = 1.0) -> None:
        """Go away for `downtime` real seconds, then listen again on the same port.

        Returns once the listener is closed; `rebooting` stays True until the
        router is back (see `wait_until_up`).
        """
        if self._runner is None or self.rebooting or self._stopping:
            return
        self.rebooting = True
        await self._close()
        self.auth.expire_all()
        self._follow_real_time()
        self.state.restart()
        self._restart_task = asyncio.create_task(self._come_back(downtime))

    async def replace_certificate(self) -> None:
        """Serve a new self-signed certificate, as after a firmware upgrade.

        The web server restarts with it: open connections end, sessions stay.
        """
        if self._ssl is None:
            raise RuntimeError("the simulator serves plain HTTP")
        load_certificate(self._ssl, *generate_certificate(ip=_cert_ip(self.host)))
        await self._close()
        await self._listen()

    async def wait_until_up(self) -> None:
        """Wait until the simulator listens (after start or a reboot)."""
        await self._up.wait()

    async def wait_until_down(self) -> None:
        """Wait until a reboot took the simulator down and its downtime runs.

        The downtime's timer is on the loop when this returns, so a test may
        move the loop's clock past it.
        """
        await self._down.wait()

    async def _come_back(self, downtime: float) -> None:
        self._down.set()
        await asyncio.sleep(downtime)
        self._down.clear()
        await self._listen()
        self.rebooting = False
        self._restart_task = None

    async def _listen(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{function}", self._handle_api)
        app.router.add_route("*", CGI_PATH, self._handle_cgi)
        # A short grace period: stop() must not wait on hung (TIMEOUT) handlers.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self._ssl)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        if self.port == 0:
            self.port = int(runner.addresses[0][1])
        self._runner = runner
        self._halt = asyncio.Event()
        self._up.set()

    async def _close(self) -> None:
        self._up.clear()
        self._halt.set()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # Clock and state

    def now(self) -> float:
        """Simulated time; starts at the profile's fixed epoch, or now in real time."""
        self._follow_real_time()
        return self.state.now()

    def advance(self, seconds: float) -> None:
        """Move the simulated clock (counters, uptimes, leases, expiries)."""
        self.state.advance(seconds)

    def _follow_real_time(self) -> None:
        """In real-time mode, move the clock as far as real time moved since last."""
        if not self.realtime:
            return
        seen, self._real_time_seen = self._real_time_seen, time.monotonic()
        self.state.advance(max(0.0, self._real_time_seen - seen))

    def set_wan_state(self, wan_id: int, state: str) -> None:
        """Set a WAN to connected/standby/connecting/disconnected/disabled."""
        self.state.set_wan_state(wan_id, state)

    def set_rates(self, wan_id: int, download_kbps: float, upload_kbps: float) -> None:
        """Set a WAN's throughput in kbps."""
        self.state.set_rates(wan_id, download_kbps, upload_kbps)

    def add_client(
        self,
        mac: str,
        name: str | None = None,
        ip: str | None = None,
        connection_type: str = "ethernet",
        active: bool = True,
        vlan_id: int | None = None,
    ) -> None:
        """Add a LAN client (wireless ones get bssid/essid/signal/speed)."""
        self.state.add_client(mac, name, ip, connection_type, active, vlan_id)

    def set_client_active(self, mac: str, active: bool) -> None:
        """Mark a client (in)active."""
        self.state.set_client_active(mac, active)

    def remove_client(self, mac: str) -> None:
        """Forget a client."""
        self.state.remove_client(mac)

    def set_fan(self, index: int, rpm: int) -> None:
        """Fan `index` (0-based) to `rpm`; 0 = stopped."""
        self.state.set_fan(index, rpm)

    def set_temperature(self, index: int, celsius: float) -> None:
        """Thermal sensor `index` (0-based) to `celsius`."""
        self.state.set_temperature(index, celsius)

    def set_gps_fix(self, has_fix: bool) -> None:
        """Gain or lose the GPS fix."""
        self.state.set_gps_fix(has_fix)

    # Auth and faults

    @property
    def logins(self) -> int:
        """Login attempts (/api/login and auth.token.grant), successful or not."""
        return self.auth.logins

    @property
    def failed_logins(self) -> int:
        """Failed login attempts, locked-out ones included."""
        return self.auth.failed_logins

    @property
    def live_sessions(self) -> int:
        """Admin sessions open now (logged in, not logged out or expired)."""
        return self.auth.live_sessions

    def reset_counters(self) -> None:
        """Zero requests, request_log, logins and failed_logins."""
        self.requests.clear()
        self.request_log.clear()
        self.auth.reset_counters()

    def expire_sessions(self) -> None:
        """Invalidate every session cookie and token now."""
        self.auth.expire_all()

    def inject(self, function: str, fault: Fault, *, count: int | None = None) -> None:
        """Make calls to `function` ("*" = any) fail; count=None: until cleared."""
        self.faults.inject(function, fault, count)

    def clear_faults(self, function: str | None = None) -> None:
        """Clear injected faults (one function's, or all)."""
        self.faults.clear(function)

    @property
    def held(self) -> tuple[HeldRequest, ...]:
        """Requests the TIMEOUT fault holds open now, oldest first."""
        return self.holds.requests

    async def wait_held(self, count: int = 1) -> tuple[HeldRequest, ...]:
        """Wait until the TIMEOUT fault holds at least `count` requests open."""
        return await self.holds.wait(count)

    def release_held(self, requests: tuple[HeldRequest, ...] | None = None) -> int:
        """End held requests (these, or all) unanswered; return how many."""
        return self.holds.release(requests)

    # Request handling

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "api", request.match_info["function"])

    async def _handle_cgi(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "cgi", request.query.get("func", ""))

    async def _handle(
        self, request: web.Request, kind: str, function: str
    ) -> web.StreamResponse:
        self._follow_real_time()
        halt = self._halt
        query = dict(request.query)
        body: Any = None
        if request.method == "POST":
            raw = await request.read()
            if raw.strip():
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = _INVALID_JSON
        params = {k: v for k, v in query.items() if k not in TRANSPORT_PARAMS}
        if isinstance(body, dict):
            params.update(body)

        sessions = [
            value
            for value in (request.cookies.get("bauth"), request.cookies.get("pauth"))
            if value
        ]
        credential, session_id = self.auth.check(sessions, query.get("accessToken"))
        if (
            kind == "cgi"
            and self.cgi_refuses_tokens
            and credential is not None
            and credential.kind == "token"
        ):
            credential = None
        self.requests[function] += 1
        self.request_log.append(
            SimRequest(
                method=request.method,
                function=function,
                path=kind,
                query=query,
                authenticated=credential is not None,
                body=None if body is _INVALID_JSON else body,
            )
        )

        delay = self.latency.get("*", 0.0) + self.latency.get(function, 0.0)
        if delay > 0 and await _interrupted(halt, delay):
            return _drop(request)

        fault = self.faults.take(function, query.get("infoType"))
        if fault is not None and fault != Fault.LOST_ANSWER:
            return await self._fault(request, kind, function, fault, halt)

        paths = served_paths(function, self.state.profile)
        if kind == "api" and "api" not in paths:
            return web.Response(
                status=404, text=NOT_FOUND_HTML, content_type="text/html"
            )
        if function == "login":
            return self._login(body if isinstance(body, dict) else {})
        if function == "auth.token.grant":
            return _json(self.auth.grant(body if isinstance(body, dict) else {}))
        if function == "info.firmware" and credential is None:
            # Allowed before login: only the firmware in use.
            return self._answer(kind, function, _firmware_only(self.state))
        if credential is None:
            return self._unauthorized(kind)

        self.auth.served(session_id)
        if kind == "cgi" and "cgi" not in paths:
            return _json(UNSUPPORTED)
        if function in self.state.profile.get("unsupported", ()):
            return _json(UNSUPPORTED)
        spec = FUNCTIONS[function]
        if request.method not in spec.methods:
            return _json(fail("Method Not Allowed", 405))
        if body is _INVALID_JSON:
            return _json(fail("Invalid JSON", 400))
        if _is_write(request.method, function) and credential.read_only:
            return _json(PERMISSION_DENIED)
        if function == "logout":
            self.auth.logout(session_id)
        assert spec.handler is not None
        call = Call(self.state, request.method, params, kind)
        answer = spec.handler(call)
        response = self._answer(kind, function, answer, call.bare_parts)
        if fault == Fault.LOST_ANSWER:
            return _drop(request)
        if call.reboot_requested:
            # Flush the answer before the listener goes away.
            await response.prepare(request)
            await response.write_eof()
            task = asyncio.create_task(self.reboot(self.reboot_downtime))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return response

    def _login(self, body: dict[str, Any]) -> web.Response:
        answer, session_id = self.auth.login(body)
        response = _json(answer)
        if session_id is not None:
            name = "bauth" if self.https else "pauth"
            response.set_cookie(name, session_id, path="/", httponly=True)
        return response

    def _answer(
        self,
        kind: str,
        function: str,
        answer: dict[str, Any],
        parts: tuple[str, ...] = (),
    ) -> web.Response:
        if (
            kind == "cgi"
            and answer.get("stat") == "ok"
            and "response" in answer
            and self._bare(function, parts)
        ):
            return _json(answer["response"])
        return _json(answer)

    def _bare(self, function: str, parts: tuple[str, ...]) -> bool:
        bare = self.state.profile.get("bare", ())
        if "*" in bare or function in bare:
            return True
        return bool(parts) and all(f"{function}:{part}" in bare for part in parts)

    def _unauthorized(self, kind: str) -> web.Response:
        if kind == "cgi":
            return web.Response(text=CGI_UNAUTHORIZED, content_type="text/plain")
        status = 401 if self.expiry_style == "http" else 200
        return _json(UNAUTHORIZED_BODY, status=status)

    async def _fault(
        self,
        request: web.Request,
        kind: str,
        function: str,
        fault: Fault,
        halt: asyncio.Event,
    ) -> web.StreamResponse:
        if fault == Fault.TIMEOUT:
            # Held open until the test releases it or the simulator stops.
            await self.holds.hold(function, halt)
            return _drop(request)
        if fault == Fault.DROP:
            return _drop(request)
        if fault == Fault.HTTP_500:
            return web.Response(status=500, text=ERROR_HTML, content_type="text/html")
        if fault == Fault.NOT_JSON:
            return web.Response(text=ERROR_HTML, content_type="text/html")
        if fault == Fault.EMPTY:
            return web.Response(body=b"", content_type="application/json")
        if fault == Fault.MISSING_FIELDS:
            return _json({"stat": "ok", "response": {}})
        if fault == Fault.INTERNAL_ERROR:
            return _json({"stat": "fail", "message": "Internal Error"})
        if fault == Fault.UNAUTHORIZED:
            return self._unauthorized(kind)
        if fault == Fault.UNSUPPORTED:
            return _json(UNSUPPORTED)
        if fault == Fault.UNKNOWN_FUNCTION:
            return _json(fail("unknown function"))
        if fault == Fault.NOT_FOUND:
            return web.Response(
                status=404, text=NOT_FOUND_HTML, content_type="text/html"
            )
        if fault.kind == "answer":
            return web.Response(
                status=fault.code or 200,
                text=fault.message or "",
                content_type="application/json",
            )
        return _json(fail(fault.message or "", fault.code))


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body), content_type="application/json"
    )


def _drop(request: web.Request) -> web.Response:
    """Close the connection; aiohttp then skips writing the (dummy) response."""
    if request.transport is not None:
        request.transport.close()
    return web.Response()


async def _interrupted(halt: asyncio.Event, delay: float) -> bool:
    """Sleep `delay` seconds; True if the simulator stopped meanwhile."""
    try:
        await asyncio.wait_for(halt.wait(), timeout=delay)
    except TimeoutError:
        return False
    return True


def _is_write(method: str, function: str) -> bool:
    return method == "POST" and function.startswith(("config.", "cmd."))


def _firmware_only(state: RouterState) -> dict[str, Any]:
    return {"stat": "ok", "response": payloads.firmware(state, current_only=True)}


def _cert_ip(host: str) -> str:
    """The IP to put in the certificate's SAN (127.0.0.1 unless host is an IP)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "127.0.0.1"
    return "127.0.0.1" if ipaddress.ip_address(host).is_unspecified else host
