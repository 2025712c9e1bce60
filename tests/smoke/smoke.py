"""Smoke test: the integration in a real Home Assistant, against the router simulator.

Run by scripts/smoke, with the Python and the Home Assistant of the hass lane;
pytest does not collect it. It starts the simulator (profile max, which has LAN
clients) and Home Assistant on free ports of 127.0.0.1, onboards through the
REST API, adds the router through the config flow, sets the options, enables
the client trackers, checks what Home Assistant made of it all, and reads
Home Assistant's log for anything about the integration. Whatever happens,
Ctrl-C included, it stops what it started and removes its temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
import contextlib
import ctypes
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
from typing import Any

import aiohttp

PROJECT = Path(__file__).resolve().parents[2]
DOMAIN = "peplink"
PROFILE = "max"
SIM_USERNAME = SIM_PASSWORD = "admin"

# Deadlines in seconds: generous for a busy CI machine, but every wait has one.
SIMULATOR_START = 30
HASS_START = 180
ENTRY_LOADED = 60
# Home Assistant reloads an entry 30 s after one of its entities is enabled.
TRACKERS_UP = 90
REQUEST = 30
HASS_STOP = 60
SIMULATOR_STOP = 10
POLL = 0.5

CONFIGURATION = """\
# Written by the peplink smoke test: what onboarding and the REST and websocket
# APIs need, and no more, so that the log is about the integration.
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
logger:
  default: warning
"""

# What Home Assistant says of every custom integration: not the integration's fault.
EXPECTED_LOG = (
    re.compile(r"We found a custom integration peplink which has not been tested"),
)
LOG_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.,]\d+\S* (?P<level>[A-Z]+) "
    r"\((?P<thread>[^)]*)\) \[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)
TRACKER_STATES = frozenset({"home", "not_home"})
PROBLEM_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})
PR_SET_PDEATHSIG = 1


class SmokeError(Exception):
    """A step failed: the smoke test cannot go on."""


@dataclass
class Started:
    """A process the smoke test started."""

    label: str
    proc: asyncio.subprocess.Process
    # What to show when it ends before its time.
    log: Path
    # How long it may take to stop before it is killed.
    grace: float

    def exited(self) -> str | None:
        """Why it is no longer running, if it is not."""
        if self.proc.returncode is None:
            return None
        return f"{self.label} exited with status {self.proc.returncode}:\n{_tail(self.log)}"


@dataclass
class Report:
    """What was checked, and what failed."""

    started: float = field(default_factory=time.monotonic)
    passed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Show progress, with the time since the start."""
        _write(f"[{time.monotonic() - self.started:6.1f}s] {text}")

    def check(self, ok: bool, what: str, problem: str | None = None) -> bool:
        """Record one check: ``what`` held, or ``problem`` (else ``what``) failed."""
        if ok:
            self.passed.append(what)
        else:
            self.failures.append(problem or what)
        return ok


@dataclass
class LogRecord:
    """One record of Home Assistant's log, with the lines that continue it."""

    level: str
    logger: str
    lines: list[str]

    @property
    def text(self) -> str:
        """The whole record, traceback included."""
        return "\n".join(self.lines)


def _write(text: str) -> None:
    """A line for the person who runs the smoke test."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _free_port() -> int:
    """A port of 127.0.0.1 free now (Home Assistant takes no port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# Looked up before any fork: a child only calls it.
_PRCTL = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)


def _die_with_parent() -> None:
    """In a child: be killed if the smoke test itself is killed without cleaning up."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


async def _start(
    argv: list[str], output: Path, *, cwd: Path, env: dict[str, str] | None = None
) -> asyncio.subprocess.Process:
    """Start a process in a session of its own, its output going to ``output``.

    Its own session: Ctrl-C reaches only the smoke test, which stops the
    processes in order and waits for them.
    """
    with output.open("wb") as out:
        return await asyncio.create_subprocess_exec(
            *argv,
            cwd=cwd,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


async def _stop(report: Report, started: Started) -> None:
    """Stop a process and its group: SIGTERM, then SIGKILL after its grace time."""
    proc = started.proc
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), started.grace)
        except TimeoutError:
            report.notes.append(
                f"{started.label} did not stop within {started.grace:.0f} s: killed"
            )
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
    # Anything the process left behind in its group goes too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


async def _poll[T](
    what: str,
    deadline: float,
    attempt: Callable[[], Awaitable[T | None]],
    alive: Callable[[], None] | None = None,
) -> T:
    """Call ``attempt`` until it answers something other than None, or fail."""
    end = time.monotonic() + deadline
    while True:
        if alive is not None:
            alive()
        result = await attempt()
        if result is not None:
            return result
        if time.monotonic() > end:
            raise SmokeError(f"{what}: not within {deadline:.0f} s")
        await asyncio.sleep(POLL)


def _describe(err: BaseException) -> str:
    """An exception in a line: its type, and its message where it has one."""
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def _tail(path: Path, lines: int = 25) -> str:
    """The last lines of a file, for a failure message."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"  ({path.name}: nothing written)"
    return "\n".join(f"  | {line}" for line in text[-lines:])


