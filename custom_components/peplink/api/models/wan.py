"""WAN connections and the state derived for them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..parsing import (
    as_bool,
    as_dict,
    as_duration,
    as_int,
    as_signal_strength,
    as_str,
    indexed_entries,
)
from .cellular import CellularInfo


class WanState(StrEnum):
    """What a WAN connection is doing, derived from LED, message and enable."""

    CONNECTED = "connected"
    STANDBY = "standby"
    CONNECTING = "connecting"
    DISCONNECTED = "disconnected"
    DISABLED = "disabled"
    UNKNOWN = "unknown"


_CONNECTING_MESSAGES = ("connecting", "obtaining", "initializing", "dialing")
_LED_STATES = {
    "green": WanState.CONNECTED,
    "yellow": WanState.STANDBY,
    "flash": WanState.CONNECTING,
    "red": WanState.DISCONNECTED,
    "empty": WanState.DISCONNECTED,
    "gray": WanState.DISCONNECTED,
}


def derive_wan_state(
    enabled: bool | None, status_led: str | None, message: str | None
) -> WanState:
    """Derive the WAN state; the message wins over the LED where it is explicit.

    Firmware differs in what it reports: "Connected" and "Connected to Carrier1"
    both mean connected, and a standby WAN may show a green LED.
    """
    text = (message or "").strip().lower()
    if enabled is False or text == "disabled":
        return WanState.DISABLED
    if text.startswith("connected"):
        return WanState.CONNECTED
    if "standby" in text:
        return WanState.STANDBY
    if text.startswith(_CONNECTING_MESSAGES):
        return WanState.CONNECTING
    return _LED_STATES.get((status_led or "").lower(), WanState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class WifiWanInfo:
    """The detail of a Wi-Fi WAN, under ``wireless`` (or ``wifi`` on some firmware)."""

    # Read by diagnostics only: bssid.

    ssid: str | None
    bssid: str | None
    signal_strength: float | None

    @classmethod
    def from_api(cls, data: Any) -> WifiWanInfo:
        """Read a ``wireless`` or ``wifi`` object."""
        wifi = as_dict(data)
        strength = as_dict(wifi.get("signal")).get(
            "strength", wifi.get("signalStrength")
        )
        return cls(
            ssid=as_str(wifi.get("ssid")),
            bssid=as_str(wifi.get("bssid")),
            signal_strength=as_signal_strength(strength),
        )


_CELLULAR_KEYS = ("cellular", "gobi")
_WIFI_KEYS = ("wireless", "wifi")


@dataclass(frozen=True, slots=True)
class Wan:
    """One WAN connection (``status.wan.connection``)."""

    # Read by diagnostics only: status_led and message (what state is derived
    # from).

    wan_id: int
    name: str | None
    enabled: bool | None
    state: WanState
    status_led: str | None
    message: str | None
    connection_type: str | None
    ip_address: str | None
    # Seconds connected: grows between any two answers, so two answers that
    # differ only in it describe the same WAN.
    uptime: int | None = field(compare=False)
    priority: int | None
    cellular: CellularInfo | None
    wifi: WifiWanInfo | None

    @classmethod
    def from_api(cls, wan_id: int, data: Mapping[str, Any]) -> Wan:
        """Read one WAN object."""
        enabled = as_bool(data.get("enable"))
        status_led = as_str(data.get("statusLed"))
        message = as_str(data.get("message"))
        cellular = next(
            (data[key] for key in _CELLULAR_KEYS if isinstance(data.get(key), Mapping)),
            None,
        )
        wifi = next(
            (data[key] for key in _WIFI_KEYS if isinstance(data.get(key), Mapping)),
            None,
        )
        return cls(
            wan_id=wan_id,
            name=as_str(data.get("name")),
            enabled=enabled,
            state=derive_wan_state(enabled, status_led, message),
            status_led=status_led,
            message=message,
            connection_type=as_str(data.get("type")),
            ip_address=as_str(data.get("ip")),
            uptime=as_duration(data.get("uptime")),
            priority=as_int(data.get("priority")),
            cellular=CellularInfo.from_api(cellular) if cellular is not None else None,
            wifi=WifiWanInfo.from_api(wifi) if wifi is not None else None,
        )


@dataclass(frozen=True, slots=True)
class WanStatus:
    """All WAN connections, in the router's ``order``."""

    wans: dict[int, Wan]

    @classmethod
    def from_api(cls, data: Any) -> WanStatus:
        """Read the WAN objects keyed by id."""
        return cls(
            wans={
                wan_id: Wan.from_api(wan_id, wan)
                for wan_id, wan in indexed_entries(data)
            }
        )
