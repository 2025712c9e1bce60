"""The request budget: the polling tiers, and what the router may be asked a minute."""

from __future__ import annotations

from datetime import timedelta

from custom_components.peplink.const import (
    CLIENTS_INTERVAL,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
    TRAFFIC_INTERVAL,
    WAN_INTERVAL,
)
from simulator import SimRequest

STEP = 5
DURATION = 10 * 60
MAX_REQUESTS_A_MINUTE = 20

# Each endpoint and its tier interval. status.system.info serves two tiers:
# the identity (infoType=device) and the hardware (fans and thermal sensors).
INTERVALS: dict[str, timedelta] = {
    "status.wan.connection": WAN_INTERVAL,
    "status.traffic": TRAFFIC_INTERVAL,
    "status.client": CLIENTS_INTERVAL,
    "status.system.info hardware": HEALTH_INTERVAL,
    "status.wan.connection.allowance": HEALTH_INTERVAL,
    "status.pepvpn": HEALTH_INTERVAL,
    "info.location": HEALTH_INTERVAL,
    "cmd.ap": HEALTH_INTERVAL,
    "status.system.info identity": IDENTITY_INTERVAL,
    "info.firmware": IDENTITY_INTERVAL,
}


def endpoint(request: SimRequest) -> str:
    """Name the polling tier a request belongs to."""
    if request.function != "status.system.info":
        return request.function
    info_types = request.query.get("infoType", "").split()
    return (
        "status.system.info identity"
        if info_types == ["device"]
        else "status.system.info hardware"
    )