class HassClient:
    """Home Assistant's REST and websocket APIs, as the frontend uses them."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Talk to Home Assistant at ``url``, as ``token`` once there is one."""
        self.session = session
        self.url = url
        self.token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ws_id = 0

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Any:
        """A REST call; its JSON answer, or SmokeError on another status."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            async with self.session.request(
                method,
                self.url + path,
                json=json,
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=REQUEST),
            ) as response:
                body = await response.text()
                if response.status != expect:
                    raise SmokeError(
                        f"{method} {path}: HTTP {response.status}, expected {expect}: {body[:500]}"
                    )
                return await response.json() if body else None
        except (aiohttp.ClientError, TimeoutError) as err:
            raise SmokeError(f"{method} {path}: {_describe(err)}") from err

    async def connect_websocket(self) -> None:
        """Open the websocket API and sign in to it."""
        try:
            self._ws = await self.session.ws_connect(
                self.url.replace("http", "ws", 1) + "/api/websocket",
                timeout=aiohttp.ClientWSTimeout(ws_close=REQUEST),
            )
            async with asyncio.timeout(REQUEST):
                hello = await self._ws.receive_json()
                if hello.get("type") != "auth_required":
                    raise SmokeError(f"websocket: expected auth_required, got {hello}")
                await self._ws.send_json({"type": "auth", "access_token": self.token})
                answer = await self._ws.receive_json()
        # A closed websocket answers a message that is no JSON text: TypeError.
        except (aiohttp.ClientError, TimeoutError, TypeError) as err:
            raise SmokeError(f"websocket: {_describe(err)}") from err
        if answer.get("type") != "auth_ok":
            raise SmokeError(f"websocket: sign-in refused: {answer}")

    async def command(self, command: str, **fields: Any) -> Any:
        """A websocket command; its result, or SmokeError if it failed."""
        if self._ws is None:
            raise SmokeError("websocket: not connected")
        self._ws_id += 1
        try:
            await self._ws.send_json({"id": self._ws_id, "type": command, **fields})
            async with asyncio.timeout(REQUEST):
                while True:
                    answer = await self._ws.receive_json()
                    if (
                        answer.get("id") == self._ws_id
                        and answer.get("type") == "result"
                    ):
                        break
        except (aiohttp.ClientError, TimeoutError, TypeError) as err:
            raise SmokeError(f"websocket {command}: {_describe(err)}") from err
        if not answer.get("success"):
            raise SmokeError(f"websocket {command}: {answer.get('error')}")
        return answer.get("result")

    async def close(self) -> None:
        """Close the websocket, if open."""
        if self._ws is not None:
            await self._ws.close()


def _expect_step(result: dict[str, Any], kind: str, step_id: str | None = None) -> None:
    """Fail unless a flow answered a step of this kind (and id)."""
    if result.get("type") != kind or (
        step_id is not None and result.get("step_id") != step_id
    ):
        raise SmokeError(
            f"flow: expected {kind} {step_id or ''}, got {result.get('type')} "
            f"{result.get('step_id') or result.get('reason') or ''} "
            f"(errors: {result.get('errors')})"
        )


def _schema_defaults(result: dict[str, Any]) -> dict[str, Any]:
    """The defaults of a form's fields, as the frontend would prefill them."""
    return {
        item["name"]: item["default"]
        for item in result.get("data_schema", [])
        if "default" in item
    }


