"""Diagnostics: the router's reports, with nothing private left in them."""

from __future__ import annotations

from collections.abc import Iterator
import json
from typing import Any

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

from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.conftest import ADMIN, API_CLIENT
from tests.integration.conftest import entry_data

PROFILES_DIR = "simulator/profiles"


def profile_data(profile: str) -> dict[str, Any]:
    """The simulator's profile, as the router would report it."""
    with open(f"{PROFILES_DIR}/{profile}.json", encoding="utf-8") as file:
        return json.load(file)


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


def sensitive_values(profile: str, *, api_client: bool) -> set[str]:
    """What the diagnostics must never show, read from the profile and credentials."""
    data = profile_data(profile)
    secrets = {data["device"]["serialNumber"]}
    if api_client:
        secrets |= {API_CLIENT.client_id, API_CLIENT.client_secret}
    else:
        secrets |= {ADMIN.username, ADMIN.password}
    for client in data["clients"]:
        secrets |= {client["mac"], client["mac"].lower()}
    secrets |= set(_values(data["wans"], {"imei", "imsi", "iccid", "apn", "ip"}))
    if data["gps"] is not None:
        location = data["gps"]["location"]
        secrets |= {str(location["latitude"]), str(location["longitude"])}
    return secrets


async def async_setup(
    hass: HomeAssistant, simulator: RouterSimulator, *, api_client: bool
) -> MockConfigEntry:
    """Set up an entry for the simulator with one of the sign-in methods."""
    device = simulator.state.device
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=entry_data(simulator, api_client=api_client),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


@pytest.mark.parametrize("profile", ["balance", "max", "fusionhub", "legacy"])
@pytest.mark.parametrize("api_client", [False, True], ids=["admin", "api_client"])
async def test_nothing_private(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
    profile: str,
    api_client: bool,
) -> None:
    """No credential, serial, MAC, SIM detail, WAN address or position leaks."""
    entry = await async_setup(hass, simulator, api_client=api_client)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = json.dumps(diagnostics)
    secrets = sensitive_values(profile, api_client=api_client)
    # The check must have something to find.
    assert len(secrets) > 5
    leaked = sorted(secret for secret in secrets if secret in text)
    assert leaked == [], leaked
    # Still a useful report: the router's data is there.
    assert diagnostics["wan"]["wans"]
    assert (
        diagnostics["identity"]["device"]["model"]
        == (profile_data(profile)["device"]["model"])
    )


@pytest.mark.parametrize("profile", ["max"])
async def test_max_cellular_and_gps_present(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
) -> None:
    """The MAX's cellular and GPS sections are in the report, redacted."""
    entry = await async_setup(hass, simulator, api_client=False)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
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


@pytest.mark.parametrize("profile", ["balance"])
async def test_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: RouterSimulator,
    snapshot: SnapshotAssertion,
) -> None:
    entry = await async_setup(hass, simulator, api_client=False)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    # The simulator listens on a free port: it differs from run to run.
    assert diagnostics["entry"]["data"]["port"] == simulator.port
    assert diagnostics == snapshot(exclude=props("port"))
