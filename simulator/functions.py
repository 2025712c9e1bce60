"""The API functions the simulator serves: reads, writes and commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import payloads, settings
from .replies import INVALID_INFO_TYPE, UNSUPPORTED, invalid, ok
from .sms import delete_sms, inbox_iccid
from .state import RouterState, Wan


@dataclass(slots=True)
class Call:
    """One request, as a handler sees it."""

    state: RouterState
    method: str
    params: dict[str, Any]
    path: str
    reboot_requested: bool = False
    # For bare CGI answers: which part of the function was asked for.
    bare_parts: tuple[str, ...] = ()


Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Function:
    """How a function is served."""

    handler: Handler | None  # None: handled by the server (login, token grant)
    methods: frozenset[str]
    paths: tuple[str, ...] = ("api", "cgi")
    public: bool = False


# Reads


def _system_info(call: Call) -> dict[str, Any]:
    requested = str(call.params.get("infoType", "")).replace(",", " ").split()
    if not requested:
        return INVALID_INFO_TYPE
    known = [t for t in dict.fromkeys(requested) if t in payloads.INFO_TYPES]
    if call.state.profile.get("single_info_type") and len(known) > 1:
        return INVALID_INFO_TYPE
    call.bare_parts = tuple(known)
    return ok(payloads.system_info(call.state, known))


def _firmware(call: Call) -> dict[str, Any]:
    return ok(payloads.firmware(call.state))


def _ids(value: Any) -> list[int] | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return [value]
    ids: list[int] = []
    for part in str(value).replace(",", " ").split():
        if part.isdigit():
            ids.append(int(part))
    return ids


def _wan_connection(call: Call) -> dict[str, Any]:
    ids = _ids(call.params.get("id"))
    lite = str(call.params.get("lite", "no")).lower() == "yes"
    return ok(payloads.wan_connection(call.state, ids, lite=lite))


def _allowance(call: Call) -> dict[str, Any]:
    return ok(payloads.allowance(call.state))


def _clients(call: Call) -> dict[str, Any]:
    return ok(payloads.clients(call.state, call.params))


def _traffic(call: Call) -> dict[str, Any]:
    return ok(payloads.traffic(call.state))


def _location(call: Call) -> dict[str, Any]:
    if call.state.gps is None:
        return UNSUPPORTED
    return ok(payloads.location(call.state))


def _pepvpn(call: Call) -> dict[str, Any]:
    info_type = call.params.get("infoType")
    body = ok(payloads.pepvpn(call.state, str(info_type) if info_type else None))
    # Peplink still flags this function as beta (seen in a capture).
    return {"stat": "ok", "notice": {"status": "beta"}, "response": body["response"]}


# Writes and commands


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "yes", "1", 1):
        return True
    if value in ("false", "no", "0", 0):
        return False
    return None


def _ap(call: Call) -> dict[str, Any]:
    ap = call.state.ap
    if call.method == "POST":
        if not ap.get("support"):
            return UNSUPPORTED
        enable = _as_bool(call.params.get("enable"))
        if enable is None:
            return invalid("enable")
        ap["enable"] = enable
    return ok(dict(ap))


def _wan_for(call: Call, key: str = "connId", *, cellular: bool = False) -> Wan | None:
    value = call.params.get(key)
    try:
        wan = call.state.wans.get(int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if wan is None or (cellular and not wan.cellular):
        return None
    return wan


def _wan_config(call: Call) -> dict[str, Any]:
    state = call.state
    if call.method == "GET":
        return ok(payloads.wan_config(state))
    if call.params.get("action") != "update":
        return invalid("action")
    items = call.params.get("list")
    if not isinstance(items, list) or not items:
        return invalid("list")
    changes: dict[int, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, dict):
            return invalid("list")
        try:
            wan_id = int(item.get("id", item.get("connId")))
        except (TypeError, ValueError):
            return invalid("id")
        if wan_id not in state.wans:
            return invalid("id")
        change: dict[str, Any] = {}
        if "enable" in item:
            enable = _as_bool(item["enable"])
            if enable is None:
                return invalid("enable")
            change["enable"] = enable
        if "name" in item:
            change["name"] = str(item["name"])
        if "priority" in item:
            try:
                change["priority"] = int(item["priority"])
            except (TypeError, ValueError):
                return invalid("priority")
        changes[wan_id] = change
    # Validate everything first: a bad item changes nothing.
    for wan_id, change in changes.items():
        state.pending_wan_config.setdefault(wan_id, {}).update(change)
    return ok()


def _wan_priority(call: Call) -> dict[str, Any]:
    state = call.state
    if call.params.get("action", "update") != "update":
        return invalid("action")
    items = call.params.get("list")
    if not isinstance(items, list) or not items:
        return invalid("list")
    changes: dict[int, int] = {}
    for item in items:
        if not isinstance(item, dict):
            return invalid("list")
        try:
            wan_id = int(item.get("connId", item.get("id")))
        except (TypeError, ValueError):
            return invalid("connId")
        if wan_id not in state.wans:
            return invalid("connId")
        priority = item.get("priority")
        if isinstance(priority, bool) or not isinstance(priority, int | str):
            return invalid("priority")
        try:
            value = int(priority)
        except ValueError:
            return invalid("priority")
        if value < 1:
            return invalid("priority")
        changes[wan_id] = value
    for wan_id, value in changes.items():
        state.wans[wan_id].priority = value
    return ok(payloads.wan_priority(state))


def _config_apply(call: Call) -> dict[str, Any]:
    call.state.apply_config()
    settings.apply_ssid_changes(call.state)
    return ok()


def _config_discard(call: Call) -> dict[str, Any]:
    call.state.discard_config()
    settings.discard_ssid_changes(call.state)
    return ok()


def _reboot(call: Call) -> dict[str, Any]:
    call.reboot_requested = True
    return ok()


def _module_reset(call: Call) -> dict[str, Any]:
    wan = _wan_for(call, cellular=True)
    if wan is None:
        return invalid("connId")
    call.state.module_resets.append(wan.id)
    return ok()


def _module_rescan(call: Call) -> dict[str, Any]:
    wan = _wan_for(call, cellular=True)
    if wan is None:
        return invalid("connId")
    call.state.network_rescans.append(wan.id)
    return ok()


def _first_cellular(state: RouterState) -> Wan | None:
    for wan_id in state.wan_order:
        if state.wans[wan_id].cellular:
            return state.wans[wan_id]
    return None


def _sms_send(call: Call) -> dict[str, Any]:
    if call.params.get("connId") in (None, ""):
        # The documented example has no connId: the first cellular WAN sends.
        wan = _first_cellular(call.state)
    else:
        wan = _wan_for(call, cellular=True)
    if wan is None:
        return invalid("connId")
    address = call.params.get("address")
    content = call.params.get("content")
    if not isinstance(address, str) or not address.strip():
        return invalid("address")
    if not isinstance(content, str) or not content:
        return invalid("content")
    call.state.sent_sms.append(
        {"connId": wan.id, "address": address, "content": content}
    )
    return ok()


def _sms_get(call: Call) -> dict[str, Any]:
    wan = _wan_for(call, cellular=True)
    if wan is None:
        return invalid("connId")
    return ok(payloads.sms(call.state, wan))


def _sms_delete(call: Call) -> dict[str, Any]:
    wan = _wan_for(call, cellular=True)
    if wan is None:
        return invalid("connId")
    iccid = call.params.get("iccid")
    if iccid is not None and str(iccid) != (inbox_iccid(call.state, wan.id) or iccid):
        return invalid("iccid")
    message_id = call.params.get("id")
    if message_id == "all":
        delete_sms(call.state, wan.id, None)
        return ok()
    if isinstance(message_id, bool) or not str(message_id).isdigit():
        return invalid("id")
    if not delete_sms(call.state, wan.id, int(str(message_id))):
        return invalid("id")
    return ok()


def _billing_new_cycle(call: Call) -> dict[str, Any]:
    wan = _wan_for(call)
    if wan is None or wan.allowance is None:
        return invalid("connId")
    sim_id = call.params.get("simId")
    if "sims" in wan.allowance:
        sims: dict[str, Any] = wan.allowance["sims"]
        if sim_id in (None, ""):
            targets = list(sims.values())
        elif str(sim_id) in sims:
            targets = [sims[str(sim_id)]]
        else:
            return invalid("simId")
    else:
        targets = [wan.allowance]
    for record in targets:
        record["usage"] = 0
        record["start"] = int(call.state.now())
    call.state.billing_cycles.append(
        (wan.id, int(sim_id) if str(sim_id or "").isdigit() else None)
    )
    return ok()


def _logout(call: Call) -> dict[str, Any]:
    return ok()


GET = frozenset({"GET"})
POST = frozenset({"POST"})
BOTH = frozenset({"GET", "POST"})

FUNCTIONS: dict[str, Function] = {
    "login": Function(None, POST, ("api",), public=True),
    "auth.token.grant": Function(None, POST, ("api",), public=True),
    "logout": Function(_logout, BOTH, ("api",)),
    "info.firmware": Function(_firmware, GET, public=True),
    "status.system.info": Function(_system_info, GET),
    "status.wan.connection": Function(_wan_connection, GET),
    "status.wan.connection.allowance": Function(_allowance, GET),
    "status.client": Function(_clients, GET),
    "status.traffic": Function(_traffic, GET),
    "info.location": Function(_location, GET),
    "status.pepvpn": Function(_pepvpn, GET),
    "cmd.ap": Function(_ap, BOTH),
    "config.wan.connection": Function(_wan_config, BOTH),
    "config.wan.connection.priority": Function(_wan_priority, POST),
    "cmd.config.apply": Function(_config_apply, POST),
    "cmd.config.discard": Function(_config_discard, POST),
    "cmd.system.reboot": Function(_reboot, POST),
    "cmd.cellularModule.reset": Function(_module_reset, POST),
    "cmd.cellularModule.rescanNetwork": Function(_module_rescan, POST),
    "cmd.sms.sendMessage": Function(_sms_send, POST),
    "cmd.sms.get": Function(_sms_get, GET),
    "cmd.sms.delete": Function(_sms_delete, POST),
    "cmd.billing.newCycle": Function(_billing_new_cycle, POST),
    "cmd.wan.cellular": Function(settings.wan_cellular, BOTH),
    "config.ssid.profile": Function(settings.ssid_profile, BOTH),
}


def served_paths(function: str, profile: dict[str, Any]) -> tuple[str, ...]:
    """Where ("api", "cgi") a function is served on this profile."""
    spec = FUNCTIONS.get(function)
    if spec is None:
        return ()
    paths = profile.get("paths", {}).get(function)
    return tuple(paths) if paths is not None else spec.paths
