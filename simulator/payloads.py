"""Render router state as the JSON payloads (the `response` part) real routers send."""

from __future__ import annotations

import copy
import time
from typing import Any

from .state import DETAIL_NAMES, RouterState, Wan, allowance_entry

# status.wan.connection key order, as in the captures; other keys follow.
WAN_KEY_ORDER = (
    "name",
    "enable",
    "locked",
    "managementOnly",
    "ip",
    "statusLed",
    "message",
    "uptime",
    "type",
    "virtualType",
    "virtual",
    "priority",
    "portId",
    "cellular",
    "gobi",
    "wireless",
    "wifi",
    "modem",
    "dns",
    "mask",
    "gateway",
    "gatewayUrl",
    "bandwidthAllowanceMonitor",
    "method",
    "routingMode",
    "mtu",
)
# Only present while the WAN has an address.
LINK_KEYS = frozenset({"ip", "dns", "mask", "gateway", "gatewayUrl"})
# Cellular details that only exist while attached to a network.
ATTACHED_KEYS = ("carrier", "mcc", "mnc", "cellTower", "roamingStatus")
INFO_TYPES = ("device", "fanSpeed", "thermalSensor", "systemTime")


def format_time(state: RouterState, timestamp: float) -> str:
    """Router-local time like "Mon Mar 03 13:46:09 PST 2025"."""
    tz = state.profile.get("timezone", {})
    local = time.gmtime(int(timestamp) + int(tz.get("offset", 0)))
    abbr = tz.get("abbr", "UTC")
    return time.strftime(f"%a %b %d %H:%M:%S {abbr} %Y", local)


# status.system.info


def system_info(state: RouterState, info_types: list[str]) -> dict[str, Any]:
    """One key per requested (known) info type."""
    answer: dict[str, Any] = {}
    for info_type in info_types:
        if info_type == "device":
            answer["device"] = copy.deepcopy(state.device)
        elif info_type == "fanSpeed":
            answer["fanSpeed"] = [_fan(fan) for fan in state.fans]
        elif info_type == "thermalSensor":
            answer["thermalSensor"] = copy.deepcopy(state.thermal)
        elif info_type == "systemTime":
            now = state.now()
            answer["systemTime"] = {
                "string": format_time(state, now),
                "timestamp": int(now),
                "timezone": state.profile.get("timezone", {}).get("name", "UTC"),
            }
    return answer


def _fan(fan: dict[str, Any]) -> dict[str, Any]:
    total = int(fan.get("total", 0))
    value = int(fan.get("value", 0))
    return {
        "active": bool(fan.get("active", True)),
        "value": value,
        "total": total,
        "percentage": round(value * 100 / total, 1) if total else 0.0,
    }


# info.firmware


def firmware(state: RouterState, *, current_only: bool = False) -> dict[str, Any]:
    """Firmware slots keyed "1", "2" plus order; before login only the one in use."""
    answer: dict[str, Any] = {}
    order: list[int] = []
    for slot, image in enumerate(state.firmware, start=1):
        if current_only and not image.get("inUse"):
            continue
        answer[str(slot)] = copy.deepcopy(image)
        order.append(slot)
    answer["order"] = order
    return answer


# status.wan.connection


def wan_connection(
    state: RouterState, ids: list[int] | None = None, *, lite: bool = False
) -> dict[str, Any]:
    """Per-WAN objects keyed by id plus order and the top-level extras."""
    order = [i for i in state.wan_order if ids is None or i in ids]
    answer: dict[str, Any] = {}
    for wan_id in order:
        wan = state.wans[wan_id]
        if lite:
            answer[str(wan_id)] = {"name": wan.name, "enable": wan.enable}
        else:
            answer[str(wan_id)] = wan_object(state, wan)
    answer["order"] = order
    if state.profile.get("wan_timestamps"):
        answer["timestamp"] = int(state.now())
        answer["reportTimestamp"] = int(state.now())
    if "support_gateway_proxy" in state.profile:
        answer["supportGatewayProxy"] = bool(state.profile["support_gateway_proxy"])
    stringify = frozenset(state.profile.get("stringify", ()))
    return _stringify(answer, stringify) if stringify else answer


