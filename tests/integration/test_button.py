"""Buttons: reboot the router, cellular modem commands, new billing cycle."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import UpdateFailed
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import PROFILES, Fault, RouterSimulator
from tests.integration.common import (
    async_poll,
    entity_id_of,
    is_available,
    sensor_value,
    state_of,
    wan_unlisted,
)
from tests.integration.platform_snapshot import async_snapshot_platform

# Seconds on the (frozen) event loop clock: longer than one WAN poll interval.
DOWNTIME = 20


@pytest.fixture
def platforms() -> list[Platform]:
    """The platforms to set up; parametrize to add others."""
    return [Platform.BUTTON]


def button_keys(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    """The unique IDs of the entry's buttons, without the serial number."""
    return {
        entity.unique_id.removeprefix(f"{entry.unique_id}_")
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == Platform.BUTTON
    }


async def press(hass: HomeAssistant, unique_id: str) -> None:
    """Call button.press on a button and wait for it."""
    entity_id = entity_id_of(hass, Platform.BUTTON, unique_id)
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every button of every profile."""
    await async_snapshot_platform(hass, snapshot, init_integration)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("balance", {"reboot"}),
        ("fusionhub", {"reboot"}),
        (
            "max",
            {
                "reboot",
                "wan3_reset_cellular_module",
                "wan3_rescan_cellular_network",
                "wan3_new_billing_cycle_sim1",
                "wan4_reset_cellular_module",
                "wan4_rescan_cellular_network",
            },
        ),
        (
            "legacy",
            {
                "reboot",
                "wan1_reset_cellular_module",
                "wan1_rescan_cellular_network",
                "wan2_reset_cellular_module",
                "wan2_rescan_cellular_network",
                "wan5_new_billing_cycle",
            },
        ),
    ],
)
async def test_buttons_per_profile(
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    expected: set[str],
) -> None:
    """Cellular buttons on cellular WANs only; billing buttons where allowances are."""
    assert button_keys(entity_registry, init_integration) == expected


@pytest.mark.parametrize("platforms", [[Platform.BUTTON, Platform.SENSOR]])
async def test_reboot(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """Unavailable at once, through the downtime, and back at the next poll."""
    entry = init_integration
    simulator.reboot_downtime = DOWNTIME
    reboot = f"{serial}_reboot"
    wan_status = f"{serial}_wan1_status"
    traffic = [
        f"{serial}_{key}"
        for key in ("wan1_download_rate", "wan1_downloaded", "lifetime_downloaded")
    ]
    watched = [wan_status, *traffic]
    sensors = [
        entity.unique_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == Platform.SENSOR
    ]

    available = partial(is_available, hass, Platform.SENSOR)
    available_before = set(filter(available, sensors))
    assert set(watched) <= available_before
    simulator.reset_counters()

    await press(hass, reboot)

    assert simulator.requests["cmd.system.reboot"] == 1
    for sensor in watched:
        assert not available(sensor), sensor
    # The button itself stays usable.
    assert is_available(hass, Platform.BUTTON, reboot)

    # While the router is down, polls fail and nothing comes back.
    await simulator.wait_until_down()
    requests = simulator.requests.total()
    await async_poll(hass, freezer, 15, simulator)
    assert simulator.rebooting
    assert simulator.requests.total() == requests
    wan = entry.runtime_data.wan
    assert not wan.last_update_success
    assert isinstance(wan.last_exception, UpdateFailed)
    assert wan.last_exception.translation_key == "update_failed"
    for sensor in watched:
        assert not available(sensor), sensor

    # The simulator's downtime runs on the frozen loop clock; a second more, as
    # the loop runs a timer only once its clock is past it.
    freezer.tick(timedelta(seconds=DOWNTIME - 15 + 1))
    await simulator.wait_until_up()
    await async_poll(hass, freezer, 15, simulator)
    for sensor in watched:
        assert available(sensor), sensor
    assert state_of(hass, Platform.SENSOR, wan_status).state == "connected"
    # The reboot ended the session: one login serves every poll after it.
    assert simulator.logins == 1

    # The slower endpoints come back at their own intervals.
    await async_poll(hass, freezer, 60, simulator)
    assert set(filter(available, sensors)) == available_before
    assert simulator.logins == 1
    assert simulator.state.reboots == 1


async def test_reboot_back_soon_after_a_failed_identity_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """One failed hourly identity poll costs the restart button seconds, not an hour."""
    reboot = f"{serial}_reboot"
    simulator.inject("status.system.info?infoType=device", Fault.HTTP_500, count=1)
    await async_poll(hass, freezer, 3600, simulator)
    assert not is_available(hass, Platform.BUTTON, reboot)
    assert simulator.requests["info.firmware"] == 2  # setup, and the failed poll

    await async_poll(hass, freezer, 15, simulator)
    assert is_available(hass, Platform.BUTTON, reboot)
    assert simulator.requests["info.firmware"] == 3


async def test_reboot_refused(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A refused reboot raises the router's message and leaves entities be."""
    simulator.inject("cmd.system.reboot", Fault.stat_fail(None, "Reboot not allowed"))

    with pytest.raises(HomeAssistantError, match="Reboot not allowed"):
        await press(hass, f"{serial}_reboot")

    assert simulator.requests["cmd.system.reboot"] == 1
    assert simulator.state.reboots == 0
    runtime = init_integration.runtime_data
    assert all(coordinator.last_update_success for coordinator in runtime.coordinators)


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_buttons(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Reset and rescan go to the WAN of the button pressed."""
    reset = f"{serial}_wan3_reset_cellular_module"
    rescan = f"{serial}_wan4_rescan_cellular_network"

    await press(hass, reset)
    assert simulator.state.module_resets == [3]
    assert simulator.state.network_rescans == []

    await press(hass, rescan)
    assert simulator.state.module_resets == [3]
    assert simulator.state.network_rescans == [4]


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_command_refused(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A refused command raises the router's message, sent once."""
    reset = f"{serial}_wan3_reset_cellular_module"
    simulator.inject("cmd.cellularModule.reset", Fault.stat_fail(3, "Module is busy"))
    with pytest.raises(HomeAssistantError, match="Module is busy"):
        await press(hass, reset)
    assert simulator.requests["cmd.cellularModule.reset"] == 1
    assert simulator.state.module_resets == []


@pytest.mark.parametrize(
    ("profile", "platforms"), [("max", [Platform.BUTTON, Platform.SENSOR])]
)
async def test_new_billing_cycle_sim(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """The SIM's usage is back to 0 right after the press."""
    usage = f"{serial}_wan3_allowance_usage_sim1"
    assert sensor_value(hass, usage) > 0

    await press(hass, f"{serial}_wan3_new_billing_cycle_sim1")

    assert simulator.state.billing_cycles == [(3, 1)]
    assert sensor_value(hass, usage) == 0


@pytest.mark.parametrize(
    ("profile", "platforms"), [("legacy", [Platform.BUTTON, Platform.SENSOR])]
)
async def test_new_billing_cycle_wan(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A WAN's allowance without SIMs (legacy WAN 5) restarts as a whole."""
    usage = f"{serial}_wan5_allowance_usage"
    assert sensor_value(hass, usage) > 0

    await press(hass, f"{serial}_wan5_new_billing_cycle")

    assert simulator.state.billing_cycles == [(5, None)]
    assert sensor_value(hass, usage) == 0


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_buttons_of_unlisted_wan(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """A WAN the router stops listing has no commands to offer until it is back."""
    buttons = [
        f"{serial}_wan3_{key}"
        for key in ("reset_cellular_module", "rescan_cellular_network")
    ]
    other = f"{serial}_wan4_reset_cellular_module"
    async with wan_unlisted(hass, freezer, simulator, 3):
        for button in buttons:
            assert not is_available(hass, Platform.BUTTON, button), button
        assert is_available(hass, Platform.BUTTON, other)

    for button in buttons:
        assert is_available(hass, Platform.BUTTON, button), button


@pytest.mark.parametrize("profile", ["max"])
async def test_billing_cycle_button_of_removed_allowance(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """No new billing cycle while the router no longer reports the allowance."""
    button = f"{serial}_wan3_new_billing_cycle_sim1"
    allowance = simulator.state.wans[3].allowance
    simulator.state.wans[3].allowance = None
    await async_poll(hass, freezer, 60, simulator)
    assert not is_available(hass, Platform.BUTTON, button)

    simulator.state.wans[3].allowance = allowance
    await async_poll(hass, freezer, 60, simulator)
    assert is_available(hass, Platform.BUTTON, button)
