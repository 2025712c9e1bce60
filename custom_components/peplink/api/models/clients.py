"""Devices on the router's LAN."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..parsing import as_bool, as_dict, as_int, as_list, as_signal_strength, as_str

# Firmware calls Wi-Fi clients "wireless" or, on some 8.x models, "wifi".
_WIRELESS_TYPES = frozenset({"wireless", "wifi"})


@dataclass(frozen=True, slots=True)
class Client:
    """A device on the router's LAN (``status.client``)."""

    # Read by diagnostics only: ssid, signal_strength, vlan_id.

    mac: str
    name: str | None
    ip_address: str | None
    active: bool
    connection_type: str | None
    ssid: str | None
    signal_strength: float | None
    vlan_id: int | None

    @property
    def wireless(self) -> bool:
        """Whether the client is on Wi-Fi."""
        return (self.connection_type or "").lower() in _WIRELESS_TYPES

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Client | None:
        """Read one client; None without a MAC address."""
        mac = as_str(data.get("mac"))
        if mac is None:
            return None
        # signal{strength, level}, a bare number, or signalStrength{value} (8.1+).
        strength = data.get("signal", data.get("signalStrength"))
        if isinstance(strength, Mapping):
            strength = strength.get("strength", strength.get("value"))
        return cls(
            mac=mac,
            name=as_str(data.get("name")),
            ip_address=as_str(data.get("ip")),
            active=as_bool(data.get("active")) is not False,
            connection_type=as_str(data.get("connectionType")),
            ssid=as_str(data.get("essid")) or as_str(data.get("ssid")),
            signal_strength=as_signal_strength(strength),
            vlan_id=as_int(data.get("vlanId")),
        )


def parse_clients(data: Any) -> dict[str, Client]:
    """Read the client list, keyed by MAC; ``list`` is the router's key."""
    body = as_dict(data)
    items = as_list(body.get("list")) or as_list(body.get("client"))
    clients: dict[str, Client] = {}
    for item in items:
        client = Client.from_api(as_dict(item))
        if client is not None:
            clients[client.mac] = client
    return clients
