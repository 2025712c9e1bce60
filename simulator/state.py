"""Mutable router state built from a profile, driven by a simulated clock."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
import math
from typing import Any

from .profiles import load_profile

WAN_STATES = ("connected", "standby", "connecting", "disconnected", "disabled")
CELLULAR_TYPES = frozenset({"cellular", "gobi"})
# Client connection types: Wi-Fi clients are "wireless", or "wifi" on some 8.x
# models (a MAX BR1 5G).
CLIENT_TYPES = ("ethernet", "wireless", "wifi")
# Keys of a profile WAN that drive the simulation and are not sent as they are.
SIM_KEYS = frozenset(
    {
        "id",
        "state",
        "uptime",
        "priority",
        "statusLed",
        "message",
        "enable",
        "traffic",
        "bandwidth",
        "allowance",
    }
)
DETAIL_NAMES = ("http", "https", "imap", "pop3", "smtp", "others")
DEFAULT_LEASE_TIME = 86400
# kbps x seconds -> MB (decimal megabytes, as Peplink's UI counts them).
KBPS_SECONDS_PER_MB = 8000.0


@dataclass(slots=True)
class Wan:
    """One WAN connection."""

    id: int
    fields: dict[str, Any]
    state: str
    priority: int | None
    connected_since: float | None
    download_mb: float
    upload_mb: float
    download_kbps: float
    upload_kbps: float
    details: dict[str, dict[str, int]]
    allowance: dict[str, Any] | None
    led_override: str | None = None
    message_override: str | None = None

    @property
    def name(self) -> str:
        """Name as configured."""
        return str(self.fields.get("name", f"WAN {self.id}"))

    @property
    def type(self) -> str:
        """Connection type ("ethernet", "cellular", "gobi", ...)."""
        return str(self.fields.get("type", "ethernet"))

    @property
    def cellular(self) -> bool:
        """Whether this is a cellular WAN (SMS, module reset, SIMs)."""
        return self.type in CELLULAR_TYPES

    @property
    def detail_key(self) -> str | None:
        """Key of the cellular detail object ("cellular" or the legacy "gobi")."""
        for key in ("cellular", "gobi"):
            if key in self.fields:
                return key
        return None

    @property
    def enable(self) -> bool:
        """Whether the WAN is enabled."""
        return self.state != "disabled"

    @property
    def link_up(self) -> bool:
        """Whether the WAN has an address (connected or hot standby)."""
        return self.state in ("connected", "standby")

    @property
    def carrier_name(self) -> str | None:
        """Carrier of a cellular WAN."""
        key = self.detail_key
        if key is None:
            return None
        carrier = self.fields[key].get("carrier")
        return carrier.get("name") if isinstance(carrier, dict) else None

    @property
    def active_sim(self) -> str | None:
        """Id (string) of the active SIM of a cellular WAN."""
        key = self.detail_key
        sims = self.fields[key].get("sim", {}) if key else {}
        for sim_id, sim in sims.items():
            if sim_id != "order" and isinstance(sim, dict) and sim.get("active"):
                return str(sim_id)
        return None

    def status(self) -> tuple[str, str]:
        """The (statusLed, message) pair shown for the current state."""
        if self.led_override is not None and self.message_override is not None:
            return self.led_override, self.message_override
        if self.state == "connected":
            carrier = self.carrier_name if self.cellular else None
            return "green", f"Connected to {carrier}" if carrier else "Connected"
        if self.state == "standby":
            return "yellow", "Standby"
        if self.state == "connecting":
            return "flash", "Connecting..."
        if self.state == "disconnected":
            return "red", "No Signal" if self.cellular else "No Cable Detected"
        return "gray", "Disabled"

    def uptime(self, now: float) -> int:
        """Seconds since the WAN connected; 0 unless connected."""
        if self.state != "connected" or self.connected_since is None:
            return 0
        return max(0, int(now - self.connected_since))


@dataclass(slots=True)
class Client:
    """One LAN client; the lease counts down on the simulated clock."""

    fields: dict[str, Any]
    lease_expires_in: int
    lease_from: float
    lease_time: int = DEFAULT_LEASE_TIME

    @property
    def mac(self) -> str:
        """MAC address, upper case with colons."""
        return str(self.fields["mac"])

    def expires_in(self, now: float) -> int:
        """Lease seconds left; the lease renews (wraps) when it runs out."""
        left = self.lease_expires_in - int(now - self.lease_from)
        if left > 0:
            return left
        return (left - 1) % self.lease_time + 1


@dataclass
class RouterState:
    """Everything the simulated router knows; mutated by commands and tests."""

    profile_name: str
    profile: dict[str, Any]
    clock: float
    wans: dict[int, Wan] = field(default_factory=dict)
    wan_order: list[int] = field(default_factory=list)
    clients: dict[str, Client] = field(default_factory=dict)
    fans: list[dict[str, Any]] = field(default_factory=list)
    thermal: list[dict[str, Any]] = field(default_factory=list)
    gps: dict[str, Any] | None = None
    lifetime_download_mb: float = 0.0
    lifetime_upload_mb: float = 0.0
    ap: dict[str, Any] = field(default_factory=dict)
    pepvpn: dict[str, Any] = field(default_factory=dict)
    sms: dict[str, Any] = field(default_factory=dict)
    firmware: list[dict[str, Any]] = field(default_factory=list)
    device: dict[str, Any] = field(default_factory=dict)
    # config.wan.connection updates waiting for cmd.config.apply, by WAN id.
    pending_wan_config: dict[int, dict[str, Any]] = field(default_factory=dict)
    module_resets: list[int] = field(default_factory=list)
    network_rescans: list[int] = field(default_factory=list)
    sent_sms: list[dict[str, Any]] = field(default_factory=list)
    billing_cycles: list[tuple[int, int | None]] = field(default_factory=list)
    reboots: int = 0

    @classmethod
    def from_profile(cls, name: str, start: float | None = None) -> RouterState:
        """Build the initial state of a profile at its fixed epoch, or at `start`."""
        profile = load_profile(name)
        clock = float(profile.get("epoch", 1_741_891_413)) if start is None else start
        state = cls(profile_name=name, profile=profile, clock=clock)
        for raw in profile["wans"]:
            wan = _wan_from_profile(raw, clock)
            state.wans[wan.id] = wan
        state.wan_order = [int(i) for i in profile.get("wan_order", sorted(state.wans))]
        for raw in profile.get("clients", []):
            state._add_client_fields(raw)
        state.fans = profile.get("fans", [])
        state.thermal = profile.get("thermal", [])
        state.gps = profile.get("gps")
        lifetime = profile.get("lifetime", {})
        state.lifetime_download_mb = float(lifetime.get("download", 0))
        state.lifetime_upload_mb = float(lifetime.get("upload", 0))
        state.ap = profile.get("ap", {"support": False, "enable": False})
        state.pepvpn = profile.get("pepvpn", {})
        state.sms = profile.get("sms", {})
        state.firmware = profile["firmware"]
        state.device = profile["device"]
        return state

    # Clock

    @property
    def epoch(self) -> float:
        """When the profile was captured: the clock starts there, unless told otherwise."""
        return float(self.profile.get("epoch", 1_741_891_413))

    def now(self) -> float:
        """Simulated time (unix seconds)."""
        return self.clock

    def advance(self, seconds: float) -> None:
        """Move the clock; traffic counters grow by rate x time."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.clock += seconds
        for wan in self.wans.values():
            if wan.state != "connected":
                continue
            down = wan.download_kbps * seconds / KBPS_SECONDS_PER_MB
            up = wan.upload_kbps * seconds / KBPS_SECONDS_PER_MB
            wan.download_mb += down
            wan.upload_mb += up
            self.lifetime_download_mb += down
            self.lifetime_upload_mb += up
            self._add_allowance_usage(wan, down + up)

    def _add_allowance_usage(self, wan: Wan, megabytes: float) -> None:
        if wan.allowance is None:
            return
        if "sims" in wan.allowance:
            sim = wan.allowance["sims"].get(wan.active_sim or "")
            if sim is not None:
                sim["usage"] = sim["usage"] + megabytes
        else:
            wan.allowance["usage"] = wan.allowance["usage"] + megabytes

    # WANs

    def wan(self, wan_id: int) -> Wan:
        """The WAN with this id (KeyError when absent)."""
        try:
            return self.wans[int(wan_id)]
        except (KeyError, ValueError):
            raise KeyError(
                f"no WAN {wan_id!r} in profile {self.profile_name}"
            ) from None

    def set_wan_state(self, wan_id: int, state: str) -> None:
        """Change a WAN's state (see WAN_STATES)."""
        if state not in WAN_STATES:
            raise ValueError(f"state must be one of {WAN_STATES}")
        wan = self.wan(wan_id)
        if state == "connected" and wan.state != "connected":
            wan.connected_since = self.clock
        elif state != "connected":
            wan.connected_since = None
        if state != "disabled" and wan.priority is None:
            wan.priority = 1
        wan.state = state
        wan.led_override = wan.message_override = None

    def set_rates(self, wan_id: int, download_kbps: float, upload_kbps: float) -> None:
        """Set a WAN's current throughput; the protocol split scales along."""
        wan = self.wan(wan_id)
        for direction, new, old in (
            ("download", download_kbps, wan.download_kbps),
            ("upload", upload_kbps, wan.upload_kbps),
        ):
            parts = wan.details
            if old > 0:
                for name in DETAIL_NAMES:
                    parts[name][direction] = round(parts[name][direction] * new / old)
            else:
                for name in DETAIL_NAMES:
                    parts[name][direction] = 0
                parts["others"][direction] = round(new)
        wan.download_kbps = float(download_kbps)
        wan.upload_kbps = float(upload_kbps)

    def restart(self) -> None:
        """What a reboot does to the state: WAN uptimes restart at 0."""
        self.reboots += 1
        for wan in self.wans.values():
            if wan.state == "connected":
                wan.connected_since = self.clock

    def wan_config_view(self) -> dict[int, dict[str, Any]]:
        """Configured (applied + pending) name/enable/priority per WAN."""
        view: dict[int, dict[str, Any]] = {}
        for wan_id in self.wan_order:
            wan = self.wans[wan_id]
            entry: dict[str, Any] = {"name": wan.name, "enable": wan.enable}
            if wan.priority is not None:
                entry["priority"] = wan.priority
            entry.update(self.pending_wan_config.get(wan_id, {}))
            view[wan_id] = entry
        return view

    def apply_config(self) -> None:
        """cmd.config.apply: pending WAN changes take effect."""
        for wan_id, change in self.pending_wan_config.items():
            wan = self.wans[wan_id]
            if "name" in change:
                wan.fields["name"] = change["name"]
            if "priority" in change:
                wan.priority = change["priority"]
            if change.get("enable") is False and wan.enable:
                self.set_wan_state(wan_id, "disabled")
            elif change.get("enable") is True and not wan.enable:
                self.set_wan_state(wan_id, "connected")
        self.pending_wan_config.clear()

    def discard_config(self) -> None:
        """cmd.config.discard: drop pending changes."""
        self.pending_wan_config.clear()

    # Clients

    def _add_client_fields(self, raw: dict[str, Any]) -> Client:
        fields = copy.deepcopy(raw)
        fields["mac"] = str(fields["mac"]).upper()
        lease = fields.get("lease") or {}
        expires_in = int(lease.get("expiresIn", DEFAULT_LEASE_TIME))
        client = Client(
            fields=fields,
            lease_expires_in=expires_in,
            lease_from=self.clock,
            lease_time=max(DEFAULT_LEASE_TIME, expires_in),
        )
        self.clients[client.mac] = client
        return client

    def add_client(
        self,
        mac: str,
        name: str | None = None,
        ip: str | None = None,
        connection_type: str = "ethernet",
        active: bool = True,
        vlan_id: int | None = None,
    ) -> None:
        """Add (or replace) a LAN client."""
        if connection_type not in CLIENT_TYPES:
            raise ValueError(f"connection_type must be one of {CLIENT_TYPES}")
        mac = mac.upper()
        if ip is None:
            ip = f"192.168.50.{100 + len(self.clients) % 150}"
        fields: dict[str, Any] = {
            "ip": ip,
            "connectionType": connection_type,
            "lease": {"expiresIn": DEFAULT_LEASE_TIME, "type": "dhcp"},
            "name": name if name is not None else mac,
            "mac": mac,
            "active": active,
        }
        if vlan_id is not None:
            fields["vlanId"] = vlan_id
        if connection_type != "ethernet":
            defaults = self.profile.get("wireless_defaults", {})
            fields["bssid"] = defaults.get("bssid", "02:00:00:00:FF:01")
            fields["essid"] = defaults.get("essid", "Peplink")
            if self.profile.get("client_signal", True):
                fields["signal"] = {"strength": -60, "level": 4}
                fields["speed"] = {"download": 72200, "upload": 72200, "unit": "kbps"}
        self._add_client_fields(fields)

    def client(self, mac: str) -> Client:
        """The client with this MAC (KeyError when absent)."""
        try:
            return self.clients[mac.upper()]
        except KeyError:
            raise KeyError(f"no client {mac!r}") from None

    def set_client_active(self, mac: str, active: bool) -> None:
        """Mark a client (in)active."""
        self.client(mac).fields["active"] = active

    def remove_client(self, mac: str) -> None:
        """Forget a client."""
        del self.clients[self.client(mac).mac]

    # Hardware

    def set_fan(self, index: int, rpm: int) -> None:
        """Set fan `index` (0-based, as in the fanSpeed list) to `rpm`; 0 = stopped."""
        fan = self.fans[index]
        fan["value"] = int(rpm)

    def set_temperature(self, index: int, celsius: float) -> None:
        """Set thermal sensor `index` (0-based) to `celsius`."""
        self.thermal[index]["temperature"] = float(celsius)

    def set_gps_fix(self, has_fix: bool) -> None:
        """Gain or lose the GPS fix (only on profiles with GPS)."""
        if self.gps is None:
            raise ValueError(f"profile {self.profile_name} has no GPS")
        self.gps["fix"] = bool(has_fix)


