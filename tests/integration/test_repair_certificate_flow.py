"""The changed-certificate repair when the router is away or the entry is gone."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    TestClient,
)

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.integration.common import async_add_router, async_poll, state_of


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensors are enough to see the router's state."""
    return [Platform.SENSOR]


async def _certificate_changed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sim: RouterSimulator
) -> tuple[Any, str]:
    """Add the router, then let it present another certificate: the repair's issue."""
    # Pinned to the certificate of its first setup.
    entry = await async_add_router(hass, sim)
    assert entry.data[CONF_CERTIFICATE_SHA256]
    await sim.replace_certificate()
    await async_poll(hass, freezer, 15)
    issue_id = f"certificate_changed_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    return entry, issue_id


async def _open_repair(client: TestClient, issue_id: str) -> dict[str, Any]:
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    flow: dict[str, Any] = await response.json()
    return flow


async def test_repair_opened_while_the_router_is_away(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    https_simulator: RouterSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    """No certificate to show: the repair stops, trusts nothing, and works later."""
    sim = https_simulator
    entry, issue_id = await _certificate_changed(hass, freezer, sim)
    trusted = entry.data[CONF_CERTIFICATE_SHA256]
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()

    port = sim.port
    await sim.stop()
    flow = await _open_repair(client, issue_id)
    assert flow["type"] == "abort"
    assert flow["reason"] == "cannot_connect"
    assert entry.data[CONF_CERTIFICATE_SHA256] == trusted
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None

    # Back with the new certificate: the same repair now shows and trusts it.
    await sim.start(host=sim.host, port=port, https=True)
    flow = await _open_repair(client, issue_id)
    assert flow["step_id"] == "confirm"
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await response.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    assert entry.data[CONF_CERTIFICATE_SHA256] != trusted
    assert entry.state is ConfigEntryState.LOADED
    status = f"{entry.unique_id}_wan1_status"
    assert state_of(hass, Platform.SENSOR, status).state == "connected"


async def test_repair_confirmed_after_the_entry_was_deleted(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    https_simulator: RouterSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    """The entry deleted while the repair was open: confirming it adds nothing."""
    entry, issue_id = await _certificate_changed(hass, freezer, https_simulator)
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    flow = await _open_repair(client, issue_id)
    assert flow["step_id"] == "confirm"

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    requests = len(https_simulator.request_log)
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    answer = await response.json()

    assert answer["type"] == "abort"
    assert answer["reason"] == "entry_removed"
    assert not hass.config_entries.async_entries(DOMAIN)
    assert len(https_simulator.request_log) == requests
