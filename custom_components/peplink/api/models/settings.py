"""Settings the router lets an API client change: SIM preference, SSID profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..parsing import as_bool, as_dict, as_int, as_list, as_str, indexed_entries

# The SIM slots cmd.wan.cellular knows: 1 is SIM A, 2 is SIM B.
SIM_SLOTS = (1, 2)


@dataclass(frozen=True, slots=True)
class SimPreference:
    """The SIMs a cellular WAN may use, and the one it prefers (``cmd.wan.cellular``).

    The router documents ``preferredSim`` as a slot number or null; null (or,
    read tolerantly, absent or 0) is no preference: the WAN stays on the SIM it
    uses until that one fails.
    """

    wan_id: int
    enabled_sims: tuple[int, ...]
    preferred_sim: int | None

    @classmethod
    def from_api(cls, wan_id: int, data: Any) -> SimPreference:
        """Read the answer for one WAN; slots other than SIM A and B are ignored."""
        body = as_dict(data)
        enabled = (as_int(sim) for sim in as_list(body.get("enabledSim")))
        preferred = as_int(body.get("preferredSim"))
        return cls(
            wan_id=wan_id,
            enabled_sims=tuple(sim for sim in enabled if sim in SIM_SLOTS),
            preferred_sim=preferred if preferred in SIM_SLOTS else None,
        )


@dataclass(frozen=True, slots=True)
class SsidProfile:
    """A Wi-Fi network the router broadcasts (``config.ssid.profile``).

    The profile's Wi-Fi key is not read: nothing downstream can show it.
    """

    # Read by diagnostics only: broadcast, captive_portal, vlan_id, security.

    profile_id: int
    ssid: str | None
    enabled: bool | None
    broadcast: bool | None
    # InControl overwrites such a profile: it is not the router's to change.
    incontrol_managed: bool
    captive_portal: bool | None
    vlan_id: int | None
    security: str | None

    @classmethod
    def from_api(cls, profile_id: int, data: Any) -> SsidProfile:
        """Read one profile, leaving its keys out."""
        body = as_dict(data)
        return cls(
            profile_id=profile_id,
            ssid=as_str(body.get("name")),
            enabled=as_bool(body.get("enable")),
            broadcast=as_bool(body.get("broadcast")),
            incontrol_managed=as_bool(body.get("incontrolManaged")) is True,
            captive_portal=as_bool(body.get("captivePortal")),
            vlan_id=as_int(body.get("vlanId")),
            security=as_str(as_dict(body.get("security")).get("policy")),
        )


def parse_ssid_profiles(data: Any) -> dict[int, SsidProfile]:
    """Read the profiles keyed by id (next to ``order``)."""
    return {
        profile_id: SsidProfile.from_api(profile_id, profile)
        for profile_id, profile in indexed_entries(data)
    }
