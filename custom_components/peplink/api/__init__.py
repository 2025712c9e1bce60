"""Asynchronous client for the local API of Peplink routers.

Independent of Home Assistant, so that it can be published on its own.
"""

from __future__ import annotations

from .auth import (
    ACCOUNT_LOCK_BACKOFF,
    AdminCredentials,
    ApiClientCredentials,
    Credentials,
)
from .client import PeplinkClient
from .exceptions import (
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .models.cellular import (
    CellularBand,
    CellularInfo,
    CellularSignal,
    SimCard,
    SmsMessage,
)
from .models.clients import Client
from .models.router import (
    AccessPointStatus,
    Fan,
    FirmwareInfo,
    FirmwareSlot,
    Hardware,
    Location,
    PepVpnProfile,
    PepVpnStatus,
    RouterInfo,
    ThermalSensor,
)
from .models.usage import Allowance, Traffic, WanTraffic
from .models.wan import Wan, WanState, WanStatus, WifiWanInfo, derive_wan_state
from .transport import DEFAULT_REQUEST_TIMEOUT

__all__ = [
    "ACCOUNT_LOCK_BACKOFF",
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
    "PeplinkCertificateChangedError",
    "PeplinkClient",
    "PeplinkConnectionError",
    "PeplinkError",
    "PeplinkTlsError",
    "PeplinkUnsupportedError",
    "RouterInfo",
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
