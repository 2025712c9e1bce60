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
from homeassistant.const import (
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import LOGGER
from custom_components.peplink.services import SERVICE_READ_SMS
from custom_components.peplink.sms_services import SERVICE_DELETE_SMS
from simulator import Fault, RouterSimulator
from simulator.profiles import load_profile
from simulator.sms import receive_sms
from tests.constants import ADMIN, API_CLIENT
from tests.integration.actions import call, router_device
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


@pytest.mark.parametrize("profile", ["max"])
async def test_no_sms_in_logs_or_errors(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
) -> None:
    """Who texted and what: in the event and the action's answer, not in logs.

    Home Assistant's own debug lines may show an event's attributes; no line
    above debug does, and none of the integration's at any level.
    """
    caplog.set_level(logging.DEBUG)
    entry = await async_add_router(hass, simulator)
    sender, text = "+4915199999999", "Your code is 987654"
    receive_sms(simulator.state, 3, sender, text)
    await async_poll(hass, freezer, 61, simulator)
    event = hass.states.get(
        entity_id_of(hass, Platform.EVENT, f"{entry.unique_id}_wan3_sms_received")
    )
    assert event is not None
    assert event.attributes["text"] == text

    errors: list[str] = []
    router = {ATTR_DEVICE_ID: router_device(dr.async_get(hass), entry)}
    read = await call(hass, SERVICE_READ_SMS, router)
    assert text in str(read)
    simulator.inject("cmd.sms.get", Fault.stat_fail(3, "SIM card not ready"))
    await async_poll(hass, freezer, 61, simulator)
    with pytest.raises(HomeAssistantError) as refused:
        await call(hass, SERVICE_READ_SMS, router)
    errors.append(str(refused.value))
    simulator.clear_faults()
    simulator.inject("cmd.sms.delete", Fault.stat_fail(3, "invalid id"))
    with pytest.raises(HomeAssistantError) as refused:
        await call(hass, SERVICE_DELETE_SMS, {**router, "message_ids": [3]})
    errors.append(str(refused.value))
    simulator.clear_faults()
    await call(hass, SERVICE_DELETE_SMS, {**router, "all": True})
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    private = {sender, text, "987654"} | {
        value
        for inbox in load_profile("max")["sms"].values()
        for thread in inbox["sms"]
        for value in (thread["sender"], *(m["message"] for m in thread["message"]))
    }
    formatter = logging.Formatter()
    shown = [
        f"{record.name}: {record_text(record, formatter)}"
        for record in caplog.records
        if record.levelno > logging.DEBUG or record.name.startswith(LOGGER.name)
    ]
    assert any(line.startswith(LOGGER.name) for line in shown)
    assert [line for line in shown if any(value in line for value in private)] == []
    assert [error for error in errors if any(value in error for value in private)] == []
