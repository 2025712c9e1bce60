"""Repairs: the router's certificate, a locked account, what an API client misses."""

from __future__ import annotations

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.peplink.api import (
    ACCOUNT_LOCK_BACKOFF,
    AdminCredentials,
    PeplinkAuthenticationError,
    PeplinkClient,
)
from custom_components.peplink.const import (
    CONF_CERTIFICATE_SHA256,
    DOMAIN,
    TRAFFIC_INTERVAL,
)
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.integration.common import (
    async_add_router,
    async_add_through_flow,
    async_poll,
    entry_data,
    is_available,
    is_registered,
    state_of,
)


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensors are enough to see the router's state."""
    return [Platform.SENSOR]


async def test_changed_certificate_raises_a_repair(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    https_simulator: RouterSimulator,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
    http_session: aiohttp.ClientSession,
) -> None:
    sim = https_simulator
    entry = await async_add_through_flow(hass, sim)
    probe = PeplinkClient(sim.host, ADMIN, session=http_session, port=sim.port)
    assert (
        entry.data[CONF_CERTIFICATE_SHA256]
        == (await probe.get_certificate_fingerprint()).hex()
    )
    status = f"{entry.unique_id}_wan1_status"
    assert state_of(hass, Platform.SENSOR, status).state == "connected"

    await sim.replace_certificate()
    requests_before = len(sim.request_log)
    await async_poll(hass, freezer, 15)

    # Not a request, not a credential went to the new certificate.
    assert len(sim.request_log) == requests_before
    assert not is_available(hass, Platform.SENSOR, status)
    issue_id = f"certificate_changed_{entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable

    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    new_fingerprint = (await probe.get_certificate_fingerprint()).hex()
    assert (
        flow["description_placeholders"]["fingerprint"].replace(":", "").lower()
        == new_fingerprint
    )
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await response.json())["type"] == "create_entry"
    await hass.async_block_till_done()

    assert entry.data[CONF_CERTIFICATE_SHA256] == new_fingerprint
    assert entry.state is ConfigEntryState.LOADED
    assert state_of(hass, Platform.SENSOR, status).state == "connected"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_locked_account_pauses_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    http_session: aiohttp.ClientSession,
) -> None:
    entry = init_integration
    status = f"{entry.unique_id}_wan1_status"
    # Someone else guesses the password until the router locks the account.
    simulator.lockout_after = 1
    intruder = PeplinkClient(
        simulator.host,
        AdminCredentials(ADMIN.username, "guess"),
        session=http_session,
        port=simulator.port,
        https=False,
    )
    with pytest.raises(PeplinkAuthenticationError):
        await intruder.login()
    simulator.expire_sessions()
    logins_before = simulator.requests["login"]

    await async_poll(hass, freezer, 15)
    assert not is_available(hass, Platform.SENSOR, status)
    issue_id = f"account_locked_{entry.entry_id}"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    assert entry.state is ConfigEntryState.LOADED
    assert not hass.config_entries.flow.async_progress()
    # Several polls later: still only the one refused sign-in.
    for _ in range(8):
        await async_poll(hass, freezer, 15)
    assert simulator.requests["login"] == logins_before + 1

    # The lock clears on the router; after the pause, polling resumes by itself.
    simulator.advance(simulator.lockout_seconds)
    await async_poll(hass, freezer, ACCOUNT_LOCK_BACKOFF)
    await async_poll(hass, freezer, 15)
    assert state_of(hass, Platform.SENSOR, status).state == "connected"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert simulator.requests["login"] == logins_before + 2


@pytest.mark.parametrize("profile", ["max"])
async def test_traffic_refused_to_an_api_client_raises_a_repair(
    hass: HomeAssistant, simulator: RouterSimulator, issue_registry: ir.IssueRegistry
) -> None:
    """The router's identity reads officially; its traffic only at its web admin."""
    simulator.state.profile["paths"]["status.traffic"] = ["cgi"]
    simulator.cgi_refuses_tokens = True

    entry = await async_add_router(hass, simulator, API_CLIENT)

    rate = f"{entry.unique_id}_wan1_download_rate"
    assert not is_registered(hass, Platform.SENSOR, rate)
    assert is_available(hass, Platform.SENSOR, f"{entry.unique_id}_wan1_status")
    issue_id = f"traffic_needs_admin_{entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable

    # Signed in as an admin instead, the traffic shows and the repair goes.
    hass.config_entries.async_update_entry(entry, data=entry_data(simulator, ADMIN))
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert is_available(hass, Platform.SENSOR, rate)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_traffic_refused_while_polling_raises_the_repair(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: RouterSimulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A web admin that starts refusing the token after setup is named too."""
    simulator.state.profile["paths"]["status.traffic"] = ["cgi"]
    entry = await async_add_router(hass, simulator, API_CLIENT)
    issue_id = f"traffic_needs_admin_{entry.entry_id}"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None

    simulator.cgi_refuses_tokens = True
    await async_poll(hass, freezer, TRAFFIC_INTERVAL.total_seconds(), simulator)

    assert not is_available(
        hass, Platform.SENSOR, f"{entry.unique_id}_wan1_download_rate"
    )
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
