"""What a user adds to, or removes from, a running router.

Allowance monitors, SpeedFusion profiles, fans and thermal sensors the profile
did not start with: the router's next answers report them, or leave them out.
"""

from __future__ import annotations

from typing import Any

from .state import RouterState


def add_allowance(
    state: RouterState,
    wan_id: int,
    sim_id: int | None = None,
    *,
    limit_mb: int = 10240,
    usage_mb: float = 0.0,
) -> None:
    """Start an allowance monitor on a WAN, or on one of its SIMs."""
    wan = state.wan(wan_id)
    monitor: dict[str, Any] = {
        "enable": True,
        "usage": usage_mb,
        "limit": limit_mb,
        "start": int(state.now()),
        "unit": "MB",
    }
    if sim_id is None:
        if wan.allowance is not None and "sims" in wan.allowance:
            raise ValueError(f"WAN {wan_id} monitors its allowance per SIM")
        wan.allowance = monitor
        return
    if wan.allowance is not None and "sims" not in wan.allowance:
        raise ValueError(f"WAN {wan_id} monitors its allowance as a whole")
    if wan.allowance is None:
        wan.allowance = {"sims": {}}
    wan.allowance["sims"][str(sim_id)] = monitor


def remove_allowance(
    state: RouterState, wan_id: int, sim_id: int | None = None
) -> None:
    """Stop an allowance monitor of a WAN, or of one of its SIMs."""
    wan = state.wan(wan_id)
    if sim_id is None or wan.allowance is None:
        wan.allowance = None
        return
    sims: dict[str, Any] = wan.allowance["sims"]
    del sims[str(sim_id)]
    if not sims:
        wan.allowance = None


def add_pepvpn_profile(
    state: RouterState, profile_id: int, name: str, status: str = "CONNECTED"
) -> None:
    """Add a SpeedFusion profile, last in the router's order."""
    profiles = state.pepvpn.setdefault("profile", {"order": []})
    profiles[str(profile_id)] = {
        "name": name,
        "master": False,
        "vlanId": 0,
        "status": status,
        "conflictCount": 0,
        "peerCount": 1 if status == "CONNECTED" else 0,
        "userShared": False,
        "userCount": 0,
        "type": "l2",
    }
    profiles["order"].append(profile_id)


def remove_pepvpn_profile(state: RouterState, profile_id: int) -> None:
    """Delete a SpeedFusion profile and its peers."""
    profiles = state.pepvpn["profile"]
    del profiles[str(profile_id)]
    profiles["order"].remove(profile_id)
    state.pepvpn["peer"] = [
        peer
        for peer in state.pepvpn.get("peer", [])
        if peer.get("profileId") != profile_id
    ]


def add_fan(state: RouterState, rpm: int, total: int = 17000) -> None:
    """A fan the router starts to report, after the others."""
    state.fans.append({"active": True, "value": int(rpm), "total": int(total)})


def add_thermal_sensor(state: RouterState, celsius: float) -> None:
    """A thermal sensor the router starts to report, after the others."""
    state.thermal.append(
        {"max": 95.0, "min": -40.0, "threshold": 85.0, "temperature": float(celsius)}
    )
