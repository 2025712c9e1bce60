"""Asynchronous client for the local API of Peplink routers.

Independent of Home Assistant, so that it can be published on its own.
"""

from __future__ import annotations

from .auth import (
    ACCOUNT_LOCK_BACKOFF,
    SIGN_IN_MAX_RETRY_DELAY,
    SIGN_IN_RETRY_DELAY,
    AdminCredentials,
    ApiClientCredentials,
    Credentials,
)
from .client import PeplinkClient
from .exceptions import (
    PeplinkAccountLockedError,
    PeplinkAdminRequiredError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkSignInError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .models.cellular import (
    CellularBand,
    CellularInfo,
    CellularSignal,
    SimCard,
    SmsInbox,
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
from .models.settings import SimPreference, SsidProfile
from .models.usage import Allowance, Traffic, WanTraffic
from .models.wan import Wan, WanState, WanStatus, WifiWanInfo, derive_wan_state
from .requester import RECHECK_INTERVAL
from .transport import DEFAULT_REQUEST_TIMEOUT, read_certificate_fingerprint

__all__ = [
    "ACCOUNT_LOCK_BACKOFF",
    "DEFAULT_REQUEST_TIMEOUT",
    "RECHECK_INTERVAL",
    "SIGN_IN_MAX_RETRY_DELAY",
    "SIGN_IN_RETRY_DELAY",
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
    "PeplinkAdminRequiredError",
    "PeplinkApiError",
    "PeplinkAuthenticationError",
    "PeplinkCertificateChangedError",
    "PeplinkClient",
    "PeplinkConnectionError",
    "PeplinkError",
    "PeplinkSignInError",
    "PeplinkTlsError",
    "PeplinkUnsupportedError",
    "RouterInfo",
    "SimCard",
    "SimPreference",
    "SmsInbox",
    "SmsMessage",
    "SsidProfile",
    "ThermalSensor",
    "Traffic",
    "Wan",
    "WanState",
    "WanStatus",
    "WanTraffic",
    "WifiWanInfo",
    "derive_wan_state",
    "read_certificate_fingerprint",
]
