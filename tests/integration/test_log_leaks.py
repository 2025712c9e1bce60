"""No password, client secret, access token or cookie value in logs or errors.

The log is captured at DEBUG for every logger while the integration sets up,
polls, signs in again, fails, refuses a write, meets changed credentials and is
unloaded and set up again against a failing router. Its debug lines (each
request, each sign-in, the probe's results) are among them; no line holds a
URL with the token, or a cookie.
"""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import LOGGER
from simulator import Fault, RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.integration.common import async_add_router, async_poll, entity_id_of

# What would only be in a line that shows a URL with the token, or a cookie.
NEVER_LOGGED = ("accessToken", "bauth=", "pauth=", "Cookie")


class Secrets:
    """Every secret value seen during the test."""

    def __init__(self, simulator: RouterSimulator) -> None:
        """Start with the configured credentials."""
        self._simulator = simulator
        self.values: set[str] = {
            ADMIN.password,
            API_CLIENT.client_id,
            API_CLIENT.client_secret,
            # The Wi-Fi keys the router sends with its SSID profiles.
            *(
                profile["security"]["wpa2Personal"]["key"]
                for profile_id, profile in simulator.state.profile[
                    "ssid_profiles"
                ].items()
                if profile_id != "order"
            ),
        }

    def collect(self, entry: MockConfigEntry | None = None) -> None:
        """Add the sessions and tokens the router and the client hold now."""
        auth = self._simulator.auth
        self.values.update(auth.sessions)
        self.values.update(auth.tokens)
        if entry is not None and entry.state is ConfigEntryState.LOADED:
            client = entry.runtime_data.client
            if client._sign_in.cookie is not None:
                self.values.add(client._sign_in.cookie[1])
            if client._sign_in.token is not None:
                self.values.add(client._sign_in.token)

    def found_in(self, text: str) -> set[str]:
        """The secrets that appear in text."""
        return {value for value in self.values if value in text}


def record_text(record: logging.LogRecord, formatter: logging.Formatter) -> str:
    """A record as any handler would write it: message, arguments, traceback."""
    parts = [record.getMessage(), repr(record.args)]
    if record.exc_info:
        parts.append(formatter.formatException(record.exc_info))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


@pytest.mark.parametrize("api_client", [False, True], ids=["admin", "api_client"])
@pytest.mark.parametrize("profile", ["max"])
async def test_no_secret_in_logs_or_errors(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    api_client: bool,
) -> None:
    """Set up, poll, sign in again, fail, refuse a write, write, reauth, unload, retry.

    Wi-Fi keys count as secrets too.
    """
    caplog.set_level(logging.DEBUG)
    secrets = Secrets(simulator)
    errors: list[str] = []
    serial = simulator.state.device["serialNumber"]
    entry = await async_add_router(hass, simulator, API_CLIENT if api_client else ADMIN)
    secrets.collect(entry)
    session_values = len(secrets.values)
    assert session_values >= 3, "no session or token was seen"

    # Polls, then an ended session: one new sign-in.
    for _ in range(2):
        await async_poll(hass, freezer, 61, simulator)
        secrets.collect(entry)
    simulator.expire_sessions()
    simulator.reset_counters()
    await async_poll(hass, freezer, 61, simulator)
    secrets.collect(entry)
    assert simulator.logins == 1
    assert len(secrets.values) > session_values

    # Failures while polling.
    simulator.inject("status.wan.connection", Fault.HTTP_500)
    simulator.inject("status.client", Fault.stat_fail(401, "Unauthorized"))
    await async_poll(hass, freezer, 61, simulator)
    secrets.collect(entry)
    simulator.clear_faults()
    await async_poll(hass, freezer, 61, simulator)
    secrets.collect(entry)

    # A write the router refuses.
    switch_id = entity_id_of(hass, Platform.SWITCH, f"{serial}_wan1_enabled")
    simulator.inject("config.wan.connection", Fault.stat_fail(401, "Unauthorized"))
    with pytest.raises(HomeAssistantError) as refused:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: switch_id}, blocking=True
        )
    errors.append(str(refused.value))
    errors.append(repr(refused.value.__cause__))
    simulator.clear_faults()
    secrets.collect(entry)

    # A Wi-Fi network turned off: the router answers with the profile, key and all.
    ssid_id = entity_id_of(hass, Platform.SWITCH, f"{serial}_ssid_1")
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: ssid_id}, blocking=True
    )
    assert simulator.state.profile["ssid_profiles"]["1"]["enable"] is False

    # The credentials change on the router: one refused sign-in, then reauth.
    if api_client:
        simulator.api_clients[API_CLIENT.client_id] = ("rotated-secret", "api")
    else:
        simulator.password = "changed-on-the-router"
    simulator.expire_sessions()
    simulator.reset_counters()
    await async_poll(hass, freezer, 61, simulator)
    assert simulator.failed_logins == 1
    assert any(
        flow["context"]["source"] == "reauth"
        for flow in hass.config_entries.flow.async_progress()
    )

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED

    # Set up again against a router that fails: the not-ready reason.
    if api_client:
        simulator.api_clients[API_CLIENT.client_id] = (API_CLIENT.client_secret, "api")
    else:
        simulator.password = ADMIN.password
    simulator.inject("status.wan.connection", Fault.HTTP_500)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    secrets.collect()
    assert entry.reason is not None
    errors.append(entry.reason)

    formatter = logging.Formatter()
    texts = [record_text(record, formatter) for record in caplog.records]
    assert [text for text in texts if any(part in text for part in NEVER_LOGGED)] == []
    # The debug lines that could hold a secret were there to check.
    ours = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(LOGGER.name)
    ]
    way = "an API client" if api_client else "an admin account"
    for expected in (
        f"POST {'auth.token.grant' if api_client else 'login'} at 127.0.0.1: HTTP 200",
        f"Signed in to 127.0.0.1 with {way}",
        f"Signing in to 127.0.0.1 with {way}: the router refused the session",
        "Signing in to 127.0.0.1 failed: The router refused the",
        "GET status.wan.connection at 127.0.0.1: HTTP 500",
        f"{entry.title} at setup: answered: identity, wan",
        f"Setting up {entry.title} failed, to be tried again later:",
    ):
        assert any(line.startswith(expected) for line in ours), expected
    leaks = {
        f"{record.name}: {record.getMessage()[:200]}": secrets.found_in(
            record_text(record, formatter)
        )
        for record in caplog.records
        if secrets.found_in(record_text(record, formatter))
    }
    assert leaks == {}
    assert caplog.records, "nothing was logged"
    assert [error for error in errors if secrets.found_in(error)] == []