def _repeated_run(tokens: list[str]) -> str | None:
    """The longest run of words said twice in a row, e.g. "a b" in "a b a b"."""
    folded = [token.casefold() for token in tokens]
    for size in range(len(folded) // 2, 0, -1):
        for start in range(len(folded) - 2 * size + 1):
            run = folded[start : start + size]
            if run == folded[start + size : start + 2 * size] and any(
                char.isalpha() for token in run for char in token
            ):
                return " ".join(tokens[start : start + size])
    return None


async def _onboard(hass: HassClient, report: Report) -> None:
    """Every onboarding step, as the frontend takes them."""
    client_id = hass.url + "/"
    user = await hass.request(
        "POST",
        "/api/onboarding/users",
        json={
            "client_id": client_id,
            "name": "Smoke Test",
            "username": "smoke",
            "password": "smoke-test-password",
            "language": "en",
        },
    )
    tokens = await hass.request(
        "POST",
        "/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": user["auth_code"],
            "client_id": client_id,
        },
    )
    hass.token = tokens["access_token"]
    await hass.request("POST", "/api/onboarding/core_config", json={})
    await hass.request("POST", "/api/onboarding/analytics", json={})
    await hass.request(
        "POST",
        "/api/onboarding/integration",
        json={"client_id": client_id, "redirect_uri": client_id + "?auth_callback=1"},
    )
    steps = await hass.request("GET", "/api/onboarding")
    undone = [step["step"] for step in steps if not step["done"]]
    if undone:
        raise SmokeError(f"onboarding: steps left undone: {undone}")
    report.say("Onboarded: user, core config, analytics, integration")


async def _entry(hass: HassClient, entry_id: str) -> dict[str, Any] | None:
    """The config entry as the config panel lists it."""
    entries = await hass.request(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}"
    )
    return next((e for e in entries if e["entry_id"] == entry_id), None)


async def _wait_loaded(
    hass: HassClient, entry_id: str, alive: Callable[[], None]
) -> dict[str, Any]:
    """Wait for the entry to be loaded; fail early on a state it stays in."""
    last: dict[str, Any] = {}

    async def loaded() -> dict[str, Any] | None:
        entry = await _entry(hass, entry_id)
        if entry is None:
            raise SmokeError("the config entry is gone")
        last.update(entry)
        if entry["state"] in ("setup_error", "migration_error", "failed_unload"):
            raise SmokeError(
                f"config entry {entry['state']}: {entry.get('reason') or 'no reason given'}"
            )
        return entry if entry["state"] == "loaded" else None

    try:
        return await _poll("config entry loaded", ENTRY_LOADED, loaded, alive)
    except SmokeError as err:
        if last.get("state") == "setup_retry":
            raise SmokeError(f"{err} (setup_retry: {last.get('reason')})") from err
        raise


async def _add_router(
    hass: HassClient, report: Report, sim_port: int, alive: Callable[[], None]
) -> dict[str, Any]:
    """Add the simulated router through the config flow, as a user would."""
    flow = await hass.request(
        "POST",
        "/api/config/config_entries/flow",
        json={"handler": DOMAIN, "show_advanced_options": False},
    )
    _expect_step(flow, "form", "user")
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    result = await hass.request(
        "POST",
        path,
        json={"host": "127.0.0.1", "port": sim_port, "ssl": False, "verify_ssl": False},
    )
    _expect_step(result, "menu", "auth_method")
    result = await hass.request("POST", path, json={"next_step_id": "admin"})
    _expect_step(result, "form", "admin")
    result = await hass.request(
        "POST", path, json={"username": SIM_USERNAME, "password": SIM_PASSWORD}
    )
    _expect_step(result, "create_entry")
    entry_id: str = result["result"]["entry_id"]
    report.say(f"Config flow created the entry {result['title']!r}")
    return await _wait_loaded(hass, entry_id, alive)


async def _track_all_clients(hass: HassClient, report: Report, entry_id: str) -> None:
    """Set the options through the options flow: track all clients."""
    form = await hass.request(
        "POST", "/api/config/config_entries/options/flow", json={"handler": entry_id}
    )
    _expect_step(form, "form", "init")
    options = _schema_defaults(form)
    default = options.get("track_clients")
    options["track_clients"] = "all"
    result = await hass.request(
        "POST",
        f"/api/config/config_entries/options/flow/{form['flow_id']}",
        json=options,
    )
    _expect_step(result, "create_entry")
    report.say(f"Options set: track clients all (the default is {default!r})")


def _is_client_tracker(entity: dict[str, Any]) -> bool:
    """A client's tracker, not the router's GPS tracker."""
    return entity["entity_id"].startswith("device_tracker.") and "_client_" in (
        entity.get("unique_id") or ""
    )


