"""The request budget: the polling tiers, and what the router may be asked a minute.

The benchmark names requests by their tier as the tests do, with endpoint().
A function asked once per WAN is named per WAN: each is polled at its interval.
"""

from __future__ import annotations

from datetime import timedelta

from custom_components.peplink.const import (
    CLIENTS_INTERVAL,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
    SETTINGS_INTERVAL,
    SMS_INTERVAL,
    TRAFFIC_INTERVAL,
    WAN_INTERVAL,
)
from simulator import SimRequest

STEP = 5
DURATION = 10 * 60
MAX_REQUESTS_A_MINUTE = 20

# status.system.info serves two tiers, named apart: the identity (infoType=device)
# and the hardware (fans and thermal sensors).
IDENTITY_INFO = "status.system.info (device)"
HARDWARE_INFO = "status.system.info (hardware)"

# Each endpoint and its tier interval.
INTERVALS: dict[str, timedelta] = {
    "status.wan.connection": WAN_INTERVAL,
    "status.traffic": TRAFFIC_INTERVAL,
    "status.client": CLIENTS_INTERVAL,
    HARDWARE_INFO: HEALTH_INTERVAL,
    "status.wan.connection.allowance": HEALTH_INTERVAL,
    "status.pepvpn": HEALTH_INTERVAL,
    "info.location": HEALTH_INTERVAL,
    "cmd.ap": HEALTH_INTERVAL,
    "cmd.wan.cellular": SETTINGS_INTERVAL,
    "config.ssid.profile": SETTINGS_INTERVAL,
    "cmd.sms.get": SMS_INTERVAL,
    IDENTITY_INFO: IDENTITY_INTERVAL,
    "info.firmware": IDENTITY_INTERVAL,
}


# Asked once per WAN (cellular WANs), each named apart.
PER_WAN = frozenset({"cmd.wan.cellular", "cmd.sms.get"})


def endpoint(request: SimRequest) -> str:
    """Name the polling tier a request belongs to."""
    if request.function in PER_WAN:
        return f"{request.function} (WAN {request.query.get('connId')})"
    if request.function != "status.system.info":
        return request.function
    info_types = request.query.get("infoType", "").split()
    return IDENTITY_INFO if info_types == ["device"] else HARDWARE_INFO


def interval(name: str) -> timedelta:
    """The interval of an endpoint named by endpoint()."""
    return INTERVALS.get(name) or INTERVALS[name.split(" (WAN ")[0]]
