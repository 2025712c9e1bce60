"""Typed, immutable views of the router's responses.

Every ``from_api`` reads field by field with the tolerant readers in ``parsing``:
a missing or malformed field becomes None and never fails the whole response.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .parsing import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    indexed_entries,
)


@dataclass(frozen=True, slots=True)
class RouterInfo:
    """The router's identity (``status.system.info``, ``infoType=device``)."""

    serial_number: str | None
    name: str | None
    model: str | None
    product_code: str | None
    hardware_revision: str | None
    firmware_version: str | None
    hostname: str | None

    @classmethod
    def from_api(cls, data: Any) -> RouterInfo:
        """Read the ``device`` object."""
        device = as_dict(data)
        return cls(
            serial_number=as_str(device.get("serialNumber")),
            name=as_str(device.get("name")),
            model=as_str(device.get("model")),
            product_code=as_str(device.get("productCode")),
            hardware_revision=as_str(device.get("hardwareRevision")),
            firmware_version=as_str(device.get("firmwareVersion")),
            hostname=as_str(device.get("host")),
        )


@dataclass(frozen=True, slots=True)
class FirmwareSlot:
    """One firmware image slot."""

    slot: int
    version: str | None
    bootable: bool | None
    in_use: bool | None


@dataclass(frozen=True, slots=True)
class FirmwareInfo:
    """The firmware slots (``info.firmware``)."""

    slots: tuple[FirmwareSlot, ...]

    @property
    def running_version(self) -> str | None:
        """Version of the image in use."""
        return next((slot.version for slot in self.slots if slot.in_use), None)

    @classmethod
    def from_api(cls, data: Any) -> FirmwareInfo:
        """Read the slots keyed by number."""
        return cls(
            slots=tuple(
                FirmwareSlot(
                    slot=slot_id,
                    version=as_str(slot.get("version")),
                    bootable=as_bool(slot.get("bootable")),
                    in_use=as_bool(slot.get("inUse")),
                )
                for slot_id, slot in indexed_entries(data)
            )
        )


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
class CellularSignal:
    """Radio measurements of one band; 3G bands carry RSCP and Ec/Io instead."""

    rssi: float | None
    rsrp: float | None
    rsrq: float | None
    sinr: float | None
    rscp: float | None
    ecio: float | None

    @classmethod
    def from_api(cls, data: Any) -> CellularSignal:
        """Read a ``signal`` object."""
        signal = as_dict(data)
        return cls(
            rssi=as_float(signal.get("rssi")),
            rsrp=as_float(signal.get("rsrp")),
            rsrq=as_float(signal.get("rsrq")),
            sinr=as_float(signal.get("sinr", signal.get("snr"))),
            rscp=as_float(signal.get("rscp")),
            ecio=as_float(signal.get("ecio")),
        )


@dataclass(frozen=True, slots=True)
class CellularBand:
    """One band the modem uses."""

    name: str | None
    channel: int | None
    channel_width: str | None
    signal: CellularSignal

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CellularBand:
        """Read a band object."""
        return cls(
            name=as_str(data.get("name")),
            channel=as_int(data.get("channel")),
            channel_width=as_str(data.get("channelWidth")),
            signal=CellularSignal.from_api(data.get("signal")),
        )


@dataclass(frozen=True, slots=True)
class SimCard:
    """One SIM slot of a cellular WAN."""

    sim_id: int
    active: bool | None
    detected: bool | None
    status: str | None
    imsi: str | None
    iccid: str | None
    apn: str | None


