"""What Home Assistant made of the router: entry, entities, devices, names, log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any

from tests.smoke.common import DOMAIN, TRACKER_STATES, Report
from tests.smoke.hass_api import HassClient
from tests.smoke.steps import entry_entities, find_entry, is_client_tracker

# What Home Assistant says of every custom integration: not the integration's fault.
EXPECTED_LOG = (
    re.compile(r"We found a custom integration peplink which has not been tested"),
)
LOG_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.,]\d+\S* (?P<level>[A-Z]+) "
    r"\((?P<thread>[^)]*)\) \[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)
PROBLEM_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})


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


async def check_setup(
    hass: HassClient, report: Report, entry: dict[str, Any], trackers: list[str]
) -> None:
    """Check the entry, its entities, devices and names."""
    entry_id = entry["entry_id"]
    current = await find_entry(hass, entry_id)
    state = current["state"] if current else "gone"
    report.check(
        state == "loaded", "entry is loaded", f"the entry is {state}, not loaded"
    )

    entities = await entry_entities(hass, entry_id)
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
        if is_client_tracker(e) and e["device_id"] is not None
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


def check_log(path: Path, report: Report) -> None:
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
