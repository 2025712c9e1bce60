"""The sensors of a cellular WAN's SIM slots, read from the WAN status.

A slot is active when the router says so; not detected when it says no SIM is
in it (``simCardDetected: false``, or the status "No SIM Card Detected");
otherwise, reported with a SIM or an eSIM profile, it stands by.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypedDict, Unpack

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import EntityCategory

from .api import SimCard, Wan
from .wan_sensor import PeplinkWanSensorDescription


class SimSlotState(StrEnum):
    """What a SIM slot is doing."""

    ACTIVE = "active"
    STANDBY = "standby"
    NOT_DETECTED = "not_detected"


class SensorNames(TypedDict):
    """A sensor's key and translation key, written out where it is declared."""

    key: str
    translation_key: str


def slot_state(sim: SimCard) -> SimSlotState | None:
    """The state of a slot; unknown when the router says nothing of it."""
    if sim.active:
        return SimSlotState.ACTIVE
    if sim.detected is False or (sim.status or "").lower() == "no sim card detected":
        return SimSlotState.NOT_DETECTED
    if sim.active is False or sim.detected:
        return SimSlotState.STANDBY
    return None


def sim_slot_sensor(
    *slots: int | str, **names: Unpack[SensorNames]
) -> PeplinkWanSensorDescription:
    """The sensor of the first of ``slots`` a WAN reports; ``names``: its keys."""

    def slot(wan: Wan) -> SimCard | None:
        return wan.cellular.sim(*slots) if wan.cellular is not None else None

    def value(wan: Wan) -> str | None:
        sim = slot(wan)
        state = slot_state(sim) if sim is not None else None
        return state.value if state is not None else None

    return PeplinkWanSensorDescription(
        **names,
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in SimSlotState],
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=lambda wan: slot(wan) is not None,
        value_fn=value,
    )