@dataclass(frozen=True, slots=True)
class CellularInfo:
    """The cellular detail of a WAN, under ``cellular`` (or ``gobi`` before 8.0.1)."""

    network_type: str | None
    data_technology: str | None
    signal_level: int | None
    carrier: str | None
    carrier_country: str | None
    mcc: str | None
    mnc: str | None
    carrier_aggregation: bool | None
    bands: tuple[CellularBand, ...]
    sims: tuple[SimCard, ...]
    imei: str | None
    module_model: str | None
    module_firmware: str | None

    @property
    def signal(self) -> CellularSignal | None:
        """Measurements of the primary band."""
        return self.bands[0].signal if self.bands else None

    @property
    def active_sim(self) -> int | None:
        """Slot number of the SIM in use."""
        return next((sim.sim_id for sim in self.sims if sim.active), None)

    @classmethod
    def from_api(cls, data: Any) -> CellularInfo:
        """Read a ``cellular`` or ``gobi`` object."""
        cellular = as_dict(data)
        carrier = cellular.get("carrier")
        bands = [
            band
            for rat in as_list(cellular.get("rat"))
            for band in as_list(as_dict(rat).get("band"))
        ] or as_list(cellular.get("band"))
        return cls(
            network_type=as_str(cellular.get("mobileType"))
            or as_str(cellular.get("network")),
            data_technology=as_str(cellular.get("dataTechnology")),
            signal_level=as_int(cellular.get("signalLevel")),
            carrier=as_str(as_dict(carrier).get("name")) or as_str(carrier),
            carrier_country=as_str(as_dict(carrier).get("country")),
            mcc=as_str(cellular.get("mcc")),
            mnc=as_str(cellular.get("mnc")),
            carrier_aggregation=as_bool(cellular.get("carrierAggregation")),
            bands=tuple(
                CellularBand.from_api(band)
                for band in bands
                if isinstance(band, Mapping)
            ),
            sims=tuple(
                SimCard(
                    sim_id=sim_id,
                    active=as_bool(sim.get("active")),
                    detected=as_bool(sim.get("simCardDetected")),
                    status=as_str(sim.get("status")),
                    imsi=as_str(sim.get("imsi")),
                    iccid=as_str(sim.get("iccid")),
                    apn=as_str(sim.get("apn")),
                )
                for sim_id, sim in indexed_entries(cellular.get("sim"))
            ),
            imei=as_str(cellular.get("imei")),
            module_model=as_str(cellular.get("model")),
            module_firmware=as_str(cellular.get("firmware")),
        )


@dataclass(frozen=True, slots=True)
class WifiWanInfo:
    """The detail of a Wi-Fi WAN, under ``wireless`` (or ``wifi`` on some firmware)."""

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
            signal_strength=as_float(strength),
        )


_CELLULAR_KEYS = ("cellular", "gobi")
_WIFI_KEYS = ("wireless", "wifi")


@dataclass(frozen=True, slots=True)
class Wan:
    """One WAN connection (``status.wan.connection``)."""

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
    allowance_monitor: bool
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
            uptime=as_int(data.get("uptime")),
            priority=as_int(data.get("priority")),
            allowance_monitor=as_bool(
                as_dict(data.get("bandwidthAllowanceMonitor")).get("enable")
            )
            is True,
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


_RATE_TO_KBPS = {"bps": 0.001, "kbps": 1.0, "mbps": 1000.0, "gbps": 1_000_000.0}
_SIZE_TO_MB = {"b": 1e-6, "kb": 0.001, "mb": 1.0, "gb": 1000.0, "tb": 1_000_000.0}


def _scaled(
    value: Any, unit: Any, scales: Mapping[str, float], default: str
) -> float | None:
    """Convert a number in the section's unit; an unknown unit is not guessed."""
    number = as_float(value)
    factor = scales.get((as_str(unit) or default).lower())
    if number is None or factor is None:
        return None
    return number * factor


@dataclass(frozen=True, slots=True)
class WanTraffic:
    """Rates (kbit/s) and totals (MB) of one WAN."""

    download_rate: float | None
    upload_rate: float | None
    downloaded: float | None
    uploaded: float | None


