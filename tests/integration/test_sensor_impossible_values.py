"""What cannot be true is not shown: absurd, impossible or unreadable answers.

The simulator answers the poll with its own payload altered (`Fault.answer`);
the values that cannot be true are unknown for that poll, and come back with
the next sane answer. Counters never show a reset that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNKNOWN, Platform
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import Fault, RouterSimulator
from simulator.functions import FUNCTIONS, Call
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    async_setup_integration,
    entity_id_of,
    sensor_value,
    state_of,
)

DEEP = "[" * 100_000 + "]" * 100_000


def altered(
    simulator: RouterSimulator, function: str, alter: Callable[[Any], None]
) -> Fault:
    """A fault answering the simulator's own answer to `function` now, altered."""
    handler = FUNCTIONS[function].handler
    assert handler is not None
    answer = handler(Call(simulator.state, "GET", {}, "api"))
    alter(answer["response"])
    return Fault.answer(json.dumps(answer))


def sensor_state(hass: HomeAssistant, unique_id: str) -> str:
    return state_of(hass, Platform.SENSOR, unique_id).state


@pytest.mark.parametrize(
    "body",
    [
        '{"stat":"ok","response":' + DEEP + "}",
        '{"stat":"ok","response":{"order":[1],"1":{"uptime":' + "9" * 5000 + "}}}",
    ],
    ids=["deep nesting", "5000 digits"],
)
async def test_setup_tries_again_after_an_unreadable_answer(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    body: str,
) -> None:
    """An answer the client cannot read fails setup for now, not for good."""
    simulator.inject("status.wan.connection", Fault.answer(body), count=1)

    await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY

    await async_poll(hass, freezer, 60, simulator)
    assert mock_config_entry.state is ConfigEntryState.LOADED


@pytest.mark.usefixtures("sim_clock")
async def test_absurd_uptime_at_setup(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Connected 2**64 seconds ago: set up, with no start shown for that WAN."""

    def absurd_uptime(response: Any) -> None:
        response["1"]["uptime"] = 2**64

    simulator.inject(
        "status.wan.connection",
        altered(simulator, "status.wan.connection", absurd_uptime),
    )

    await async_setup_integration(hass, mock_config_entry)

    assert mock_config_entry.state is ConfigEntryState.LOADED
    serial = mock_config_entry.unique_id
    assert sensor_state(hass, f"{serial}_wan1_connected_since") == STATE_UNKNOWN
    assert sensor_state(hass, f"{serial}_wan2_connected_since") != STATE_UNKNOWN


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("uptime", [-60, 2**64, "1e30", "nan"])
async def test_impossible_uptime_is_unknown_for_that_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
    uptime: object,
) -> None:
    """A start in the future or before time began is no start."""
    since = sensor_state(hass, f"{serial}_wan1_connected_since")

    def impossible(response: Any) -> None:
        response["1"]["uptime"] = uptime

    simulator.inject(
        "status.wan.connection",
        altered(simulator, "status.wan.connection", impossible),
        count=1,
    )
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert sensor_state(hass, f"{serial}_wan1_connected_since") == STATE_UNKNOWN
    assert sensor_state(hass, f"{serial}_wan1_status") == "connected"

    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert sensor_state(hass, f"{serial}_wan1_connected_since") == since


@pytest.mark.usefixtures("sim_clock")
async def test_impossible_traffic_is_unknown_and_counters_never_reset(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Negative or infinite amounts show as unknown, never as a drop to zero."""
    totals = [
        f"{serial}_wan1_downloaded",
        f"{serial}_wan1_uploaded",
        f"{serial}_lifetime_downloaded",
        f"{serial}_lifetime_uploaded",
    ]
    rates = [f"{serial}_wan1_download_rate", f"{serial}_download_rate"]
    watched = {entity_id_of(hass, Platform.SENSOR, unique_id) for unique_id in totals}
    shown: dict[str, list[str]] = {entity_id: [] for entity_id in watched}

    @callback
    def note(event: Event[Any]) -> None:
        if event.data["entity_id"] in watched and event.data["new_state"]:
            shown[event.data["entity_id"]].append(event.data["new_state"].state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, note)
    before = {unique_id: sensor_value(hass, unique_id) for unique_id in totals}

    def impossible(response: Any) -> None:
        wan = response["traffic"]["1"]["overall"]
        wan["download"], wan["upload"] = -5, "Infinity"
        response["bandwidth"]["1"]["overall"]["download"] = -1
        lifetime = response["lifetime"]["all"]["overall"]
        lifetime["download"], lifetime["upload"] = "-1e3", 1e308
        response["lifetime"]["unit"] = "TB"

    simulator.inject(
        "status.traffic", altered(simulator, "status.traffic", impossible), count=1
    )
    await async_poll(hass, freezer, WAN_POLL, simulator)
    for unique_id in totals + rates:
        assert sensor_state(hass, unique_id) == STATE_UNKNOWN, unique_id
    # The other WANs' values are still real.
    assert sensor_value(hass, f"{serial}_wan2_downloaded") > 0

    await async_poll(hass, freezer, WAN_POLL, simulator)
    for unique_id in totals:
        assert sensor_value(hass, unique_id) >= before[unique_id]
    for states in shown.values():
        assert states == [STATE_UNKNOWN, states[-1]]
        assert float(states[-1]) > 0


@pytest.mark.parametrize("profile", ["max"])
@pytest.mark.usefixtures("sim_clock")
async def test_positions_off_the_globe_are_unknown(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No fix off the globe; a dilution of precision no accuracy comes from."""

    def off_the_globe(response: Any) -> None:
        response["location"].update(latitude=95.2, speed=-3, hdop=1e308)

    simulator.inject(
        "info.location", altered(simulator, "info.location", off_the_globe), count=1
    )
    await async_poll(hass, freezer, 61, simulator)

    assert sensor_state(hass, f"{serial}_gps_speed") == STATE_UNKNOWN
    tracker = state_of(hass, Platform.DEVICE_TRACKER, f"{serial}_location")
    assert "latitude" not in tracker.attributes
    assert "Traceback" not in caplog.text

    def imprecise(response: Any) -> None:
        response["location"].update(speed=-3, hdop=1e308)

    simulator.inject(
        "info.location", altered(simulator, "info.location", imprecise), count=1
    )
    await async_poll(hass, freezer, 61, simulator)
    tracker = state_of(hass, Platform.DEVICE_TRACKER, f"{serial}_location")
    assert tracker.attributes["latitude"] == 22.340134
    assert tracker.attributes["gps_accuracy"] == 0
    assert sensor_state(hass, f"{serial}_gps_speed") == STATE_UNKNOWN
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("profile", ["max"])
@pytest.mark.usefixtures("sim_clock")
async def test_text_too_long_for_a_state_is_unknown(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Home Assistant refuses a state of more than 255 characters."""

    def long_name(response: Any) -> None:
        response["3"]["cellular"]["carrier"]["name"] = "C" * 256

    simulator.inject(
        "status.wan.connection",
        altered(simulator, "status.wan.connection", long_name),
        count=1,
    )
    await async_poll(hass, freezer, WAN_POLL, simulator)

    assert sensor_state(hass, f"{serial}_wan3_carrier") == STATE_UNKNOWN
    assert "Failed to set state" not in caplog.text
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert sensor_state(hass, f"{serial}_wan3_carrier") == "Carrier1"
