"""Entity IDs and devices that stay clear with several routers.

Routers name their WANs alike ("WAN 1", "Cellular 1"): a WAN's device carries the
router's name, and so do its entities' IDs. Its model is its type in words.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import slugify
import pytest

from custom_components.peplink.const import DOMAIN
from simulator import RouterSimulator
from tests.helpers import running_simulator
from tests.integration.common import (
    WAN_POLL,
    async_add_router,
    async_poll,
    config_entry_for,
    device_by_identifier,
    entity_id_of,
)


@pytest.fixture
def platforms() -> list[Platform]:
    """Sensors only: every WAN has some."""
    return [Platform.SENSOR]


@pytest.mark.parametrize("profile", ["max"])
async def test_two_routers_with_alike_wans(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
) -> None:
    """Two routers with a "Cellular 1" each: distinct IDs, each with its router."""
    van = await async_add_router(hass, simulator)
    async with running_simulator("legacy") as other:
        bus = await async_add_router(hass, other)
        van_serial = simulator.state.device["serialNumber"]
        bus_serial = other.state.device["serialNumber"]

        assert (
            entity_id_of(hass, Platform.SENSOR, f"{van_serial}_wan3_status")
            == "sensor.example_van_max_br2_pro_cellular_1_status"
        )
        assert (
            entity_id_of(hass, Platform.SENSOR, f"{bus_serial}_wan1_status")
            == "sensor.example_bus_max_hd2_cellular_1_status"
        )
        assert (
            entity_id_of(hass, Platform.SENSOR, f"{bus_serial}_wan2_rsrp")
            == "sensor.example_bus_max_hd2_cellular_2_rsrp"
        )
        # Every entity ID starts with its router's name: none is told apart by
        # a number Home Assistant appends.
        for entry, sim in ((van, simulator), (bus, other)):
            prefix = f"sensor.{slugify(sim.state.device['name'])}_"
            entity_ids = [
                registry_entry.entity_id
                for registry_entry in er.async_entries_for_config_entry(
                    entity_registry, entry.entry_id
                )
            ]
            assert entity_ids
            assert all(entity_id.startswith(prefix) for entity_id in entity_ids)
        await hass.config_entries.async_unload(bus.entry_id)


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_fusionhub_wan(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    serial: str,
) -> None:
    """A FusionHub's one WAN, named "WAN": its entities carry the router's name."""
    assert (
        entity_id_of(hass, Platform.SENSOR, f"{serial}_wan1_status")
        == "sensor.example_fusionhub_wan_status"
    )
    wan = device_by_identifier(device_registry, f"{serial}_wan1")
    router = device_by_identifier(device_registry, serial)
    assert wan is not None
    assert router is not None
    assert (wan.name, wan.model) == ("Example FusionHub WAN", "Ethernet")
    # The router's device keeps the router's name.
    assert router.name == "Example FusionHub"


@pytest.mark.parametrize("profile", ["max"])
async def test_models_in_words(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    simulator: RouterSimulator,
    serial: str,
) -> None:
    """Each WAN type of the MAX profile in words; a type never seen, readable."""
    models = {}
    for wan_id in simulator.state.wan_order:
        device = device_by_identifier(device_registry, f"{serial}_wan{wan_id}")
        assert device is not None
        models[wan_id] = device.model
    assert models == {
        1: "Ethernet",
        2: "Ethernet",
        3: "Cellular",
        4: "Cellular",
        5: "USB modem",
        6: "Wi-Fi",
        7: "Wi-Fi",
        8: "VLAN",
    }

    simulator.state.wans[1].fields["type"] = "satellite"
    await async_poll(hass, freezer, WAN_POLL, simulator)
    device = device_by_identifier(device_registry, f"{serial}_wan1")
    assert device is not None
    assert device.model == "Satellite"


@pytest.mark.parametrize("profile", ["max"])
async def test_existing_entity_ids_kept(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: RouterSimulator,
) -> None:
    """An entity ID made before WAN devices carried the router's name stays.

    The registry finds the entity by its unique ID, which is the same as before.
    """
    entry = config_entry_for(simulator)
    entry.add_to_hass(hass)
    serial = simulator.state.device["serialNumber"]
    entity_registry.async_get_or_create(
        Platform.SENSOR,
        DOMAIN,
        f"{serial}_wan3_status",
        suggested_object_id="cellular_1_status",
        config_entry=entry,
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert (
        entity_id_of(hass, Platform.SENSOR, f"{serial}_wan3_status")
        == "sensor.cellular_1_status"
    )
    # Entities new to the registry take the router's name.
    assert (
        entity_id_of(hass, Platform.SENSOR, f"{serial}_wan3_rsrp")
        == "sensor.example_van_max_br2_pro_cellular_1_rsrp"
    )