@dataclass(frozen=True, slots=True)
class Traffic:
    """Traffic of the router and its WANs (``status.traffic``).

    Rates are in kbit/s and totals in MB, whatever unit the router reports.
    The router lists only the WANs that carry traffic.
    """

    wans: dict[int, WanTraffic]
    lifetime_downloaded: float | None
    lifetime_uploaded: float | None

    @property
    def download_rate(self) -> float | None:
        """Sum of the WANs' download rates."""
        return _sum(wan.download_rate for wan in self.wans.values())

    @property
    def upload_rate(self) -> float | None:
        """Sum of the WANs' upload rates."""
        return _sum(wan.upload_rate for wan in self.wans.values())

    @classmethod
    def from_api(cls, data: Any) -> Traffic:
        """Read the ``bandwidth``, ``traffic`` and ``lifetime`` sections."""
        body = as_dict(data)
        bandwidth = as_dict(body.get("bandwidth"))
        totals = as_dict(body.get("traffic"))
        lifetime = as_dict(body.get("lifetime"))
        rates = dict(indexed_entries(bandwidth))
        counters = dict(indexed_entries(totals))
        wans = {}
        for wan_id in [*rates, *(key for key in counters if key not in rates)]:
            rate = as_dict(rates.get(wan_id, {}).get("overall"))
            total = as_dict(counters.get(wan_id, {}).get("overall"))
            wans[wan_id] = WanTraffic(
                download_rate=_scaled(
                    rate.get("download"), bandwidth.get("unit"), _RATE_TO_KBPS, "kbps"
                ),
                upload_rate=_scaled(
                    rate.get("upload"), bandwidth.get("unit"), _RATE_TO_KBPS, "kbps"
                ),
                downloaded=_scaled(
                    total.get("download"), totals.get("unit"), _SIZE_TO_MB, "mb"
                ),
                uploaded=_scaled(
                    total.get("upload"), totals.get("unit"), _SIZE_TO_MB, "mb"
                ),
            )
        overall = as_dict(as_dict(lifetime.get("all")).get("overall"))
        return cls(
            wans=wans,
            lifetime_downloaded=_scaled(
                overall.get("download"), lifetime.get("unit"), _SIZE_TO_MB, "mb"
            ),
            lifetime_uploaded=_scaled(
                overall.get("upload"), lifetime.get("unit"), _SIZE_TO_MB, "mb"
            ),
        )


