"""Diagnostics: the router's reports, with nothing private left in them."""

from __future__ import annotations

from collections.abc import Iterator
import json
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.peplink.diagnostics import TO_REDACT
from simulator import PROFILES, RouterSimulator
from simulator.profiles import load_profile
from tests.constants import ADMIN, API_CLIENT
from tests.integration.common import async_add_router, async_setup_integration
from tests.integration.sms_recipients import (
    NUMBER,
    RECIPIENT_NAME,
    entry_with_recipients,
    recipient_subentry,
)


def _values(data: Any, keys: set[str]) -> Iterator[str]:
    """Every value under one of `keys`, anywhere in the profile."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str | int | float) and value != "":
                yield str(value)
            else:
                yield from _values(value, keys)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item, keys)


def sensitive_values(
    simulator: RouterSimulator, profile: str, *, api_client: bool
) -> set[str]:
    """What the diagnostics must never show, read from the profile and credentials.

    Host names and SSIDs are sought as whole JSON strings: a router's name may
    start with its SSID's.
    """
    data = load_profile(profile)
    secrets = {data["device"]["serialNumber"], simulator.host}
    if api_client:
        secrets |= {API_CLIENT.client_id, API_CLIENT.client_secret}
    else:
        secrets |= {ADMIN.username, ADMIN.password}
    for client in data["clients"]:
        secrets |= {client["mac"], client["mac"].lower()}
    secrets |= set(_values(data["wans"], {"imei", "imsi", "iccid", "apn", "ip"}))
    # Who sent the SIMs' messages, and what they say.
    secrets |= set(_values(data["sms"], {"sender", "message", "iccid", "imsi", "mtn"}))
    names = {client["name"] for client in data["clients"] if client.get("name")}
    names |= set(_values(data, {"ssid", "essid"}))
    # The router's own Wi-Fi networks, and their keys.
    ssid_profiles = data.get("ssid_profiles", {})
    names |= set(_values(ssid_profiles, {"name"}))
    secrets |= set(_values(ssid_profiles, {"key"}))
    secrets |= {json.dumps(name) for name in names}
    if data["gps"] is not None:
        location = data["gps"]["location"]
        secrets |= {str(location["latitude"]), str(location["longitude"])}
    return secrets


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("api_client", [False, True], ids=["admin", "api_client"])
async def test_nothing_private(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
    profile: str,
    api_client: bool,
) -> None:
    """No credential, address, serial, MAC, SIM detail, name or position leaks.

    Names: the clients' host names and every SSID (of clients, Wi-Fi WANs, the
    router's own networks); nor any Wi-Fi key.
    """
    entry = await async_add_router(hass, simulator, API_CLIENT if api_client else ADMIN)
    assert entry.state is ConfigEntryState.LOADED
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = json.dumps(diagnostics)
    secrets = sensitive_values(simulator, profile, api_client=api_client)
    # The check must have something to find.
    assert len(secrets) > 5
    leaked = sorted(secret for secret in secrets if secret in text)
    assert leaked == [], leaked
    # Still a useful report: the router's data is there.
    assert diagnostics["entry"]["data"]["host"] == REDACTED
    assert sorted(wan["name"] for wan in diagnostics["wan"]["wans"].values()) == (
        sorted(wan["name"] for wan in load_profile(profile)["wans"])
    )
    assert (
        diagnostics["identity"]["device"]["model"]
        == (load_profile(profile)["device"]["model"])
    )


def test_wifi_keys_and_passwords_at_any_depth() -> None:
    """A Wi-Fi key or password goes, wherever a report would carry it."""
    profile = {
        "name": "Main SSID",
        "security": {"wpa2Personal": {"key": "wifi-secret"}},
        "psk": "wifi-secret",
        "sims": [{"apn": "internet", "password": "apn-secret"}],
    }

    assert async_redact_data({"profiles": [profile]}, TO_REDACT) == {
        "profiles": [
            {
                "name": "Main SSID",
                "security": {"wpa2Personal": {"key": REDACTED}},
                "psk": REDACTED,
                "sims": [{"apn": REDACTED, "password": REDACTED}],
            }
        ]
    }


@pytest.mark.parametrize("profile", ["legacy"])
async def test_names_of_clients_and_networks(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """Clients keep what they are, not who; a Wi-Fi WAN keeps its signal."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )

    clients = diagnostics["clients"]
    assert {client["name"] for client in clients} == {REDACTED}
    wireless = [c for c in clients if c["connection_type"] == "wireless"]
    assert wireless
    assert {client["ssid"] for client in wireless} == {REDACTED}
    wifi_wan = next(
        wan["wifi"] for wan in diagnostics["wan"]["wans"].values() if wan["wifi"]
    )
    assert wifi_wan["ssid"] == REDACTED
    assert wifi_wan["signal_strength"] is not None


