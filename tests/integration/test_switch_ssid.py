"""A switch per Wi-Fi network (SSID profile) the router manages itself."""

from __future__ import annotations

import json

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.api import ApiClientCredentials
from custom_components.peplink.const import SETTINGS_INTERVAL
from simulator import Fault, RouterSimulator
from tests.constants import API_CLIENT, READ_ONLY_CLIENT
from tests.integration.common import (
    async_add_router,
    async_poll,
    is_registered,
    state_of,
)
from tests.integration.test_switch import posts, switch

SETTINGS_POLL = SETTINGS_INTERVAL.total_seconds()


@pytest.fixture
def profile() -> str:
    """The MAX: "Van Wi-Fi" on, "Guest Wi-Fi" off, InControl's "Fleet Office"."""
    return "max"


@pytest.fixture
def platforms() -> list[Platform]:
    """The switch platform only."""
    return [Platform.SWITCH]


def ssid(entry: MockConfigEntry, profile_id: int) -> str:
    """The unique ID of an SSID profile's switch."""
    return f"{entry.unique_id}_ssid_{profile_id}"


def stored(simulator: RouterSimulator) -> dict[str, dict[str, object]]:
    """The SSID profiles the simulated router keeps (applied), by id."""
    profiles: dict[str, dict[str, object]] = simulator.state.profile["ssid_profiles"]
    return profiles


async def test_one_switch_per_own_network(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, serial: str
) -> None:
    """Named after the network, on the router's device; none for InControl's."""
    van = state_of(hass, Platform.SWITCH, f"{serial}_ssid_1")
    guest = state_of(hass, Platform.SWITCH, f"{serial}_ssid_2")
    assert van.state == STATE_ON
    assert guest.state == STATE_OFF
    assert van.name == "Example Van MAX BR2 Pro Wi-Fi Van Wi-Fi"
    assert guest.entity_id == "switch.example_van_max_br2_pro_wi_fi_guest_wi_fi"
    assert not is_registered(hass, Platform.SWITCH, f"{serial}_ssid_3")
    entity = entity_registry.async_get(guest.entity_id)
    assert entity is not None
    assert entity.entity_category is None
    router_switch = entity_registry.async_get(
        state_of(hass, Platform.SWITCH, f"{serial}_access_point").entity_id
    )
    assert router_switch is not None
    assert entity.device_id == router_switch.device_id


async def test_turn_guest_network_on_and_off(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """The update and apply are sent; the switch shows what the router reads back."""
    guest = ssid(init_integration, 2)
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_ON, guest)

    assert posts(simulator) == ["config.ssid.profile", "cmd.config.apply"]
    write = next(
        request
        for request in simulator.request_log
        if request.method == "POST" and request.function == "config.ssid.profile"
    )
    assert write.body == {"action": "update", "id": 2, "enable": True}
    assert stored(simulator)["2"]["enable"] is True
    # Read back at once: one GET, no WAN status.
    gets = [r.function for r in simulator.request_log if r.method == "GET"]
    assert gets == ["config.ssid.profile"]
    assert state_of(hass, Platform.SWITCH, guest).state == STATE_ON

    await switch(hass, SERVICE_TURN_OFF, guest)

    assert stored(simulator)["2"]["enable"] is False
    assert state_of(hass, Platform.SWITCH, guest).state == STATE_OFF
    # The other network is untouched.
    assert stored(simulator)["1"]["enable"] is True
    assert simulator.logins == 0


async def test_refused_update(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """A refusal reaches the user; nothing is applied, the switch stays off."""
    guest = ssid(init_integration, 2)
    simulator.inject("config.ssid.profile", Fault.stat_fail(3, "invalid id"))
    simulator.reset_counters()

    with pytest.raises(HomeAssistantError, match="invalid id") as raised:
        await switch(hass, SERVICE_TURN_ON, guest)

    assert raised.value.translation_key == "write_failed"
    assert posts(simulator) == ["config.ssid.profile"]
    assert stored(simulator)["2"]["enable"] is False
    assert state_of(hass, Platform.SWITCH, guest).state == STATE_OFF


async def test_change_on_the_router_and_new_network(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A change shows within the settings interval; a new network gets a switch.

    A network InControl takes over becomes unavailable.
    """
    profiles = stored(simulator)
    profiles["1"]["enable"] = False
    profiles["2"]["incontrolManaged"] = True
    profiles["4"] = {"name": "Workshop", "enable": True, "incontrolManaged": False}
    profiles["order"] = [1, 2, 3, 4]  # type: ignore[assignment]
    simulator.reset_counters()

    await async_poll(hass, freezer, SETTINGS_POLL, simulator)

    assert simulator.requests["config.ssid.profile"] == 1
    assert state_of(hass, Platform.SWITCH, ssid(init_integration, 1)).state == (
        STATE_OFF
    )
    assert state_of(hass, Platform.SWITCH, ssid(init_integration, 2)).state == (
        STATE_UNAVAILABLE
    )
    workshop = state_of(hass, Platform.SWITCH, ssid(init_integration, 4))
    assert workshop.state == STATE_ON
    assert workshop.name == "Example Van MAX BR2 Pro Wi-Fi Workshop"


async def test_no_key_in_any_state(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """No state or attribute of any entity holds a Wi-Fi key."""
    keys = [
        profile["security"]["wpa2Personal"]["key"]  # type: ignore[index]
        for profile_id, profile in stored(simulator).items()
        if profile_id != "order"
    ]
    assert len(keys) == 3
    shown = json.dumps([state.as_dict() for state in hass.states.async_all()])
    assert "Van Wi-Fi" in shown
    assert [key for key in keys if key in shown] == []


@pytest.mark.parametrize(
    ("credentials", "switches"), [(READ_ONLY_CLIENT, False), (API_CLIENT, True)]
)
async def test_api_clients(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    credentials: ApiClientCredentials,
    switches: bool,
) -> None:
    """A read-only API client gets no switch and never reads the profiles."""
    entry = await async_add_router(hass, simulator, credentials)
    assert is_registered(hass, Platform.SWITCH, ssid(entry, 1)) is switches
    assert (simulator.requests["config.ssid.profile"] > 0) is switches


@pytest.mark.parametrize("profile", ["balance", "fusionhub"])
async def test_none_without_own_networks(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """No Wi-Fi (Balance 710), no such function (FusionHub)."""
    assert "ssid_profiles" not in init_integration.runtime_data.polled
    assert not is_registered(hass, Platform.SWITCH, ssid(init_integration, 1))
    assert simulator.requests["config.ssid.profile"] == 1


@pytest.mark.parametrize("profile", ["legacy"])
async def test_firmware_7_1_2_network(hass: HomeAssistant, serial: str) -> None:
    """Firmware 7.1.2 has SSID profiles (7.1.1 and later), not SIM preferences."""
    bus = state_of(hass, Platform.SWITCH, f"{serial}_ssid_1")
    assert bus.state == STATE_ON
    assert bus.name is not None
    assert bus.name.endswith("Wi-Fi Bus Wi-Fi")


@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_br1_network(hass: HomeAssistant, serial: str) -> None:
    """The BR1 5G's one network."""
    hotspot = state_of(hass, Platform.SWITCH, f"{serial}_ssid_1")
    assert hotspot.state == STATE_ON
    assert hotspot.name is not None
    assert hotspot.name.endswith("Wi-Fi BR1 Hotspot")
