"""Setting up, unloading and probing what the router offers."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.peplink import async_remove_config_entry_device
from custom_components.peplink.api import derive_wan_state
from custom_components.peplink.endpoints import IDENTITY
from simulator import PROFILES, Fault, RouterSimulator
from tests.constants import BALANCE_SERIAL
from tests.integration.common import (
    async_add_through_flow,
    async_poll,
    async_remove_device,
    async_setup_integration,
    device_by_identifier,
    is_available,
    is_registered,
    other_router_entry,
    state_of,
)


async def test_setup_and_unload(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    entry = init_integration
    assert entry.state is ConfigEntryState.LOADED

    router = device_by_identifier(device_registry, BALANCE_SERIAL)
    assert router is not None
    assert router.model == "Peplink Balance 710"
    assert router.model_id == "BPL-710"
    assert router.serial_number == BALANCE_SERIAL
    assert router.hw_version == "3"
    assert router.sw_version == "8.5.1 build 5340"
    assert router.configuration_url == f"http://127.0.0.1:{simulator.port}"

    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_router_unreachable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Setup is retried while the router does not answer, and succeeds once it does."""
    port = simulator.port
    await simulator.stop()
    assert not await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert simulator.requests.total() == 0

    await simulator.start(host="127.0.0.1", port=port)
    await async_poll(hass, freezer, 60)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert simulator.logins == 1


