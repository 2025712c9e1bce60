"""Asynchronous client for the local API of Peplink routers.

Independent of Home Assistant, so that it can be published on its own.
"""

from __future__ import annotations

from .auth import AdminCredentials, ApiClientCredentials, Credentials
from .client import DEFAULT_REQUEST_TIMEOUT, PeplinkClient
from .exceptions import (
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .models import (
    AccessPointStatus,
    Allowance,
    CellularBand,
    CellularInfo,
    CellularSignal,
    Client,
    DeviceInfo,
    Fan,
    FirmwareInfo,
    FirmwareSlot,
    Hardware,
    Location,
    PepVpnProfile,
    PepVpnStatus,
    SimCard,
    SmsMessage,
    ThermalSensor,
    Traffic,
    Wan,
    WanState,
    WanStatus,
    WanTraffic,
    WifiWanInfo,
    derive_wan_state,
)

__all__ = [
    "DEFAULT_REQUEST_TIMEOUT",
    "AccessPointStatus",
    "AdminCredentials",
    "Allowance",
    "ApiClientCredentials",
    "CellularBand",
    "CellularInfo",
    "CellularSignal",
    "Client",
    "Credentials",
    "DeviceInfo",
    "Fan",
    "FirmwareInfo",
    "FirmwareSlot",
    "Hardware",
    "Location",
    "PepVpnProfile",
    "PepVpnStatus",
    "PeplinkAccountLockedError",
    "PeplinkApiError",
    "PeplinkAuthenticationError",
    "PeplinkClient",
    "PeplinkConnectionError",
    "PeplinkError",
    "PeplinkTlsError",
    "PeplinkUnsupportedError",
    "SimCard",
    "SmsMessage",
    "ThermalSensor",
    "Traffic",
    "Wan",
    "WanState",
    "WanStatus",
    "WanTraffic",
    "WifiWanInfo",
    "derive_wan_state",
]