def wan_object(state: RouterState, wan: Wan) -> dict[str, Any]:
    """One WAN's status object for its current state."""
    led, message = wan.status()
    dynamic: dict[str, Any] = {
        "enable": wan.enable,
        "statusLed": led,
        "message": message,
        "uptime": wan.uptime(state.now()),
    }
    if wan.enable and wan.priority is not None:
        dynamic["priority"] = wan.priority
    detail_key = wan.detail_key
    if detail_key is not None:
        dynamic[detail_key] = _cellular_detail(state, wan, detail_key)
    allowance = _wan_allowance_flag(wan)
    if allowance is not None:
        dynamic["bandwidthAllowanceMonitor"] = allowance

    keys = [k for k in WAN_KEY_ORDER if k in wan.fields or k in dynamic]
    keys += [k for k in wan.fields if k not in WAN_KEY_ORDER]
    answer: dict[str, Any] = {}
    for key in keys:
        if key in LINK_KEYS and not wan.link_up:
            continue
        if key in dynamic:
            answer[key] = dynamic[key]
        else:
            answer[key] = copy.deepcopy(wan.fields[key])
    return answer


def _cellular_detail(state: RouterState, wan: Wan, key: str) -> dict[str, Any]:
    detail: dict[str, Any] = copy.deepcopy(wan.fields[key])
    sims = detail.get("sim")
    if isinstance(sims, dict) and wan.allowance and "sims" in wan.allowance:
        for sim_id, raw in wan.allowance["sims"].items():
            sim = sims.get(sim_id)
            if isinstance(sim, dict):
                sim["bandwidthAllowanceMonitor"] = {
                    "enable": bool(raw.get("enable", True)),
                    "hasSmtp": sim.get("bandwidthAllowanceMonitor", {}).get(
                        "hasSmtp", False
                    ),
                }
    if not wan.link_up:
        for name in ATTACHED_KEYS:
            detail.pop(name, None)
        if "signalLevel" in detail:
            detail["signalLevel"] = 0
        if "rat" in detail:
            detail["rat"] = []
        if "band" in detail:
            detail["band"] = []
    if not wan.enable and "modulePowerOn" in detail:
        detail["modulePowerOn"] = False
    return detail


def _wan_allowance_flag(wan: Wan) -> dict[str, Any] | None:
    """The WAN-level monitor flag, for single-SIM (flat) allowances."""
    if wan.allowance is None or "sims" in wan.allowance:
        return None
    current = wan.fields.get("bandwidthAllowanceMonitor", {})
    return {
        "enable": bool(wan.allowance.get("enable", True)),
        "hasSmtp": current.get("hasSmtp", False),
    }


