"""Typed, immutable views of the router's responses.

Every ``from_api`` reads field by field with the tolerant readers in ``parsing``:
a missing or malformed field becomes None and never fails the whole response.
"""

from __future__ import annotations

from .cellular import (
    CellularBand,
    CellularInfo,
    CellularSignal,
    SimCard,
    SmsMessage,
    parse_sms,
)
from .clients import Client, parse_clients
from .router import (
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
from .usage import Allowance, Traffic, WanTraffic, parse_allowances
from .wan import Wan, WanState, WanStatus, WifiWanInfo, derive_wan_state

__all__ = [
    "AccessPointStatus",
    "Allowance",
    "CellularBand",
    "CellularInfo",
    "CellularSignal",
    "Client",
    "Fan",
    "FirmwareInfo",
    "FirmwareSlot",
    "Hardware",
    "Location",
    "PepVpnProfile",
    "PepVpnStatus",
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
    "parse_allowances",
    "parse_clients",
    "parse_sms",
]
