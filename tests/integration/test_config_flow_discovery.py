"""DHCP discovery: new routers offered once, configured ones left alone or followed."""

from __future__ import annotations

from fnmatch import fnmatch
from unittest.mock import AsyncMock

from homeassistant.config_entries import SOURCE_IGNORE
from homeassistant.const import CONF_HOST, CONF_MAC, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.loader import async_get_integration
import pytest

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.constants import API_CLIENT, BALANCE_SERIAL
from tests.integration.common import (
    added_entry,
    config_entry_for,
    entry_data,
    other_router_entry,
)
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    PEPLINK_MAC,
    assert_connection_error,
    certificate_fingerprint,
    connection_input,
    discover,
    pinned_entry,
    schema_defaults,
    submit,
)

pytestmark = pytest.mark.usefixtures("tolerate_refused_handshakes")

MAC = "00:1a:dd:c0:ff:ee"
# An address the router had before; nothing answers there.
OLD_ADDRESS = "192.0.2.10"


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
async def test_new_router_is_offered_and_added(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    https_simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    https: bool,
) -> None:
    sim = https_simulator if https else simulator
    result = await discover(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "dhcp_confirm"
    assert result["description_placeholders"] == {"host": "127.0.0.1"}
    # The address filled in; HTTPS, unverified, as for a router fresh from the box.
    assert schema_defaults(result) == {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: None,
        "ssl": True,
        "verify_ssl": False,
    }
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flows[0]["context"]["title_placeholders"] == {"host": "127.0.0.1"}

    result = await submit(hass, result, connection_input(sim))
    assert result["type"] is FlowResultType.MENU
    result = await submit(hass, result, {"next_step_id": "api_client"})
    result = await submit(hass, result, API_CLIENT_INPUT)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    pinned = (
        {CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex()}
        if https
        else {}
    )
    # The MAC address recognizes the router if it moves.
    assert result["data"] == {
        **entry_data(sim, API_CLIENT),
        **pinned,
        CONF_MAC: MAC,
    }
    assert result["result"].unique_id == BALANCE_SERIAL


async def test_discovered_router_at_another_address_keeps_no_mac(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """The user typed another address: the MAC address found is not its router's."""
    result = await discover(hass, host="127.0.0.2")
    result = await submit(hass, result, connection_input(simulator))
    result = await submit(hass, result, {"next_step_id": "admin"})
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == entry_data(simulator)


async def test_discovered_address_is_checked_where_it_is_shown(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    connection = connection_input(simulator)
    port = simulator.port
    await simulator.stop()
    result = await discover(hass)

    result = await submit(hass, result, connection)
    assert_connection_error(result, "cannot_connect", connection, "dhcp_confirm")
    assert result["description_placeholders"] == {"host": "127.0.0.1"}

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, connection)
    assert result["type"] is FlowResultType.MENU


async def test_configured_router_is_not_offered(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    added_entry(hass, simulator)
    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert not simulator.request_log


async def test_discovered_router_is_offered_once(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    result = await discover(hass)
    assert result["type"] is FlowResultType.FORM

    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_in_progress"


async def test_ignored_router_is_not_offered_again(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    await discover(hass)
    await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IGNORE},
        data={"unique_id": MAC, "title": "127.0.0.1"},
    )

    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_moved_router_with_its_certificate_is_followed(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Its pinned certificate proves the router: the entry follows, unsigned."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_HOST: OLD_ADDRESS}
    )

    result = await discover(hass)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert entry.data[CONF_MAC] == MAC
    # Reloaded at its new address; the handshake sent nothing.
    assert len(mock_setup_entry.mock_calls) == 1
    assert sim.logins == 0
    assert not sim.request_log


async def test_moved_router_with_another_certificate_is_not_followed(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Another certificate at the new address proves nothing: it is offered instead."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    moved = {**entry.data, CONF_HOST: OLD_ADDRESS, CONF_CERTIFICATE_SHA256: "ab" * 32}
    hass.config_entries.async_update_entry(entry, data=moved)

    result = await discover(hass)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "dhcp_confirm"
    assert dict(entry.data) == moved
    assert len(mock_setup_entry.mock_calls) == 0
    assert sim.logins == 0
    assert not sim.request_log


async def test_device_without_tls_proves_no_pinned_router(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """No handshake on the entries' port proves nothing: the device is offered."""
    pinned = {
        **entry_data(simulator),
        CONF_HOST: OLD_ADDRESS,
        "ssl": True,
        CONF_CERTIFICATE_SHA256: "ab" * 32,
    }
    entries = [config_entry_for(simulator), other_router_entry(simulator)]
    for entry in entries:
        entry.add_to_hass(hass)
        hass.config_entries.async_update_entry(entry, data=pinned)

    result = await discover(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "dhcp_confirm"
    assert all(dict(entry.data) == pinned for entry in entries)
    assert not simulator.request_log


async def test_moved_router_known_by_its_mac_is_left_alone(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Found by discovery before, over HTTP: not offered again, not followed."""
    entry = added_entry(hass, simulator)
    moved = {**entry.data, CONF_HOST: OLD_ADDRESS, CONF_MAC: MAC}
    hass.config_entries.async_update_entry(entry, data=moved)

    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert dict(entry.data) == moved
    assert not simulator.request_log


async def test_router_under_a_host_name_keeps_it(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A host name follows the router by itself: the entry is left as it is."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    named = {**entry.data, CONF_HOST: "localhost"}
    hass.config_entries.async_update_entry(entry, data=named)

    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert dict(entry.data) == named
    assert len(mock_setup_entry.mock_calls) == 0


async def test_reconfigure_keeps_the_mac(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_MAC: MAC})

    result = await entry.start_reconfigure_flow(hass)
    result = await submit(hass, result, {**connection_input(simulator), **ADMIN_INPUT})
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == {**entry_data(simulator), CONF_MAC: MAC}


async def test_peplink_mac_prefixes_are_matched(hass: HomeAssistant) -> None:
    """Home Assistant discovers the IEEE OUIs of Peplink and PePWave."""
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.dhcp == [
        {"macaddress": "001ADD*"},
        {"macaddress": "1056CA*"},
        {"macaddress": "00116E*"},
    ]
    assert fnmatch(PEPLINK_MAC.upper(), integration.dhcp[0]["macaddress"])