async def _entry_entities(hass: HassClient, entry_id: str) -> list[dict[str, Any]]:
    """The entity registry's entries of the config entry."""
    entities = await hass.command("config/entity_registry/list")
    return [e for e in entities if e.get("config_entry_id") == entry_id]


async def _enable_trackers(
    hass: HassClient, report: Report, entry_id: str, alive: Callable[[], None]
) -> list[str]:
    """Enable the client trackers (off by default) and wait for their states."""
    trackers = [
        e for e in await _entry_entities(hass, entry_id) if _is_client_tracker(e)
    ]
    if not trackers:
        raise SmokeError(
            f"no client trackers in the entity registry (profile {PROFILE} has clients)"
        )
    delayed = False
    for tracker in trackers:
        if tracker["disabled_by"] is None:
            continue
        result = await hass.command(
            "config/entity_registry/update",
            entity_id=tracker["entity_id"],
            disabled_by=None,
        )
        delayed = delayed or "reload_delay" in result
    entity_ids = [tracker["entity_id"] for tracker in trackers]
    if delayed:
        # Home Assistant reloads the entry itself once enabling stops; a reload
        # of ours would race with that one.
        report.say(
            f"Enabled {len(trackers)} client trackers; waiting for Home Assistant's reload"
        )
    else:
        await hass.request(
            "POST", f"/api/config/config_entries/entry/{entry_id}/reload"
        )
        report.say(f"Enabled {len(trackers)} client trackers; reloaded the entry")

    async def all_up() -> bool | None:
        # Until the entry reloads, Home Assistant shows enabled entities as
        # unavailable.
        states = await hass.request("GET", "/api/states")
        tracked = {s["entity_id"]: s["state"] for s in states}
        up = all(tracked.get(e) in TRACKER_STATES for e in entity_ids)
        return True if up else None

    await _poll("states of the enabled client trackers", TRACKERS_UP, all_up, alive)
    await _wait_loaded(hass, entry_id, alive)
    report.say("Client trackers have states")
    return entity_ids


async def _check(
    hass: HassClient, report: Report, entry: dict[str, Any], trackers: list[str]
) -> None:
    """Check the entry, its entities, devices and names."""
    entry_id = entry["entry_id"]
    current = await _entry(hass, entry_id)
    state = current["state"] if current else "gone"
    report.check(
        state == "loaded", "entry is loaded", f"the entry is {state}, not loaded"
    )

    entities = await _entry_entities(hass, entry_id)
    states = {s["entity_id"]: s for s in await hass.request("GET", "/api/states")}
    enabled = [e for e in entities if e["disabled_by"] is None]
    missing = [e["entity_id"] for e in enabled if e["entity_id"] not in states]
    report.check(
        not missing,
        f"all {len(enabled)} enabled peplink entities have a state",
        f"enabled entities without a state: {', '.join(missing)}",
    )
    wan_status = [
        states[e["entity_id"]]
        for e in enabled
        if e.get("translation_key") == "wan_status" and e["entity_id"] in states
    ]
    report.check(
        any(s["state"] not in ("unavailable", "unknown") for s in wan_status),
        "WAN status sensors: "
        + ", ".join(f"{s['entity_id']}={s['state']}" for s in wan_status),
        f"no WAN status sensor with a state (found {len(wan_status)})",
    )
    tracker_states = {
        entity_id: states[entity_id]["state"]
        for entity_id in trackers
        if entity_id in states
    }
    report.check(
        len(tracker_states) == len(trackers)
        and all(s in TRACKER_STATES for s in tracker_states.values()),
        "client trackers: "
        + ", ".join(f"{k}={v}" for k, v in sorted(tracker_states.items())),
        f"client trackers not home/not_home: {tracker_states}",
    )

    # Devices: the router and its WANs only; a client is not a device of ours.
    devices = await hass.command("config/device_registry/list")
    own = [d for d in devices if entry_id in d.get("config_entries", [])]
    names = {d["id"]: d.get("name_by_user") or d.get("name") for d in devices}
    # The router is the device its WANs hang under; its identifier is the serial.
    router = [
        d
        for d in own
        if d["via_device_id"] is None and any(i[0] == DOMAIN for i in d["identifiers"])
    ]
    serials = [i[1] for d in router for i in d["identifiers"] if i[0] == DOMAIN]
    wan_id = re.compile(rf"^({'|'.join(map(re.escape, serials))})_wan\d+$")
    wans = [
        d
        for d in own
        if d not in router
        and any(i[0] == DOMAIN and wan_id.match(i[1]) for i in d["identifiers"])
    ]
    others = [d for d in own if d not in router and d not in wans]
    report.check(
        len(router) == 1,
        f"one router device: {names[router[0]['id']]!r}" if router else "",
        f"{len(router)} router devices, expected 1",
    )
    report.check(
        not others,
        f"the entry's devices are the router and {len(wans)} WANs only",
        "devices of the entry that are neither the router nor a WAN: "
        + ", ".join(
            f"{d.get('name')!r} (identifiers {d['identifiers']}, connections {d['connections']})"
            for d in others
        ),
    )
    with_device = [
        f"{e['entity_id']} -> device {names.get(e['device_id'], e['device_id'])!r}"
        for e in entities
        if _is_client_tracker(e) and e["device_id"] is not None
    ]
    report.check(
        not with_device,
        f"no client tracker has a device ({len(trackers)} trackers)",
        "client trackers with a device of their own: " + "; ".join(with_device),
    )

    # Names: a device named after its entity doubles the entity's name.
    doubled = []
    for entity in enabled:
        entity_id = entity["entity_id"]
        if entity_id not in states:
            continue
        name = states[entity_id]["attributes"].get("friendly_name") or ""
        if run := _repeated_run(name.split()):
            doubled.append(f"{entity_id}: friendly name {name!r} repeats {run!r}")
        if run := _repeated_run(entity_id.split(".", 1)[1].split("_")):
            doubled.append(f"{entity_id}: entity ID repeats {run!r}")
    report.check(
        not doubled,
        f"no doubled names among {len(enabled)} entities",
        "doubled names: " + "; ".join(doubled),
    )


