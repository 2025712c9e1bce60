"""The request budget: the polling tiers, and what the router may be asked a minute.

The benchmark names requests by their tier as the tests do, with endpoint().
"""

from __future__ import annotations

from datetime import timedelta

from custom_components.peplink.const import (
    CLIENTS_INTERVAL,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
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
    # One request per cellular WAN, sent together.
    "cmd.sms.get": SMS_INTERVAL,
    IDENTITY_INFO: IDENTITY_INTERVAL,
    "info.firmware": IDENTITY_INTERVAL,
}


def endpoint(request: SimRequest) -> str:
    """Name the polling tier a request belongs to."""
    if request.function != "status.system.info":
        return request.function
    info_types = request.query.get("infoType", "").split()
    return IDENTITY_INFO if info_types == ["device"] else HARDWARE_INFO
