"""A restart asked for from Home Assistant: expected, so quiet.

One INFO line says the router restarts; its entities are unavailable until it
answers again, with no warning or error from the integration or its
coordinators, and no "recovered" line either; those of what a restart keeps
(the identity, the settings) stay available. Past the time a restart takes,
the router's silence is an outage like any other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import LOGGER, SETTINGS_INTERVAL
from custom_components.peplink.coordinator import RESTART_TIMEOUT
from simulator import Fault, RouterSimulator
from tests.integration.common import WAN_POLL, async_poll, entity_id_of
from tests.integration.fault_matrix import entities_by_coordinator

# Seconds on the (frozen) event loop clock: longer than one WAN poll interval.
DOWNTIME = 20
# Long enough for every endpoint, the slowest polled each minute, to be polled.
EVERY_ENDPOINT = 60
# Long enough for the settings, polled every few minutes, to be polled too.
EVERY_SETTING = int(SETTINGS_INTERVAL.total_seconds())


@pytest.fixture
def profile() -> str:
    """The router with the most endpoints, so the most coordinators."""
    return "max"


def kept_over_restart(hass: HomeAssistant) -> set[str]:
    """The entities of what a restart keeps: identity and settings."""
    return {
        entity_id
        for entity_id, entity in entities_by_coordinator(hass).items()
        if entity.coordinator.endpoint.kept_over_restart
    }


def logged(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    """Lines of the integration (its coordinators' included) at `level` or above."""
    return [
        f"{record.levelname} {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= level
        and (record.name == LOGGER.name or record.name.startswith(f"{LOGGER.name}."))
    ]


@pytest.fixture
def available(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> Callable[[], set[str]]:
    """The entry's entities that are available now."""

    def entities() -> set[str]:
        return {
            entity.entity_id
            for entity in er.async_entries_for_config_entry(
                entity_registry, init_integration.entry_id
            )
            if (state := hass.states.get(entity.entity_id)) is not None
            and state.state != STATE_UNAVAILABLE
        }

    return entities


@pytest.fixture
def press_restart(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, serial: str
) -> Callable[[], Awaitable[None]]:
    """Press the router's restart button, with the log captured from then on."""

    async def press() -> None:
        caplog.set_level(logging.DEBUG)
        caplog.clear()
        await hass.services.async_call(
            BUTTON_DOMAIN,
            SERVICE_PRESS,
            {ATTR_ENTITY_ID: entity_id_of(hass, Platform.BUTTON, f"{serial}_reboot")},
            blocking=True,
        )

    return press


async def test_restart_is_quiet(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
    available: Callable[[], set[str]],
    press_restart: Callable[[], Awaitable[None]],
) -> None:
    """One INFO line; unavailable while down; every entity back; nothing else."""
    simulator.reboot_downtime = DOWNTIME
    restart = entity_id_of(hass, Platform.BUTTON, f"{serial}_reboot")
    before = available()
    assert len(before) > 20

    kept = kept_over_restart(hass)
    # The restart button, the Wi-Fi networks' switches and the SIM selects.
    assert restart in kept
    assert len(kept) == 5

    await press_restart()
    assert simulator.requests["cmd.system.reboot"] == 1
    assert available() == kept

    await simulator.wait_until_down()
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert simulator.state.reboots == 1
    assert available() == kept
    # The simulator's downtime runs on the frozen loop clock; a second more, as
    # the loop runs a timer only once its clock is past it.
    freezer.tick(timedelta(seconds=DOWNTIME - WAN_POLL + 1))
    await simulator.wait_until_up()
    await async_poll(hass, freezer, EVERY_ENDPOINT, simulator)
    assert available() == before

    assert logged(caplog, logging.INFO) == [
        f"INFO {init_integration.title} is restarting as asked; its entities are"
        " unavailable until it answers again"
    ]
    # The failures while it was down were logged, at DEBUG.
    assert any("while the router restarts" in line for line in logged(caplog, 0))


async def test_router_answers_before_going_down(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    available: Callable[[], set[str]],
    press_restart: Callable[[], Awaitable[None]],
) -> None:
    """A router that answers a poll after the press, then goes down, is quiet too."""
    before = available()
    # The router takes the command, and goes down only later.
    simulator.inject("cmd.system.reboot", Fault.answer('{"stat": "ok"}'), count=1)
    await press_restart()
    await async_poll(hass, freezer, EVERY_ENDPOINT, simulator)
    assert available() == before

    await simulator.reboot(DOWNTIME)
    await simulator.wait_until_down()
    await async_poll(hass, freezer, WAN_POLL, simulator)
    assert len(available()) < len(before)
    freezer.tick(timedelta(seconds=DOWNTIME - WAN_POLL + 1))
    await simulator.wait_until_up()
    await async_poll(hass, freezer, EVERY_ENDPOINT, simulator)
    assert available() == before

    assert [line.split(" ")[0] for line in logged(caplog, logging.INFO)] == ["INFO"]


async def test_router_silent_past_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    available: Callable[[], set[str]],
    press_restart: Callable[[], Awaitable[None]],
) -> None:
    """Silent for longer than a restart takes: an outage, logged as one."""
    wan = init_integration.runtime_data.wan
    timeout = int(RESTART_TIMEOUT.total_seconds())
    simulator.reboot_downtime = timeout + 5 * WAN_POLL
    before = available()
    await press_restart()
    await simulator.wait_until_down()

    for _ in range(timeout // WAN_POLL - 1):
        await async_poll(hass, freezer, WAN_POLL, simulator)
    assert logged(caplog, logging.WARNING) == []
    await async_poll(hass, freezer, 2 * WAN_POLL, simulator)
    # As Home Assistant logs any outage: once, at its first failed poll.
    wan_lines = [
        line for line in logged(caplog, logging.WARNING) if f"{wan.name} data" in line
    ]
    assert len(wan_lines) == 1
    assert wan_lines[0].startswith(
        f"ERROR Error fetching {wan.name} data: Could not read data from the router:"
        " Cannot connect to 127.0.0.1"
    )

    freezer.tick(timedelta(seconds=5 * WAN_POLL))
    await simulator.wait_until_up()
    # The settings, failed since, are asked again within their interval.
    await async_poll(hass, freezer, EVERY_SETTING, simulator)
    assert available() == before
    assert f"INFO Fetching {wan.name} data recovered" in logged(caplog, logging.INFO)
