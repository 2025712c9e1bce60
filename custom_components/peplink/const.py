"""Constants of the Peplink integration."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
import logging

DOMAIN = "peplink"
LOGGER = logging.getLogger(__package__)
MANUFACTURER = "Peplink"

# Options
CONF_TRACK_CLIENTS = "track_clients"
CONF_TRACK_LOCATION = "track_location"
DEFAULT_CONSIDER_HOME = timedelta(minutes=3)


class TrackClients(StrEnum):
    """Which LAN clients get a device tracker."""

    NONE = "none"
    ALL = "all"
    WIRELESS = "wireless"


# Polling tiers: at these intervals a router receives at most 20 requests a
# minute (README, "How often data is updated").
WAN_INTERVAL = timedelta(seconds=15)
TRAFFIC_INTERVAL = timedelta(seconds=15)
CLIENTS_INTERVAL = timedelta(seconds=30)
HEALTH_INTERVAL = timedelta(seconds=60)
IDENTITY_INTERVAL = timedelta(hours=1)
