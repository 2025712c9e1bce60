"""Settings an API client may change: a WAN's SIM preference, SSID profiles.

Both live in the profile's data, as the router keeps them:
- `sim_preferences`, by WAN id: `{"enabledSim": [1, 2], "preferredSim": 1}`.
  `preferredSim` null is no preference, as the 8.1.1 API documentation types it
  ("Number / NULL"). A cellular WAN without an entry may use the SIM slots its
  status lists, and prefers none.
- `ssid_profiles`: profiles keyed by id next to `order`, as `config.ssid.profile`
  answers, Wi-Fi keys included. An update waits in `ssid_pending` until
  `cmd.config.apply`, like any configuration change, and reads back at once.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .replies import invalid, ok

if TYPE_CHECKING:
    from .functions import Call
    from .state import RouterState, Wan

SIM_SLOTS = (1, 2)
# The fields of an SSID profile an update may change, and their types.
SSID_FIELDS: dict[str, type] = {"enable": bool, "broadcast": bool, "name": str}


def _cellular_wan(call: Call) -> Wan | None:
    try:
        wan = call.state.wans.get(int(call.params.get("connId")))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return wan if wan is not None and wan.cellular else None


def sim_preference(state: RouterState, wan: Wan) -> dict[str, Any]:
    """A cellular WAN's SIM preference, created from its SIM slots if unset."""
    preferences: dict[str, Any] = state.profile.setdefault("sim_preferences", {})
    if str(wan.id) not in preferences:
        sims = wan.fields[wan.detail_key or "cellular"].get("sim", {})
        preferences[str(wan.id)] = {
            "enabledSim": [slot for slot in SIM_SLOTS if str(slot) in sims],
            "preferredSim": None,
        }
    preference: dict[str, Any] = preferences[str(wan.id)]
    return preference


def wan_cellular(call: Call) -> dict[str, Any]:
    """cmd.wan.cellular: read or change which SIMs a WAN uses and prefers."""
    wan = _cellular_wan(call)
    if wan is None:
        return invalid("connId")
    preference = sim_preference(call.state, wan)
    if call.method == "GET":
        return ok(copy.deepcopy(preference))
    enabled = call.params.get("enabledSim", preference["enabledSim"])
    if (
        not isinstance(enabled, list)
        or not enabled
        or any(slot not in SIM_SLOTS for slot in enabled)
    ):
        return invalid("enabledSim")
    preferred = call.params.get("preferredSim", preference["preferredSim"])
    # The router refuses to prefer a SIM the WAN may not use.
    if preferred is not None and preferred not in enabled:
        return invalid("preferredSim")
    preference.update(enabledSim=sorted(set(enabled)), preferredSim=preferred)
    return ok()


def _ssid_profiles(state: RouterState) -> dict[str, Any]:
    profiles: dict[str, Any] = state.profile.setdefault("ssid_profiles", {"order": []})
    return profiles


def _ssid_pending(state: RouterState) -> dict[str, dict[str, Any]]:
    pending: dict[str, dict[str, Any]] = state.profile.setdefault("ssid_pending", {})
    return pending


def _ssid_view(state: RouterState, ids: list[int]) -> dict[str, Any]:
    """The profiles as configured (pending updates included), in order."""
    profiles = _ssid_profiles(state)
    pending = _ssid_pending(state)
    view: dict[str, Any] = {}
    for profile_id in ids:
        profile = copy.deepcopy(profiles[str(profile_id)])
        profile.update(pending.get(str(profile_id), {}))
        view[str(profile_id)] = profile
    view["order"] = list(ids)
    return view


def _requested_ids(value: Any, order: list[int]) -> list[int]:
    if value in (None, ""):
        return order
    values = value if isinstance(value, list) else str(value).split(",")
    return [profile_id for profile_id in order if str(profile_id) in map(str, values)]


def ssid_profile(call: Call) -> dict[str, Any]:
    """config.ssid.profile: read the profiles, or update one."""
    order: list[int] = list(_ssid_profiles(call.state)["order"])
    if call.method == "GET":
        return ok(_ssid_view(call.state, _requested_ids(call.params.get("id"), order)))
    if call.params.get("action") != "update":
        return invalid("action")
    try:
        profile_id = int(call.params.get("id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return invalid("id")
    if profile_id not in order:
        return invalid("id")
    change: dict[str, Any] = {}
    for name, kind in SSID_FIELDS.items():
        if name in call.params:
            if not isinstance(call.params[name], kind):
                return invalid(name)
            change[name] = call.params[name]
    _ssid_pending(call.state).setdefault(str(profile_id), {}).update(change)
    return ok(_ssid_view(call.state, [profile_id]))


def apply_ssid_changes(state: RouterState) -> None:
    """cmd.config.apply: pending profile updates take effect."""
    profiles = _ssid_profiles(state)
    for profile_id, change in _ssid_pending(state).items():
        profiles[profile_id].update(change)
    _ssid_pending(state).clear()


def discard_ssid_changes(state: RouterState) -> None:
    """cmd.config.discard: pending profile updates are dropped."""
    _ssid_pending(state).clear()