def _stringify(value: Any, keys: frozenset[str]) -> Any:
    """Send the listed keys' numbers as strings, as old firmware does."""
    if isinstance(value, dict):
        return {
            k: (
                str(v)
                if k in keys and isinstance(v, int | float) and not isinstance(v, bool)
                else _stringify(v, keys)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_stringify(v, keys) for v in value]
    return value


# status.wan.connection.allowance


def allowance(state: RouterState) -> dict[str, Any]:
    """Per-connection allowance: per SIM for cellular WANs, flat otherwise."""
    answer: dict[str, Any] = {}
    order: list[int] = []
    for wan_id in state.wan_order:
        wan = state.wans[wan_id]
        if wan.allowance is None:
            continue
        if "sims" in wan.allowance:
            per_sim: dict[str, Any] = {}
            sim_order: list[int] = []
            for sim_id, raw in wan.allowance["sims"].items():
                per_sim[str(sim_id)] = allowance_entry(raw)
                sim_order.append(int(sim_id))
            per_sim["order"] = sim_order
            answer[str(wan_id)] = per_sim
        else:
            answer[str(wan_id)] = allowance_entry(wan.allowance)
        order.append(wan_id)
    answer["order"] = order
    return answer


# status.client


def clients(state: RouterState, params: dict[str, Any]) -> dict[str, Any]:
    """The client list, filtered like the router does."""
    active_only = str(params.get("activeOnly", "no")).lower() == "yes"
    types = str(params.get("connectionType", "")).replace(",", " ").split()
    vlan = params.get("vlanId")
    try:
        size = int(params.get("size", 1000))
    except (TypeError, ValueError):
        size = 1000
    now = state.now()
    listed: list[dict[str, Any]] = []
    for client in state.clients.values():
        fields = client.fields
        if active_only and not fields.get("active"):
            continue
        if types and fields.get("connectionType") not in types:
            continue
        if vlan is not None and str(fields.get("vlanId", 0)) != str(vlan):
            continue
        item = copy.deepcopy(fields)
        item["lease"] = {
            "expiresIn": client.expires_in(now),
            "type": fields.get("lease", {}).get("type", "dhcp"),
        }
        listed.append(item)
        if len(listed) >= size:
            break
    return {"list": listed}


# status.traffic


def traffic(state: RouterState) -> dict[str, Any]:
    """Lifetime, current bandwidth and per-WAN totals; connected WANs only."""
    now = int(state.now())
    lifetime_ts = int(state.profile.get("lifetime", {}).get("timestamp", state.epoch))
    lifetime_ts += int(state.now() - state.epoch)
    bandwidth: dict[str, Any] = {"timestamp": now, "unit": "kbps"}
    totals: dict[str, Any] = {"timestamp": now, "unit": "MB"}
    order: list[int] = []
    for wan_id in state.wan_order:
        wan = state.wans[wan_id]
        if wan.state != "connected":
            continue
        order.append(wan_id)
        head = {
            "name": wan.name,
            "portType": wan.type,
            "virtual": bool(wan.fields.get("virtual", False)),
        }
        bandwidth[str(wan_id)] = {
            **head,
            "overall": {
                "download": round(wan.download_kbps),
                "upload": round(wan.upload_kbps),
            },
            "details": {name: dict(wan.details[name]) for name in DETAIL_NAMES},
        }
        totals[str(wan_id)] = {
            **head,
            "overall": {
                "download": int(wan.download_mb),
                "upload": int(wan.upload_mb),
            },
        }
    bandwidth["order"] = order
    totals["order"] = list(order)
    return {
        "lifetime": {
            "timestamp": lifetime_ts,
            "datetime": format_time(state, lifetime_ts),
            "unit": "MB",
            "all": {
                "overall": {
                    "download": int(state.lifetime_download_mb),
                    "upload": int(state.lifetime_upload_mb),
                }
            },
            "order": ["all"],
        },
        "bandwidth": bandwidth,
        "traffic": totals,
    }


# info.location


def location(state: RouterState) -> dict[str, Any]:
    """GPS fix and position; `gps: false` and no location without a fix."""
    gps = state.gps or {}
    if not gps.get("fix"):
        return {"gps": False}
    position = copy.deepcopy(gps.get("location", {}))
    position["timestamp"] = int(state.now())
    return {"gps": True, "location": position}


# status.pepvpn


def pepvpn(state: RouterState, info_type: str | None) -> dict[str, Any]:
    """Profiles and peers; `infoType` picks one of them."""
    data = copy.deepcopy(state.pepvpn)
    answer: dict[str, Any] = {}
    if info_type in (None, "", "profile"):
        answer["profile"] = data.get("profile", {"order": []})
    if info_type in (None, "", "peer"):
        answer["peer"] = data.get("peer", [])
    return answer


# Writes that answer with data


def wan_config(state: RouterState) -> dict[str, Any]:
    """GET config.wan.connection: {id: {name, enable, priority?}, order}."""
    answer: dict[str, Any] = {
        str(wan_id): entry for wan_id, entry in state.wan_config_view().items()
    }
    answer["order"] = list(state.wan_order)
    return answer


def wan_priority(state: RouterState) -> dict[str, Any]:
    """config.wan.connection.priority answer: {id: {name, priority, enable}, order}."""
    answer: dict[str, Any] = {}
    for wan_id in state.wan_order:
        wan = state.wans[wan_id]
        entry: dict[str, Any] = {"name": wan.name}
        if wan.priority is not None and wan.enable:
            entry["priority"] = wan.priority
        entry["enable"] = wan.enable
        answer[str(wan_id)] = entry
    answer["order"] = list(state.wan_order)
    return answer


def sms(state: RouterState, wan: Wan) -> dict[str, Any]:
    """cmd.sms.get: the inbox of a cellular WAN's active SIM."""
    inbox = state.sms.get(str(wan.id), {})
    answer: dict[str, Any] = {"connId": wan.id}
    sim_id = inbox.get("simId", wan.active_sim or "1")
    # A named slot (an eSIM) has no number to send.
    if str(sim_id).isdigit():
        answer["simId"] = int(sim_id)
    # Firmware 8.2+ name the SIM further.
    answer.update({key: inbox[key] for key in ("imsi", "iccid", "mtn") if key in inbox})
    answer["sms"] = copy.deepcopy(inbox.get("sms", []))
    return answer
