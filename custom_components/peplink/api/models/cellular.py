"""The cellular detail of a WAN, and the SMS on its SIM."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..parsing import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    as_timestamp,
    indexed_entries,
)

# Bars, from 0, as the router shows them.
_MAX_SIGNAL_LEVEL = 5
# SIM slots that are not numbered: the SpeedFusion Connect 5G/LTE eSIM and
# others, which some firmware puts beside ``sim`` rather than in it.
_NAMED_SIM_SLOTS = ("speedfusionConnect5gLte", "remoteSim", "fusionSim", "eSim1")


@dataclass(frozen=True, slots=True)
class CellularSignal:
    """Radio measurements of one band; 3G bands carry RSCP and Ec/Io instead."""

    # Read by diagnostics only: rscp, ecio.

    rssi: float | None
    rsrp: float | None
    rsrq: float | None
    sinr: float | None
    rscp: float | None
    ecio: float | None

    @classmethod
    def from_api(cls, data: Any) -> CellularSignal:
        """Read a ``signal`` object; values no modem reports read as unknown."""
        signal = as_dict(data)
        return cls(
            rssi=as_float(signal.get("rssi"), minimum=-200, maximum=0),
            rsrp=as_float(signal.get("rsrp"), minimum=-200, maximum=0),
            rsrq=as_float(signal.get("rsrq"), minimum=-60, maximum=20),
            sinr=as_float(
                signal.get("sinr", signal.get("snr")), minimum=-50, maximum=100
            ),
            rscp=as_float(signal.get("rscp"), minimum=-200, maximum=0),
            ecio=as_float(signal.get("ecio"), minimum=-60, maximum=20),
        )


@dataclass(frozen=True, slots=True)
class CellularBand:
    """One band the modem uses."""

    # Read by diagnostics only: channel, channel_width.

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
    """One SIM slot of a cellular WAN: numbered, or named such as an eSIM."""

    # Read by diagnostics only: imsi, iccid, apn.

    sim_id: int | str
    active: bool | None
    detected: bool | None
    status: str | None
    imsi: str | None
    iccid: str | None
    apn: str | None


@dataclass(frozen=True, slots=True)
class CellularInfo:
    """The cellular detail of a WAN, under ``cellular`` (or ``gobi`` before 8.0.1)."""

    # Read by diagnostics only: data_technology, carrier_country, mcc, mnc,
    # carrier_aggregation, imei, module_model, module_firmware.

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
    def active_sim(self) -> int | str | None:
        """Slot number (or name) of the SIM in use."""
        return next((sim.sim_id for sim in self.sims if sim.active), None)

    @property
    def dual_sim(self) -> bool:
        """Whether the module has both SIM slots, A and B, in use or not."""
        return {1, 2} <= {sim.sim_id for sim in self.sims}

    def sim(self, *slots: int | str) -> SimCard | None:
        """The first of these slots the WAN reports."""
        return next(
            (sim for slot in slots for sim in self.sims if sim.sim_id == slot), None
        )

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
            # Some firmware sends only the data technology.
            network_type=as_str(cellular.get("mobileType"))
            or as_str(cellular.get("network"))
            or as_str(cellular.get("dataTechnology")),
            data_technology=as_str(cellular.get("dataTechnology")),
            signal_level=as_int(
                cellular.get("signalLevel"), minimum=0, maximum=_MAX_SIGNAL_LEVEL
            ),
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
                for sim_id, sim in _sim_slots(cellular)
            ),
            imei=as_str(cellular.get("imei")),
            module_model=as_str(cellular.get("model")),
            module_firmware=as_str(cellular.get("firmware")),
        )


def _sim_slots(
    cellular: Mapping[str, Any],
) -> Iterator[tuple[int | str, Mapping[str, Any]]]:
    """The SIM slots: numbered ones in order, then named ones, whatever the key."""
    sims = as_dict(cellular.get("sim"))
    yield from indexed_entries(sims)
    named: dict[str, Mapping[str, Any]] = {
        key: slot
        for key, slot in sims.items()
        if key != "order" and as_int(key) is None and isinstance(slot, Mapping)
    }
    for key in _NAMED_SIM_SLOTS:
        slot = cellular.get(key)
        if key not in named and isinstance(slot, Mapping):
            named[key] = slot
    yield from named.items()


@dataclass(frozen=True, slots=True)
class SmsMessage:
    """One SMS stored on a SIM; a multi-part message's parts joined as one."""

    # The router's ids of its parts, in order; one for a single-part message.
    message_ids: tuple[int, ...]
    sender: str | None
    timestamp: int | None
    text: str | None


@dataclass(frozen=True, slots=True)
class SmsInbox:
    """The messages stored on the active SIM of a cellular WAN."""

    # Read by diagnostics only: wan_id.

    wan_id: int | None
    sim_id: int | None
    # 8.2+ name the SIM by its ICCID too (and IMSI and number, not read).
    iccid: str | None
    messages: tuple[SmsMessage, ...]


def parse_sms(data: Any) -> SmsInbox:
    """Read ``cmd.sms.get``: messages grouped by sender, multi-part ones joined.

    The router lists each part of a multi-part message on its own, under its
    sender, with the same timestamp and the next id of that sender: parts are
    joined in id order.
    """
    answer = as_dict(data)
    messages: list[SmsMessage] = []
    for thread in as_list(answer.get("sms")):
        sender = as_str(as_dict(thread).get("sender"))
        parts: list[tuple[int, int | None, str]] = []
        for message in as_list(as_dict(thread).get("message")):
            body = as_dict(message)
            message_id = as_int(body.get("id"))
            if message_id is None:
                # Without an id, a message can be neither told apart nor deleted.
                continue
            parts.append(
                (
                    message_id,
                    as_timestamp(body.get("timestamp")),
                    _part_text(body),
                )
            )
        parts.sort(key=lambda part: part[0])
        for part_id, timestamp, text in parts:
            last = messages[-1] if messages else None
            if (
                last is not None
                and last.sender == sender
                and timestamp is not None
                and last.timestamp == timestamp
            ):
                messages[-1] = SmsMessage(
                    message_ids=(*last.message_ids, part_id),
                    sender=sender,
                    timestamp=timestamp,
                    text=f"{last.text}{text}",
                )
            else:
                messages.append(SmsMessage((part_id,), sender, timestamp, text))
    # Parts keep the spaces at their ends; the message does not.
    messages = [
        replace(message, text=(message.text or "").strip() or None)
        for message in messages
    ]
    return SmsInbox(
        wan_id=as_int(answer.get("connId")),
        sim_id=as_int(answer.get("simId")),
        iccid=as_str(answer.get("iccid")),
        messages=tuple(messages),
    )


def _part_text(body: Mapping[str, Any]) -> str:
    """A part's text as sent: a part may end or start with the space between words."""
    text = body.get("message") or body.get("content")
    if not isinstance(text, str):
        return as_str(text) or ""
    # JSON may escape halves of characters, which nothing can store.
    return text if text.isascii() else text.encode("utf-8", "replace").decode("utf-8")