@pytest.mark.parametrize("profile", ["max"])
async def test_max_cellular_and_gps_present(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """The MAX's cellular and GPS sections are in the report, redacted."""
    assert init_integration.state is ConfigEntryState.LOADED
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    cellular = diagnostics["wan"]["wans"]["3"]["cellular"]
    assert cellular["carrier"] == "Carrier1"
    assert cellular["imei"] == "**REDACTED**"
    sim = cellular["sims"][0]
    assert sim["imsi"] == "**REDACTED**"
    assert sim["iccid"] == "**REDACTED**"
    assert sim["apn"] == "**REDACTED**"
    location = diagnostics["location"]
    assert location["has_fix"] is True
    assert location["latitude"] == "**REDACTED**"
    assert location["longitude"] == "**REDACTED**"
    # Each SMS shows how the router lists it, not who sent it or what it says.
    assert [
        (inbox["wan_id"], inbox["sim_id"], inbox["iccid"])
        for inbox in diagnostics["sms"]
    ] == [(3, 1, REDACTED), (4, 1, REDACTED)]
    assert diagnostics["sms"][0]["messages"] == [
        {
            "message_ids": [1],
            "sender": REDACTED,
            "timestamp": 1581774925,
            "text": REDACTED,
        },
        {
            "message_ids": [2, 6],
            "sender": REDACTED,
            "timestamp": 1580867113,
            "text": REDACTED,
        },
    ]


@pytest.mark.parametrize("profile", ["max"])
async def test_wifi_networks_and_sim_preferences(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The Wi-Fi networks are in the report without names or keys; SIMs too."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    text = json.dumps(diagnostics)
    keys = set(_values(simulator.state.profile["ssid_profiles"], {"key"}))
    assert len(keys) == 3
    assert [key for key in keys if key in text] == []
    profiles = diagnostics["ssid_profiles"]
    assert [profile["profile_id"] for profile in profiles] == [1, 2, 3]
    assert {profile["ssid"] for profile in profiles} == {REDACTED}
    assert [profile["enabled"] for profile in profiles] == [True, False, True]
    assert diagnostics["sim_preferences"] == [
        {"wan_id": 3, "enabled_sims": [1, 2], "preferred_sim": 1},
        {"wan_id": 4, "enabled_sims": [1, 2], "preferred_sim": None},
    ]


@pytest.mark.parametrize("profile", ["balance"])
async def test_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    assert init_integration.state is ConfigEntryState.LOADED
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    # The simulator listens on a free port: it differs from run to run.
    assert diagnostics["entry"]["data"]["port"] == simulator.port
    assert diagnostics == snapshot(exclude=props("port"))


async def test_title_that_is_the_host_is_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
) -> None:
    """A router with no name or model is titled with its host: that stays private."""
    entry = await async_add_router(hass, simulator, ADMIN)
    hass.config_entries.async_update_entry(entry, title=simulator.host)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["entry"]["title"] == REDACTED
    assert simulator.host not in json.dumps(diagnostics)


@pytest.mark.parametrize("profile", ["max"])
async def test_sms_recipients(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
) -> None:
    """SMS recipients show the WAN they send through: no name, no number."""
    entry = entry_with_recipients(
        simulator, [recipient_subentry({"number": NUMBER, "wan": 4})]
    )
    assert await async_setup_integration(hass, entry)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["sms_recipients"] == [{"wan": 4}]
    text = json.dumps(diagnostics)
    assert NUMBER not in text
    assert RECIPIENT_NAME not in text
