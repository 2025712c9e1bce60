"""Switches: enabling WANs, the Wi-Fi access point, refused and retried writes."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.api import ApiClientCredentials
from custom_components.peplink.const import DOMAIN
from simulator import Fault, RouterSimulator
from tests.conftest import API_CLIENT, READ_ONLY_CLIENT
from tests.integration.common import async_poll, entity_id_of, state_of
from tests.integration.conftest import entry_data
from tests.integration.platform_snapshot import async_snapshot_platform

PROFILES = ["balance", "max", "fusionhub", "legacy"]
CONTROL_DOMAINS = (Platform.SWITCH, Platform.SELECT, Platform.BUTTON)


@pytest.fixture
def platforms() -> list[Platform]:
    """The platforms to set up; parametrize to add others."""
    return [Platform.SWITCH]


def posts(simulator: RouterSimulator) -> list[str]:
    """The functions the simulator received as POST (writes and commands)."""
    return [
        request.function
        for request in simulator.request_log
        if request.method == "POST" and request.function not in ("login", "logout")
    ]


async def switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    """Call switch.turn_on or switch.turn_off and wait for it."""
    await hass.services.async_call(
        Platform.SWITCH, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every switch of every profile."""
    await async_snapshot_platform(hass, snapshot, init_integration)