def _sum(values: Any) -> float | None:
    """Sum the known values; None when none is known."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@dataclass(frozen=True, slots=True)
class Client:
    """A device on the router's LAN (``status.client``)."""

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
        return self.connection_type == "wireless"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Client | None:
        """Read one client; None without a MAC address."""
        mac = as_str(data.get("mac"))
        if mac is None:
            return None
        signal = data.get("signal")
        strength = (
            as_dict(signal).get("strength") if isinstance(signal, Mapping) else signal
        )
        return cls(
            mac=mac,
            name=as_str(data.get("name")),
            ip_address=as_str(data.get("ip")),
            active=as_bool(data.get("active")) is not False,
            connection_type=as_str(data.get("connectionType")),
            ssid=as_str(data.get("essid")) or as_str(data.get("ssid")),
            signal_strength=as_float(strength),
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


@dataclass(frozen=True, slots=True)
class Fan:
    """One fan."""

    index: int
    active: bool | None
    speed: int | None
    max_speed: int | None
    percentage: float | None


@dataclass(frozen=True, slots=True)
class ThermalSensor:
    """One temperature sensor (°C)."""

    index: int
    temperature: float | None
    minimum: float | None
    maximum: float | None
    threshold: float | None


@dataclass(frozen=True, slots=True)
class Hardware:
    """Fans and temperature sensors; empty on models without them."""

    fans: tuple[Fan, ...]
    thermal_sensors: tuple[ThermalSensor, ...]

    @classmethod
    def from_api(cls, data: Any) -> Hardware:
        """Read the ``fanSpeed`` and ``thermalSensor`` lists."""
        body = as_dict(data)
        return cls(
            fans=tuple(
                Fan(
                    index=index,
                    active=as_bool(fan.get("active")),
                    speed=as_int(fan.get("value")),
                    max_speed=as_int(fan.get("total")),
                    percentage=as_float(fan.get("percentage")),
                )
                for index, fan in _enumerated_objects(body.get("fanSpeed"))
            ),
            thermal_sensors=tuple(
                ThermalSensor(
                    index=index,
                    temperature=as_float(sensor.get("temperature")),
                    minimum=as_float(sensor.get("min")),
                    maximum=as_float(sensor.get("max")),
                    threshold=as_float(sensor.get("threshold")),
                )
                for index, sensor in _enumerated_objects(body.get("thermalSensor"))
            ),
        )


def _enumerated_objects(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """Number the objects of a list from 1, keeping positions stable."""
    return [
        (index, item)
        for index, item in enumerate(as_list(value), start=1)
        if isinstance(item, Mapping)
    ]


@dataclass(frozen=True, slots=True)
class Location:
    """GPS position (``info.location``); ``has_fix`` false without a valid signal."""

    has_fix: bool
    latitude: float | None
    longitude: float | None
    altitude: float | None
    speed: float | None
    heading: float | None
    hdop: float | None
    timestamp: int | None

    @classmethod
    def from_api(cls, data: Any) -> Location:
        """Read the location, also from coordinates at the root."""
        body = as_dict(data)
        position = as_dict(body.get("location")) or body
        latitude = as_float(position.get("latitude"))
        longitude = as_float(position.get("longitude"))
        has_fix = as_bool(body.get("gps"))
        return cls(
            has_fix=(has_fix is not False)
            and latitude is not None
            and longitude is not None,
            latitude=latitude,
            longitude=longitude,
            altitude=as_float(position.get("altitude")),
            speed=as_float(position.get("speed")),
            heading=as_float(position.get("heading")),
            hdop=as_float(position.get("hdop")),
            timestamp=as_int(position.get("timestamp")),
        )


@dataclass(frozen=True, slots=True)
class PepVpnProfile:
    """A SpeedFusion / PepVPN profile."""

    profile_id: int
    name: str | None
    status: str | None
    profile_type: str | None

    @property
    def connected(self) -> bool:
        """Whether the tunnel is up."""
        return (self.status or "").upper() == "CONNECTED"


@dataclass(frozen=True, slots=True)
class PepVpnStatus:
    """SpeedFusion / PepVPN profiles (``status.pepvpn``)."""

    profiles: dict[int, PepVpnProfile]

    @classmethod
    def from_api(cls, data: Any) -> PepVpnStatus:
        """Read the ``profile`` objects keyed by id."""
        return cls(
            profiles={
                profile_id: PepVpnProfile(
                    profile_id=profile_id,
                    name=as_str(profile.get("name")),
                    status=as_str(profile.get("status")),
                    profile_type=as_str(profile.get("type")),
                )
                for profile_id, profile in indexed_entries(as_dict(data).get("profile"))
            }
        )


@dataclass(frozen=True, slots=True)
class Allowance:
    """A bandwidth allowance monitor of a WAN, or of one SIM of a cellular WAN (MB)."""

    wan_id: int
    sim_id: int | None
    enabled: bool | None
    usage: float | None
    limit: float | None
    percent: float | None
    start: str | None


def _allowance(wan_id: int, sim_id: int | None, data: Mapping[str, Any]) -> Allowance:
    unit = data.get("unit")
    return Allowance(
        wan_id=wan_id,
        sim_id=sim_id,
        enabled=as_bool(data.get("enable")),
        usage=_scaled(data.get("usage"), unit, _SIZE_TO_MB, "mb"),
        limit=_scaled(data.get("limit"), unit, _SIZE_TO_MB, "mb"),
        percent=as_float(data.get("percent")),
        start=as_str(data.get("start")),
    )


def parse_allowances(data: Any) -> dict[tuple[int, int | None], Allowance]:
    """Read ``status.wan.connection.allowance``, keyed by (WAN id, SIM id).

    Cellular WANs report one monitor per SIM; other WANs a flat object.
    """
    allowances: dict[tuple[int, int | None], Allowance] = {}
    for wan_id, wan in indexed_entries(data):
        if "usage" in wan or "enable" in wan:
            allowances[wan_id, None] = _allowance(wan_id, None, wan)
            continue
        for sim_id, sim in indexed_entries(wan):
            allowances[wan_id, sim_id] = _allowance(wan_id, sim_id, sim)
    return allowances


@dataclass(frozen=True, slots=True)
class AccessPointStatus:
    """The built-in Wi-Fi access point (``cmd.ap``)."""

    supported: bool
    enabled: bool | None

    @classmethod
    def from_api(cls, data: Any) -> AccessPointStatus:
        """Read the AP object."""
        body = as_dict(data)
        return cls(
            supported=as_bool(body.get("support")) is True,
            enabled=as_bool(body.get("enable")),
        )


@dataclass(frozen=True, slots=True)
class SmsMessage:
    """One SMS stored on a SIM."""

    message_id: int | None
    sender: str | None
    timestamp: int | None
    text: str | None


def parse_sms(data: Any) -> tuple[SmsMessage, ...]:
    """Read ``cmd.sms.get``: messages grouped by sender."""
    messages = []
    for thread in as_list(as_dict(data).get("sms")):
        sender = as_str(as_dict(thread).get("sender"))
        for message in as_list(as_dict(thread).get("message")):
            body = as_dict(message)
            messages.append(
                SmsMessage(
                    message_id=as_int(body.get("id")),
                    sender=sender,
                    timestamp=as_int(body.get("timestamp")),
                    text=as_str(body.get("message")) or as_str(body.get("content")),
                )
            )
    return tuple(messages)
