"""The preferred SIM of each dual-SIM cellular WAN."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import ATTR_OPTIONS
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import SETTINGS_INTERVAL
from custom_components.peplink.endpoints import SIM_PREFERENCES
from simulator import Fault, RouterSimulator
from tests.constants import READ_ONLY_CLIENT
from tests.integration.common import (
    async_add_router,
    async_poll,
    entity_id_of,
    is_registered,
    state_of,
)
from tests.integration.test_select import select

SETTINGS_POLL = SETTINGS_INTERVAL.total_seconds()


@pytest.fixture
def profile() -> str:
    """The MAX: two cellular WANs with SIM slots A and B."""
    return "max"


@pytest.fixture
def platforms() -> list[Platform]:
    """The select platform only."""
    return [Platform.SELECT]


def preferred_sim(entry: MockConfigEntry, wan_id: int) -> str:
    """The unique ID of a WAN's preferred SIM select."""
    return f"{entry.unique_id}_wan{wan_id}_preferred_sim"


def preferences(simulator: RouterSimulator) -> dict[str, dict[str, object]]:
    """The SIM preferences the simulated router keeps, by WAN id."""
    stored: dict[str, dict[str, object]] = simulator.state.profile["sim_preferences"]
    return stored


async def test_shows_the_routers_preference(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """WAN 3 prefers SIM A, WAN 4 neither; the three options are offered."""
    wan3 = state_of(hass, Platform.SELECT, preferred_sim(init_integration, 3))
    wan4 = state_of(hass, Platform.SELECT, preferred_sim(init_integration, 4))
    assert wan3.state == "sim_a"
    assert wan4.state == "no_preference"
    assert wan3.attributes[ATTR_OPTIONS] == ["sim_a", "sim_b", "no_preference"]
    # Only the dual-SIM cellular WANs have one.
    assert not is_registered(hass, Platform.SELECT, preferred_sim(init_integration, 1))


@pytest.mark.parametrize(
    ("option", "sent"), [("sim_b", 2), ("no_preference", None), ("sim_a", 1)]
)
async def test_select_sends_one_write_and_shows_the_answer(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    option: str,
    sent: int | None,
) -> None:
    """One POST; then what the router reports, read at once."""
    unique_id = preferred_sim(init_integration, 4)
    simulator.reset_counters()

    await select(hass, entity_id_of(hass, Platform.SELECT, unique_id), option)

    writes = [request for request in simulator.request_log if request.method == "POST"]
    assert [request.function for request in writes] == ["cmd.wan.cellular"]
    assert writes[0].body == {"connId": 4, "enabledSim": [1, 2], "preferredSim": sent}
    assert preferences(simulator)["4"]["preferredSim"] == sent
    # The refresh after the write reads both WANs' preferences, and no more.
    assert simulator.requests["cmd.wan.cellular"] == 1 + 2
    assert simulator.requests["status.wan.connection"] == 0
    assert state_of(hass, Platform.SELECT, unique_id).state == option
    assert simulator.logins == 0


async def test_shows_a_change_made_on_the_router(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A change in the web admin shows within the settings interval."""
    preferences(simulator)["3"]["preferredSim"] = 2
    await async_poll(hass, freezer, SETTINGS_POLL, simulator)
    assert (
        state_of(hass, Platform.SELECT, preferred_sim(init_integration, 3)).state
        == "sim_b"
    )


async def test_sim_not_enabled_is_not_sent(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    """Preferring a SIM the WAN may not use is refused here, with a clear error."""
    entry = await async_add_router(hass, simulator)
    # The WAN lost SIM B on the router since setup.
    preferences(simulator)["3"]["enabledSim"] = [1]
    coordinator = entry.runtime_data.coordinator(SIM_PREFERENCES)
    assert coordinator is not None
    await coordinator.async_refresh()
    simulator.reset_counters()

    with pytest.raises(ServiceValidationError) as raised:
        await select(
            hass, entity_id_of(hass, Platform.SELECT, preferred_sim(entry, 3)), "sim_b"
        )

    assert raised.value.translation_key == "sim_not_enabled"
    assert simulator.requests["cmd.wan.cellular"] == 0
    assert state_of(hass, Platform.SELECT, preferred_sim(entry, 3)).state == "sim_a"


async def test_refused_write(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """The router's refusal reaches the user; the select keeps what it showed."""
    unique_id = preferred_sim(init_integration, 3)
    simulator.reset_counters()
    simulator.inject("cmd.wan.cellular", Fault.stat_fail(3, "invalid preferredSim"))

    with pytest.raises(HomeAssistantError, match="invalid preferredSim") as raised:
        await select(hass, entity_id_of(hass, Platform.SELECT, unique_id), "sim_b")

    assert raised.value.translation_key == "write_failed"
    assert simulator.requests["cmd.wan.cellular"] == 1
    assert preferences(simulator)["3"]["preferredSim"] == 1
    assert state_of(hass, Platform.SELECT, unique_id).state == "sim_a"


async def test_single_sim_wan_has_none(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    """A WAN allowed one SIM has nothing to prefer: no select, and no write."""
    preferences(simulator)["4"]["enabledSim"] = [1]
    entry = await async_add_router(hass, simulator)

    assert is_registered(hass, Platform.SELECT, preferred_sim(entry, 3))
    assert not is_registered(hass, Platform.SELECT, preferred_sim(entry, 4))


async def test_select_added_when_both_sims_are_allowed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: RouterSimulator
) -> None:
    """A WAN allowed both SIMs later gets its select at the next read."""
    preferences(simulator)["4"]["enabledSim"] = [1]
    entry = await async_add_router(hass, simulator)
    assert not is_registered(hass, Platform.SELECT, preferred_sim(entry, 4))
    preferences(simulator)["4"]["enabledSim"] = [1, 2]

    await async_poll(hass, freezer, SETTINGS_POLL, simulator)

    assert state_of(hass, Platform.SELECT, preferred_sim(entry, 4)).state == (
        "no_preference"
    )


async def test_none_for_a_read_only_client(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    """A read-only API client gets no select and never asks for the preference."""
    entry = await async_add_router(hass, simulator, READ_ONLY_CLIENT)
    assert not is_registered(hass, Platform.SELECT, preferred_sim(entry, 3))
    assert simulator.requests["cmd.wan.cellular"] == 0


@pytest.mark.parametrize("profile", ["legacy", "fusionhub", "balance"])
async def test_none_where_the_router_lacks_it(
    hass: HomeAssistant, simulator: RouterSimulator, init_integration: MockConfigEntry
) -> None:
    """Firmware before 8.0 refuses the function; others have no dual-SIM WAN."""
    assert "sim_preferences" not in init_integration.runtime_data.polled
    assert not [
        state
        for state in hass.states.async_all(Platform.SELECT)
        if state.entity_id.endswith("preferred_sim")
    ]
    # Only the legacy profile has dual-SIM WANs to ask about.
    assert (simulator.requests["cmd.wan.cellular"] > 0) is (
        simulator.profile == "legacy"
    )