def _wan_from_profile(raw: dict[str, Any], epoch: float) -> Wan:
    fields = {k: copy.deepcopy(v) for k, v in raw.items() if k not in SIM_KEYS}
    state = str(raw.get("state", "connected"))
    if state not in WAN_STATES:
        raise ValueError(f"WAN {raw['id']}: bad state {state!r}")
    uptime = int(raw.get("uptime", 0))
    bandwidth = raw.get("bandwidth", {})
    details = copy.deepcopy(bandwidth.get("details")) or {}
    for name in DETAIL_NAMES:
        details.setdefault(name, {"download": 0, "upload": 0})
    traffic = raw.get("traffic", {})
    priority = raw.get("priority")
    return Wan(
        id=int(raw["id"]),
        fields=fields,
        state=state,
        priority=int(priority) if priority is not None else None,
        connected_since=epoch - uptime if state == "connected" else None,
        download_mb=float(traffic.get("download", 0)),
        upload_mb=float(traffic.get("upload", 0)),
        download_kbps=float(bandwidth.get("download", 0)),
        upload_kbps=float(bandwidth.get("upload", 0)),
        details=details,
        allowance=copy.deepcopy(raw.get("allowance")),
        led_override=raw.get("statusLed"),
        message_override=raw.get("message"),
    )


def allowance_entry(raw: dict[str, Any]) -> dict[str, Any]:
    """Render one allowance record {enable, usage, limit, percent, start, unit}."""
    usage = math.floor(raw["usage"])
    limit = int(raw["limit"])
    # Over the limit the percentage goes past 100, as the router's UI shows it.
    percent = int(usage * 100 / limit) if limit > 0 else 0
    return {
        "enable": bool(raw.get("enable", True)),
        "usage": usage,
        "limit": limit,
        "percent": percent,
        "start": raw.get("start"),
        "unit": raw.get("unit", "MB"),
    }