async def test_wrong_password(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Refused credentials: setup fails, a reauth flow starts, one attempt only."""
    simulator.password = "changed-on-the-router"
    assert not await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_REAUTH
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id
    assert simulator.failed_logins == 1
    assert simulator.logins == 1


async def test_different_router_at_address(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The router at the address is not the entry's: setup fails, nothing is made."""
    entry = other_router_entry(simulator)
    assert not await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "127.0.0.1" in entry.reason
    assert hass.config_entries.flow.async_progress() == []
    assert dr.async_entries_for_config_entry(device_registry, entry.entry_id) == []
    assert hass.states.async_all() == []
    # Routers cap their sessions: the failed setup signed out.
    assert simulator.live_sessions == 0


async def test_failed_setup_leaves_no_session(
    hass: HomeAssistant, simulator: RouterSimulator, mock_config_entry: MockConfigEntry
) -> None:
    """Each retry of a setup that failed after signing in signs out again."""
    simulator.inject("status.wan.connection", Fault.HTTP_500)
    assert not await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert simulator.logins == 1
    assert simulator.live_sessions == 0


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_missing_endpoint_asked_hourly(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """What the FusionHub lacks is asked again hourly, never at each poll."""
    assert init_integration.state is ConfigEntryState.LOADED
    missing = ("info.location", "status.wan.connection.allowance")
    assert [simulator.requests[function] for function in missing] == [1, 1]
    wan_polls = simulator.requests["status.wan.connection"]
    for _ in range(10):  # five minutes
        await async_poll(hass, freezer, 30)
    assert [simulator.requests[function] for function in missing] == [1, 1]
    # Polling did run meanwhile.
    assert simulator.requests["status.wan.connection"] >= wan_polls + 10
    assert simulator.requests["status.client"] >= 10

    await async_poll(hass, freezer, 3600 - 300)
    assert [simulator.requests[function] for function in missing] == [2, 2]
    await async_poll(hass, freezer, 3600)
    assert [simulator.requests[function] for function in missing] == [3, 3]
    assert init_integration.state is ConfigEntryState.LOADED
    assert set(init_integration.runtime_data.polled) == {
        "identity",
        "wan",
        "traffic",
        "clients",
        "pepvpn",
    }


@pytest.mark.parametrize("profile", ["max"])
@pytest.mark.parametrize(
    ("fault", "asked_again_after"),
    [(Fault.HTTP_500, 15), (Fault.NOT_JSON, 15), (Fault.UNSUPPORTED, 3600)],
    ids=["failing", "not JSON", "unsupported"],
)
async def test_optional_endpoint_refused_at_setup(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    fault: Fault,
    asked_again_after: int,
) -> None:
    """An optional endpoint failing at setup does not block it, and comes later.

    A failure is asked again soon, a refusal hourly; once the endpoint answers,
    its entities appear, without a reload.
    """
    entry = mock_config_entry
    speedfusion = f"{entry.unique_id}_pepvpn_60000"
    simulator.inject("status.pepvpn", fault)

    assert await async_setup_integration(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert "pepvpn" not in entry.runtime_data.polled
    identity = entry.runtime_data.identity
    assert not is_registered(hass, Platform.BINARY_SENSOR, speedfusion)
    assert is_available(hass, Platform.SENSOR, f"{entry.unique_id}_wan1_status")
    warned = [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "pepvpn" in record.getMessage()
    ]
    assert len(warned) == (fault is not Fault.UNSUPPORTED)
    assert simulator.requests["status.pepvpn"] == 1

    # Not asked before its time, and asked again then.
    await async_poll(hass, freezer, asked_again_after - 5, simulator)
    assert simulator.requests["status.pepvpn"] == 1
    await async_poll(hass, freezer, 5, simulator)
    assert simulator.requests["status.pepvpn"] == 2
    assert "pepvpn" not in entry.runtime_data.polled

    simulator.clear_faults()
    simulator.reset_counters()
    # A failure is asked again twice as late; a refusal an hour later again.
    await async_poll(hass, freezer, 2 * asked_again_after, simulator)
    assert entry.state is ConfigEntryState.LOADED
    assert "pepvpn" in entry.runtime_data.polled
    assert state_of(hass, Platform.BINARY_SENSOR, speedfusion).state == STATE_ON
    # No reload: only the endpoint was asked, in the session setup opened.
    assert simulator.logins == 0
    assert simulator.requests["status.pepvpn"] == 1
    assert simulator.failed_logins == 0
    assert entry.runtime_data.coordinator(IDENTITY) is identity


async def test_remove_wan_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """A WAN the router still reports stays; one it no longer reports may go."""
    entry = init_integration
    router = device_by_identifier(device_registry, serial)
    wan1 = device_by_identifier(device_registry, f"{serial}_wan1")
    wan3 = device_by_identifier(device_registry, f"{serial}_wan3")
    assert router is not None
    assert wan1 is not None
    assert wan3 is not None
    assert not await async_remove_config_entry_device(hass, entry, router)
    assert not await async_remove_config_entry_device(hass, entry, wan1)
    assert not await async_remove_config_entry_device(hass, entry, wan3)

    simulator.state.wan_order.remove(3)
    await async_poll(hass, freezer, 16)
    assert not await async_remove_config_entry_device(hass, entry, wan1)
    assert await async_remove_config_entry_device(hass, entry, wan3)

    # Through the UI's call: refused for WAN 1, done for WAN 3.
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    for device, removable in ((wan1, False), (wan3, True)):
        response = await async_remove_device(client, device.id, entry.entry_id)
        assert response["success"] is removable
    assert device_registry.async_get(wan1.id) is not None
    assert device_registry.async_get(wan3.id) is None


async def test_reauth_end_to_end(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    serial: str,
) -> None:
    """The password changes on the router: one failed login, reauth, back to work."""
    entry = init_integration
    wan1_status = f"{serial}_wan1_status"
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "connected"
    simulator.password = "new"
    simulator.expire_sessions()
    simulator.reset_counters()

    await async_poll(hass, freezer, 16)
    flows = [
        flow
        for flow in hass.config_entries.flow.async_progress()
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert len(flows) == 1
    assert flows[0]["context"]["entry_id"] == entry.entry_id
    assert simulator.failed_logins == 1
    assert not is_available(hass, Platform.SENSOR, wan1_status)

    # Every coordinator's interval passes more than once: no further sign-in.
    for _ in range(6):
        await async_poll(hass, freezer, 61)
    assert simulator.logins == 1
    assert simulator.failed_logins == 1
    assert len(hass.config_entries.flow.async_progress()) == 1

    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_PASSWORD: "new"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == "new"
    assert entry.state is ConfigEntryState.LOADED
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "connected"
    assert simulator.failed_logins == 1
    assert hass.config_entries.flow.async_progress() == []

    # And polling works again.
    simulator.set_wan_state(1, "standby")
    await async_poll(hass, freezer, 16)
    assert state_of(hass, Platform.SENSOR, wan1_status).state == "standby"


@pytest.mark.parametrize("profile", PROFILES)
async def test_added_through_the_config_flow(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A router added from the UI shows the profile's devices and values."""
    entry = await async_add_through_flow(hass, simulator)
    assert entry.state is ConfigEntryState.LOADED

    device = simulator.state.device
    serial = device["serialNumber"]
    assert entry.unique_id == serial
    assert entry.title == device["name"]
    router = device_by_identifier(device_registry, serial)
    assert router is not None
    assert router.name == device["name"]

    for wan_id, wan in simulator.state.wans.items():
        wan_device = device_by_identifier(device_registry, f"{serial}_wan{wan_id}")
        assert wan_device is not None
        # The router's name, then the WAN's: clear with several routers.
        assert wan_device.name == f"{device['name']} {wan.name}"
        assert wan_device.via_device_id == router.id
        state = state_of(hass, Platform.SENSOR, f"{serial}_wan{wan_id}_status")
        led, message = wan.status()
        assert state.state == derive_wan_state(wan.enable, led, message).value

    lifetime = state_of(hass, Platform.SENSOR, f"{serial}_lifetime_downloaded")
    assert lifetime.attributes["unit_of_measurement"] == "GB"
    assert float(lifetime.state) * 1000 == pytest.approx(
        simulator.state.lifetime_download_mb, abs=1
    )
    assert simulator.logins == 2  # one for the flow, one for the entry
