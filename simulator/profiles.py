"""Device profiles: JSON files standing for real routers.

A profile holds the device info, firmware slots, WANs (the connected-state payload
fields plus simulator keys such as `state`, `uptime`, `priority`, `traffic`,
`bandwidth`, `allowance`), clients, fans, thermal sensors, GPS, PepVPN, AP and SMS
data, SIM preferences and SSID profiles (see settings.py), and quirks:
- `paths`: where `status.traffic` / `status.system.info` are served ("api", "cgi");
- `bare`: CGI functions answered without the envelope ("*" for all, or
  "status.system.info:<infoType>" for single info types);
- `unsupported`: functions answering "Unsupported request";
- `single_info_type`, `expires_in_as_string`, `wan_timestamps`,
  `support_gateway_proxy`, `client_signal`;
- `stringify`: keys sent as strings in `status.wan.connection`.

Other firmware differences are in the data as it is sent: the `br1_5g` profile
types its Wi-Fi clients "wifi", runs its cellular WAN on the SpeedFusion Connect
eSIM (a named slot in `sim`), and sends its network type in `dataTechnology` only.
"""

from __future__ import annotations

import copy
from functools import cache
import json
from pathlib import Path
from typing import Any

PROFILE_DIR = Path(__file__).parent / "profiles"
PROFILES: tuple[str, ...] = ("balance", "max", "fusionhub", "legacy", "br1_5g")


@cache
def _read(name: str) -> dict[str, Any]:
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; choose one of {PROFILES}")
    data: dict[str, Any] = json.loads((PROFILE_DIR / f"{name}.json").read_text())
    return data


def load_profile(name: str) -> dict[str, Any]:
    """Return a fresh, mutable copy of a profile's data."""
    return copy.deepcopy(_read(name))