def _read_log(path: Path) -> list[LogRecord]:
    """Home Assistant's log, record by record."""
    records: list[LogRecord] = []
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return records
    for line in text.splitlines():
        if match := LOG_RECORD.match(line):
            records.append(LogRecord(match["level"], match["logger"], [line]))
        elif records and line.strip():
            records[-1].lines.append(line)
    return records


def _check_log(path: Path, report: Report) -> None:
    """No warning or error about the integration; other ones counted, not failed."""
    records = _read_log(path)
    if not records:
        report.check(False, "", f"no records in Home Assistant's log {path.name}")
        return
    problems = [r for r in records if r.level in PROBLEM_LEVELS]
    ours = [
        r
        for r in problems
        if DOMAIN in r.text.casefold()
        and not any(pattern.search(r.lines[0]) for pattern in EXPECTED_LOG)
    ]
    report.check(
        not ours,
        "no warning or error about peplink in Home Assistant's log",
        f"{len(ours)} warnings/errors about peplink in Home Assistant's log:\n"
        + "\n".join(
            "    "
            + r.lines[0]
            + (f"\n      ...{r.lines[-1].strip()}" if len(r.lines) > 1 else "")
            for r in ours
        ),
    )
    others = Counter(r.logger for r in problems if r not in ours)
    if others:
        report.notes.append(
            f"{sum(others.values())} other warnings/errors in the log (not about "
            "peplink: integrations whose requirements the lane leaves out, ...): "
            + ", ".join(f"{logger} ({n})" for logger, n in others.most_common())
        )