@pytest.mark.parametrize("platforms", [[Platform.SWITCH, Platform.SENSOR]])
async def test_turn_wan_off_and_on(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router applies the change, and both entities show it right after."""
    serial = init_integration.unique_id
    switch_id = entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan1_enabled")
    status_id = entity_id_of(entity_registry, Platform.SENSOR, f"{serial}_wan1_status")
    assert state_of(hass, switch_id) == STATE_ON
    assert state_of(hass, status_id) == "connected"
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, switch_id)

    assert not simulator.state.wans[1].enable
    assert simulator.state.wans[1].state == "disabled"
    assert posts(simulator) == ["config.wan.connection", "cmd.config.apply"]
    write = next(
        request
        for request in simulator.request_log
        if request.function == "config.wan.connection"
    )
    assert write.body["list"] == [{"id": 1, "enable": False}]
    # The entities show what the router reports after the write, without a poll.
    assert simulator.requests["status.wan.connection"] == 1
    assert state_of(hass, switch_id) == STATE_OFF
    assert state_of(hass, status_id) == "disabled"
    # Other WANs are untouched.
    assert simulator.state.wans[2].state == "connected"

    simulator.reset_counters()
    await switch(hass, SERVICE_TURN_ON, switch_id)

    assert simulator.state.wans[1].enable
    assert simulator.state.wans[1].state == "connected"
    assert posts(simulator) == ["config.wan.connection", "cmd.config.apply"]
    assert state_of(hass, switch_id) == STATE_ON
    assert state_of(hass, status_id) == "connected"
    assert simulator.logins == 0


async def test_turn_on_a_disabled_wan(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A WAN disabled in the profile (Balance WAN 4) can be enabled."""
    switch_id = entity_id_of(
        entity_registry, Platform.SWITCH, f"{init_integration.unique_id}_wan4_enabled"
    )
    assert state_of(hass, switch_id) == STATE_OFF

    await switch(hass, SERVICE_TURN_ON, switch_id)

    assert simulator.state.wans[4].enable
    assert state_of(hass, switch_id) == STATE_ON


async def test_refused_write(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router's refusal reaches the user; the write is not sent again."""
    switch_id = entity_id_of(
        entity_registry, Platform.SWITCH, f"{init_integration.unique_id}_wan1_enabled"
    )
    simulator.inject("config.wan.connection", Fault.stat_fail(3, "invalid connId"))
    simulator.reset_counters()

    with pytest.raises(HomeAssistantError, match="invalid connId") as raised:
        await switch(hass, SERVICE_TURN_OFF, switch_id)

    assert raised.value.translation_key == "write_failed"
    assert simulator.requests["config.wan.connection"] == 1
    assert simulator.requests["cmd.config.apply"] == 0
    assert simulator.logins == 0
    assert simulator.state.wans[1].enable
    assert simulator.state.pending_wan_config == {}
    assert state_of(hass, switch_id) == STATE_ON


async def test_write_after_session_expired(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A write the router refused for its session is sent once more after a login."""
    switch_id = entity_id_of(
        entity_registry, Platform.SWITCH, f"{init_integration.unique_id}_wan1_enabled"
    )
    simulator.expire_sessions()
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, switch_id)

    writes = [
        request.authenticated
        for request in simulator.request_log
        if request.function == "config.wan.connection"
    ]
    assert writes == [False, True]
    assert simulator.logins == 1
    assert simulator.requests["cmd.config.apply"] == 1
    assert simulator.state.wans[1].state == "disabled"
    assert state_of(hass, switch_id) == STATE_OFF


async def test_apply_refused(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """A change the router did not apply does not linger to be applied later.

    Turning WAN 1 off fails at cmd.config.apply; turning WAN 4 on afterwards
    must not disable WAN 1 with it.
    """
    serial = init_integration.unique_id
    wan1_id = entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan1_enabled")
    wan4_id = entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan4_enabled")
    simulator.inject("cmd.config.apply", Fault.INTERNAL_ERROR, count=1)

    with pytest.raises(HomeAssistantError):
        await switch(hass, SERVICE_TURN_OFF, wan1_id)
    assert simulator.state.wans[1].enable
    assert state_of(hass, wan1_id) == STATE_ON

    await switch(hass, SERVICE_TURN_ON, wan4_id)

    assert simulator.state.wans[4].enable
    assert simulator.state.wans[1].enable
    assert state_of(hass, wan1_id) == STATE_ON


@pytest.mark.parametrize("profile", ["max"])
async def test_access_point(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The Wi-Fi AP switch turns the router's AP off and on."""
    switch_id = entity_id_of(
        entity_registry, Platform.SWITCH, f"{init_integration.unique_id}_access_point"
    )
    assert simulator.state.ap["enable"] is True
    assert state_of(hass, switch_id) == STATE_ON
    simulator.reset_counters()

    await switch(hass, SERVICE_TURN_OFF, switch_id)
    assert simulator.state.ap["enable"] is False
    assert state_of(hass, switch_id) == STATE_OFF
    assert posts(simulator) == ["cmd.ap"]

    await switch(hass, SERVICE_TURN_ON, switch_id)
    assert simulator.state.ap["enable"] is True
    assert state_of(hass, switch_id) == STATE_ON
    assert posts(simulator) == ["cmd.ap", "cmd.ap"]


@pytest.mark.parametrize("profile", ["balance", "fusionhub"])
async def test_no_access_point_switch(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """No AP switch where the router has no AP (Balance) or no AP function."""
    serial = init_integration.unique_id
    assert (
        entity_registry.async_get_entity_id(
            Platform.SWITCH, DOMAIN, f"{serial}_access_point"
        )
        is None
    )
    # The WAN switches are there.
    entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan1_enabled")


@pytest.mark.parametrize(
    ("profile", "platforms"), [("max", [Platform.SWITCH, Platform.SENSOR])]
)
async def test_access_point_polled_after_write_only(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """Turning the AP off refreshes the AP, not the WANs."""
    switch_id = entity_id_of(
        entity_registry, Platform.SWITCH, f"{init_integration.unique_id}_access_point"
    )
    simulator.reset_counters()
    await switch(hass, SERVICE_TURN_OFF, switch_id)
    gets = [
        request.function for request in simulator.request_log if request.method == "GET"
    ]
    assert gets == ["cmd.ap"]


@pytest.mark.parametrize(
    ("profile", "platforms", "credentials", "controls"),
    [
        ("max", [*CONTROL_DOMAINS, Platform.SENSOR], READ_ONLY_CLIENT, False),
        ("max", [*CONTROL_DOMAINS, Platform.SENSOR], API_CLIENT, True),
    ],
    ids=["read-only", "read-write"],
)
async def test_read_only_api_client(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    credentials: ApiClientCredentials,
    controls: bool,
) -> None:
    """A read-only API client gets no controls and never asks for the AP."""
    data = entry_data(simulator, api_client=True)
    data[CONF_CLIENT_ID] = credentials.client_id
    data[CONF_CLIENT_SECRET] = credentials.client_secret
    device = simulator.state.device
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device["name"],
        unique_id=device["serialNumber"],
        data=data,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    domains = {entity.domain for entity in entities}
    # Sensors are there either way.
    assert Platform.SENSOR in domains
    for domain in CONTROL_DOMAINS:
        assert (domain in domains) is controls, domain
    assert (simulator.requests["cmd.ap"] > 0) is controls
    assert not any(
        request.method == "POST" and request.function.startswith(("config.", "cmd."))
        for request in simulator.request_log
    )


async def test_wan_no_longer_listed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The switch of a WAN the router stops listing is unavailable until it is back."""
    serial = init_integration.unique_id
    wan3 = entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan3_enabled")
    wan1 = entity_id_of(entity_registry, Platform.SWITCH, f"{serial}_wan1_enabled")
    simulator.state.wan_order.remove(3)
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, wan3) == STATE_UNAVAILABLE
    assert state_of(hass, wan1) == STATE_ON

    simulator.state.wan_order.insert(2, 3)
    await async_poll(hass, freezer, 15, simulator)
    assert state_of(hass, wan3) == STATE_ON
