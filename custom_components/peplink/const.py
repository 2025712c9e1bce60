"""Constants of the Peplink integration."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
import logging

DOMAIN = "peplink"
LOGGER = logging.getLogger(__package__)
MANUFACTURER = "Peplink"

# The SHA-256 of the router's certificate trusted at setup, where it is not
# verified (trust on first use).
CONF_CERTIFICATE_SHA256 = "certificate_sha256"

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
# Settings change rarely, and each change from here refreshes them at once.
SETTINGS_INTERVAL = timedelta(minutes=5)
# One request a minute for each cellular WAN's inbox.
SMS_INTERVAL = timedelta(minutes=1)
IDENTITY_INTERVAL = timedelta(hours=1)
# A failed poll is tried again this soon, then twice as late each time, up to
# the endpoint's own interval: a passing fault costs a few requests, not an hour.
RETRY_INTERVAL = WAN_INTERVAL
# An optional endpoint the router lacked at setup is asked again this often.
RECHECK_INTERVAL = timedelta(hours=1)