async def _run(
    args: argparse.Namespace,
    report: Report,
    workdir: Path,
    procs: dict[str, Started],
) -> None:
    """Start the simulator and Home Assistant, set everything up, check it."""
    config = workdir / "config"
    (config / "custom_components").mkdir(parents=True)
    # A copy: Home Assistant writes bytecode beside the code it loads.
    shutil.copytree(
        args.integration,
        config / "custom_components" / DOMAIN,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    hass_port = _free_port()
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=hass_port))

    sim_out = workdir / "simulator.out"
    sim = await _start(
        [
            sys.executable,
            "-m",
            "simulator",
            "--profile",
            PROFILE,
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--username",
            SIM_USERNAME,
            "--password",
            SIM_PASSWORD,
        ],
        sim_out,
        cwd=PROJECT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    procs["simulator"] = Started("the simulator", sim, sim_out, SIMULATOR_STOP)
    # Its output: the records of its log, and whatever it said before logging.
    hass_out = workdir / "hass.out"
    hass_proc = await _start(
        [
            str(Path(sys.executable).parent / "hass"),
            "--config",
            str(config),
            "--skip-pip",
        ],
        hass_out,
        cwd=workdir,
    )
    procs["hass"] = Started("Home Assistant", hass_proc, hass_out, HASS_STOP)

    def alive() -> None:
        for started in procs.values():
            if why := started.exited():
                raise SmokeError(why)

    async def simulator_url() -> str | None:
        match = re.search(r"listening on (http://\S+)", sim_out.read_text())
        return match[1] if match else None

    sim_url = await _poll("simulator start", SIMULATOR_START, simulator_url, alive)
    sim_port = int(sim_url.rsplit(":", 1)[1].rstrip("/"))
    report.say(f"Simulator ({PROFILE}) on {sim_url}")

    async with aiohttp.ClientSession() as session:
        hass = HassClient(session, f"http://127.0.0.1:{hass_port}")

        async def answers() -> bool | None:
            try:
                await hass.request("GET", "/api/onboarding")
            except SmokeError:
                return None
            return True

        await _poll("Home Assistant start", HASS_START, answers, alive)
        report.say(f"Home Assistant answers on {hass.url}")
        try:
            await _onboard(hass, report)
            version = (await hass.request("GET", "/api/config"))["version"]
            report.notes.insert(0, f"Home Assistant {version}")
            await hass.connect_websocket()
            entry = await _add_router(hass, report, sim_port, alive)
            report.check(True, f"config flow added {entry['title']!r}")
            await _track_all_clients(hass, report, entry["entry_id"])
            await _wait_loaded(hass, entry["entry_id"], alive)
            trackers = await _enable_trackers(hass, report, entry["entry_id"], alive)
            await _check(hass, report, entry, trackers)
        finally:
            await hass.close()


async def _main(args: argparse.Namespace) -> int:
    report = Report()
    _write(
        f"== Smoke test: {DOMAIN} on a real Home Assistant, simulator profile {PROFILE}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="ha-smoke-"))
    procs: dict[str, Started] = {}
    # Ctrl-C, SIGTERM and a closed terminal end the run cleanly, even where the
    # caller started it with SIGINT ignored (a background job); once only, so
    # that a second Ctrl-C does not cut the cleanup short.
    task = asyncio.current_task()
    assert task is not None

    def interrupt(signum: signal.Signals) -> None:
        if task.cancelling():
            report.say(f"{signum.name}: still stopping what was started")
        else:
            report.say(f"{signum.name}: stopping")
            task.cancel()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, interrupt, signum)
    try:
        try:
            await _run(args, report, workdir, procs)
        except SmokeError as err:
            # A process that died is the cause, not the refused connection
            # that followed: give it a moment to be reaped, and name it first.
            await asyncio.sleep(1)
            dead = [why for started in procs.values() if (why := started.exited())]
            report.failures.extend(dead if str(err) in dead else [*dead, str(err)])
        finally:
            # Home Assistant first: the simulator answers its last polls.
            for name in ("hass", "simulator"):
                if name in procs:
                    await _stop(report, procs[name])
            if procs:
                report.say("Stopped Home Assistant and the simulator")
        # After the stop: Home Assistant writes its log from a queue.
        _check_log(workdir / "config" / "home-assistant.log", report)
    finally:
        if args.keep:
            _write(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    _write("\n== Summary")
    for line in report.notes:
        _write(f"note  {line}")
    for line in report.passed:
        _write(f"ok    {line}")
    for line in report.failures:
        _write(f"FAIL  {line}")
    took = time.monotonic() - report.started
    if report.failures:
        _write(f"\nSmoke test FAILED: {len(report.failures)} failures, in {took:.0f} s")
        return 1
    _write(f"\nSmoke test passed: {len(report.passed)} checks, in {took:.0f} s")
    return 0


def main() -> None:
    """Entry point: scripts/smoke [--keep] [--integration PATH]."""
    parser = argparse.ArgumentParser(
        prog="scripts/smoke",
        description="The integration on a real Home Assistant against the simulator.",
    )
    parser.add_argument(
        "--integration",
        type=Path,
        default=PROJECT / "custom_components" / DOMAIN,
        help="the integration to test (default: this project's)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder, to look at it"
    )
    args = parser.parse_args()
    if not (args.integration / "manifest.json").is_file():
        parser.error(f"no integration in {args.integration}")
    try:
        sys.exit(asyncio.run(_main(args)))
    except (KeyboardInterrupt, asyncio.CancelledError):
        _write("Smoke test interrupted: stopped what it started")
        sys.exit(130)


if __name__ == "__main__":
    main()
