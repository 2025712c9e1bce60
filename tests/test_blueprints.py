"""The automation blueprints: valid for Home Assistant, and working against a router."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import Blueprint
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from simulator import RouterSimulator
from simulator.sms import receive_sms
from tests.integration.common import (
    async_poll,
    async_setup_integration,
    config_entry_for,
    entity_id_of,
    sensor_value,
    state_of,
)

FOLDER = Path(__file__).parent.parent / "blueprints" / "automation"
BLUEPRINTS = sorted(path.relative_to(FOLDER) for path in FOLDER.glob("**/*.yaml"))

# The max profile's router: its name leads its WAN devices' names.
ROUTER = "Example Van MAX BR2 Pro"
# Entities of the max profile, by unique ID less the serial number: Cellular 1
# (WAN 3) and Cellular 2 (WAN 4) are connected; Cellular 1's SIM 1 has used 8123
# of 10240 MB (79%).
CELLULARS = ("wan3_connected", "wan4_connected")
SIM_1_ALLOWANCE = "wan3_allowance_percent_sim1"
NOTIFY_ACTION = [{"action": "notify.test", "data": {"message": "{{ message }}"}}]


def test_blueprints_found() -> None:
    assert {str(path) for path in BLUEPRINTS} == {
        "peplink/data_allowance.yaml",
        "peplink/forward_sms.yaml",
        "peplink/wan_failover.yaml",
    }


@pytest.mark.parametrize("path", BLUEPRINTS, ids=str)
def test_blueprint_is_valid(path: Path) -> None:
    """Each file passes Home Assistant's automation blueprint schema."""
    data = load_yaml_dict(FOLDER / path)
    blueprint = Blueprint(
        data,
        path=str(path),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.domain == "automation"
    assert blueprint.name.startswith("Peplink ")
    assert blueprint.validate() is None
    assert blueprint.metadata["source_url"].endswith(f"blueprints/automation/{path}")
    # Every input but the entities to watch has a default.
    required = {key for key, spec in blueprint.inputs.items() if "default" not in spec}
    assert required == {key for key in blueprint.inputs if key.endswith("_entities")}


@pytest.fixture
def profile() -> str:
    """The MAX-style router: cellular WANs with an allowance monitor."""
    return "max"


@pytest.fixture
def blueprint_folder() -> Generator[None]:
    """Let Home Assistant find the blueprints in this repository."""
    with patch(
        "homeassistant.components.blueprint.models.DomainBlueprints.blueprint_folder",
        new_callable=PropertyMock,
        return_value=FOLDER,
    ):
        yield


@pytest.fixture
async def router(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    sim_clock: None,
    simulator: RouterSimulator,
) -> MockConfigEntry:
    """The integration set up against the simulated MAX router."""
    entry = config_entry_for(simulator)
    await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def _use_blueprint(
    hass: HomeAssistant, path: str, inputs: dict[str, Any]
) -> list[ServiceCall]:
    """Create an automation from a blueprint; return the calls of its action."""
    calls = async_mock_service(hass, "notify", "test")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": path,
                "use_blueprint": {"path": path, "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    automations = hass.states.async_all("automation")
    assert [state.state for state in automations] == ["on"]
    return calls


@pytest.mark.usefixtures("blueprint_folder")
async def test_wan_failover_notifies(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    router: MockConfigEntry,
) -> None:
    """Down for longer than `down_for`: one message naming the WANs still up."""
    cellular_1, cellular_2 = (f"{router.unique_id}_{wan}" for wan in CELLULARS)
    calls = await _use_blueprint(
        hass,
        "peplink/wan_failover.yaml",
        {
            "wan_entities": [
                entity_id_of(hass, Platform.BINARY_SENSOR, cellular_1),
                entity_id_of(hass, Platform.BINARY_SENSOR, cellular_2),
            ],
            "down_for": {"seconds": 30},
            "notify_actions": NOTIFY_ACTION,
        },
    )
    assert state_of(hass, Platform.BINARY_SENSOR, cellular_1).state == "on"

    # A short drop, back before 30 s have passed: no message.
    simulator.set_wan_state(3, "disconnected")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.BINARY_SENSOR, cellular_1).state == "off"
    simulator.set_wan_state(3, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.BINARY_SENSOR, cellular_1).state == "on"
    assert [call.data["message"] for call in calls] == [
        f"{ROUTER} Cellular 1 is connected again."
    ]
    calls.clear()

    simulator.set_wan_state(3, "disconnected")
    for _ in range(3):
        await async_poll(hass, freezer, 15, simulator)
    assert [call.data["message"] for call in calls] == [
        f"{ROUTER} Cellular 1 is down. Still connected: {ROUTER} Cellular 2."
    ]

    simulator.set_wan_state(4, "disconnected")
    for _ in range(3):
        await async_poll(hass, freezer, 15, simulator)
    assert (
        calls[-1].data["message"]
        == f"{ROUTER} Cellular 2 is down. No WAN is connected."
    )

    simulator.set_wan_state(3, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert calls[-1].data["message"] == f"{ROUTER} Cellular 1 is connected again."
    assert len(calls) == 3


@pytest.mark.usefixtures("blueprint_folder")
async def test_wan_failover_without_recovery_message(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    router: MockConfigEntry,
) -> None:
    cellular_1, cellular_2 = (f"{router.unique_id}_{wan}" for wan in CELLULARS)
    calls = await _use_blueprint(
        hass,
        "peplink/wan_failover.yaml",
        {
            "wan_entities": [
                entity_id_of(hass, Platform.BINARY_SENSOR, cellular_1),
                entity_id_of(hass, Platform.BINARY_SENSOR, cellular_2),
            ],
            "notify_recovery": False,
            "notify_actions": NOTIFY_ACTION,
        },
    )
    simulator.set_wan_state(3, "disconnected")
    for _ in range(3):
        await async_poll(hass, freezer, 15, simulator)
    simulator.set_wan_state(3, "connected")
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, Platform.BINARY_SENSOR, cellular_1).state == "on"
    assert [call.data["message"] for call in calls] == [
        f"{ROUTER} Cellular 1 is down. Still connected: {ROUTER} Cellular 2."
    ]


@pytest.mark.usefixtures("blueprint_folder")
async def test_data_allowance_alert(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    router: MockConfigEntry,
) -> None:
    """One alert when the SIM crosses 80% (the default), none while it stays above."""
    sim_1_allowance = f"{router.unique_id}_{SIM_1_ALLOWANCE}"
    calls = await _use_blueprint(
        hass,
        "peplink/data_allowance.yaml",
        {
            "allowance_entities": [
                entity_id_of(hass, Platform.SENSOR, sim_1_allowance)
            ],
            "notify_actions": NOTIFY_ACTION,
        },
    )
    assert sensor_value(hass, sim_1_allowance) == 79

    # 8 Mbit/s down for a minute: 60 MB, not yet 80% of 10240 MB.
    simulator.set_rates(3, 8000, 0)
    await async_poll(hass, freezer, 60, simulator)
    assert sensor_value(hass, sim_1_allowance) == 79
    assert calls == []

    # Another minute: 8123 + 120 MB is 80%, which is not above 80.
    await async_poll(hass, freezer, 60, simulator)
    assert sensor_value(hass, sim_1_allowance) == 80
    assert calls == []

    await async_poll(hass, freezer, 60, simulator)
    assert sensor_value(hass, sim_1_allowance) == 81
    assert len(calls) == 1
    assert calls[0].data["message"] == (
        f"{ROUTER} Cellular 1 SIM 1 allowance used: 81% of the data allowance used"
        " (alert above 80%)."
    )

    await async_poll(hass, freezer, 60, simulator)
    assert sensor_value(hass, sim_1_allowance) == 81
    assert len(calls) == 1


@pytest.mark.usefixtures("blueprint_folder")
async def test_forward_sms(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    router: MockConfigEntry,
) -> None:
    """Each new message once, multi-part joined; none again after a reload."""
    calls = await _use_blueprint(
        hass,
        "peplink/forward_sms.yaml",
        {
            "sms_entities": [
                entity_id_of(
                    hass, Platform.EVENT, f"{router.unique_id}_wan{wan}_sms_received"
                )
                for wan in (3, 4)
            ],
            "notify_actions": NOTIFY_ACTION,
        },
    )
    # The messages on the SIM before are not forwarded.
    await async_poll(hass, freezer, 60, simulator)
    assert calls == []

    receive_sms(simulator.state, 4, "988", "Your code is ", "123456")
    await async_poll(hass, freezer, 60, simulator)
    assert [call.data["message"] for call in calls] == [
        "SMS from 988: Your code is 123456"
    ]

    assert await hass.config_entries.async_reload(router.entry_id)
    await hass.async_block_till_done()
    await async_poll(hass, freezer, 60, simulator)
    assert len(calls) == 1


@pytest.mark.usefixtures("blueprint_folder")
async def test_forward_sms_of_some_senders(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    router: MockConfigEntry,
) -> None:
    calls = await _use_blueprint(
        hass,
        "peplink/forward_sms.yaml",
        {
            "sms_entities": [
                entity_id_of(
                    hass, Platform.EVENT, f"{router.unique_id}_wan3_sms_received"
                )
            ],
            "senders": ["+15551234567"],
            "notify_actions": NOTIFY_ACTION,
        },
    )
    receive_sms(simulator.state, 3, "Carrier", "Promotion")
    await async_poll(hass, freezer, 60, simulator)
    receive_sms(simulator.state, 3, "+15551234567", "STATUS")
    await async_poll(hass, freezer, 60, simulator)

    assert [call.data["message"] for call in calls] == ["SMS from +15551234567: STATUS"]
