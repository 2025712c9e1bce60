"""What the client reads from every simulator profile.

A snapshot holds every model of every profile; the tests after it check the
values the reference shows for real routers.
"""

from __future__ import annotations

from collections.abc import Mapping
import dataclasses
from enum import Enum
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.peplink.api import (
    PeplinkClient,
    PeplinkError,
    PeplinkUnsupportedError,
    WanState,
)
from simulator import PROFILES, RouterSimulator
from tests.helpers import ClientFactory

READS = (
    "get_router_info",
    "get_firmware",
    "get_wan_status",
    "get_allowances",
    "get_clients",
    "get_traffic",
    "get_hardware",
    "get_location",
    "get_pepvpn_status",
    "get_access_point",
    "get_sim_preferences",
    "get_ssid_profiles",
)


def plain(value: Any) -> Any:
    """Models as JSON-like data, which every syrupy version writes alike."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {
            field.name: getattr(value, field.name)
            for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


async def read_everything(client: PeplinkClient) -> dict[str, Any]:
    """Every read, the SMS of each cellular WAN included; errors by their type."""
    results: dict[str, Any] = {}
    for name in READS:
        try:
            results[name] = await getattr(client, name)()
        except PeplinkError as err:
            results[name] = type(err).__name__
    for wan in results["get_wan_status"].wans.values():
        if wan.cellular is not None:
            try:
                results[f"get_sms({wan.wan_id})"] = await client.get_sms(wan.wan_id)
            except PeplinkError as err:
                results[f"get_sms({wan.wan_id})"] = type(err).__name__
    return results


@pytest.mark.parametrize("profile", PROFILES)
async def test_every_profile_reads(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    snapshot: SnapshotAssertion,
) -> None:
    """What the client makes of each profile's answers, read once signed in."""
    results = await read_everything(make_client())

    assert plain(results) == snapshot
    assert simulator.logins == 1


@pytest.mark.parametrize("profile", ["balance"])
async def test_balance_matches_reference(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()

    device = await client.get_router_info()
    assert device.serial_number == "AB12-BC34-DE56"
    assert device.name == "Example Site Balance 710"
    assert device.model == "Peplink Balance 710"
    assert device.product_code == "BPL-710"
    assert device.hardware_revision == "3"
    assert device.firmware_version == "8.5.1 build 5340"

    wans = (await client.get_wan_status()).wans
    assert list(wans) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert wans[1].name == "Peak Wifi"
    assert wans[1].ip_address == "10.10.10.101"
    assert wans[1].uptime == 439609
    assert wans[1].state is WanState.CONNECTED
    assert wans[1].priority == 1
    assert wans[2].name == "T-Mobile (RM550)"
    assert wans[4].state is WanState.DISABLED
    assert wans[4].priority is None
    assert wans[8].name == "Mobile Internet"
    assert wans[8].connection_type == "modem"
    assert wans[8].cellular is None

    traffic = await client.get_traffic()
    assert traffic.wans[1].download_rate == 2342
    assert traffic.wans[1].upload_rate == 1634
    assert traffic.wans[1].downloaded == 150791
    assert traffic.wans[1].uploaded == 109331
    assert traffic.wans[3].downloaded == 3379
    assert traffic.download_rate == 2342 + 224 + 120
    assert traffic.lifetime_downloaded == 208003
    assert traffic.lifetime_uploaded == 116122

    hardware = await client.get_hardware()
    assert len(hardware.fans) == 2
    assert hardware.fans[0].max_speed == 17000
    assert hardware.fans[0].speed == 0
    assert hardware.fans[0].active is True
    assert [sensor.temperature for sensor in hardware.thermal_sensors] == [37.0]
    assert hardware.thermal_sensors[0].threshold == 30.0

    clients = await client.get_clients()
    assert clients["AA:BB:CC:DD:EE:FF"].name == "UDM Pro WAN1"
    assert clients["AA:BB:CC:DD:EE:FF"].ip_address == "192.168.211.2"
    assert clients["AA:BB:CC:DD:EE:FF"].vlan_id == 100
    assert clients["AA:BB:CC:DD:EE:FF"].active

    with pytest.raises(PeplinkUnsupportedError):
        await client.get_location()


@pytest.mark.parametrize("profile", ["max"])
async def test_max_matches_reference(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()

    wans = (await client.get_wan_status()).wans
    cellular_wan = wans[3]
    assert cellular_wan.name == "Cellular 1"
    assert cellular_wan.message == "Connected to Carrier1"
    assert cellular_wan.state is WanState.CONNECTED
    cellular = cellular_wan.cellular
    assert cellular is not None
    assert cellular.carrier == "Carrier1"
    assert cellular.carrier_country == "Germany"
    assert cellular.network_type == "LTE"
    assert cellular.data_technology == "LTE"
    assert cellular.signal_level == 5
    assert cellular.mcc == "262"
    assert cellular.mnc == "02"
    assert cellular.active_sim == 1
    # The SpeedFusion Connect eSIM slot sits beside `sim` on this firmware.
    assert [(sim.sim_id, sim.active, sim.detected) for sim in cellular.sims] == [
        (1, True, True),
        (2, False, False),
        ("speedfusionConnect5gLte", False, None),
    ]
    assert cellular.bands[0].name == "LTE Band 1 (2100 MHz)"
    assert cellular.bands[0].channel == 100
    assert cellular.signal is not None
    assert cellular.signal.rssi == -63
    assert cellular.signal.rsrp == -90
    assert cellular.signal.rsrq == -8.0
    assert cellular.signal.sinr == pytest.approx(19.4)
    assert wans[4].cellular is not None
    assert wans[4].cellular.signal is not None
    assert wans[4].cellular.signal.rsrq == -12.4
    assert wans[1].message == "No Cable Detected"
    assert wans[1].state is WanState.DISCONNECTED
    assert wans[5].state is WanState.DISCONNECTED
    assert wans[6].connection_type == "wifi"
    assert wans[6].state is WanState.DISABLED

    location = await client.get_location()
    assert location.has_fix
    assert location.latitude == 22.340134
    assert location.longitude == 114.152588
    assert location.altitude == 55.1
    assert location.heading == 356.887

    allowances = await client.get_allowances()
    assert allowances, "the max profile monitors one SIM's allowance"
    allowance = next(iter(allowances.values()))
    assert allowance.usage is not None
    assert allowance.limit is not None
    assert allowance.percent is not None

    hardware = await client.get_hardware()
    assert hardware.fans == ()

    access_point = await client.get_access_point()
    assert access_point.supported
    assert access_point.enabled

    inbox = await client.get_sms(3)
    assert (inbox.sim_id, inbox.iccid) == (1, "1111111111111")
    # The reference's multi-part message is one, its parts joined in id order.
    assert [
        (message.sender, message.message_ids, message.text)
        for message in inbox.messages
    ] == [
        ("988", (1,), "The is the 1st line SMS,\nand this is the 2nd line."),
        (
            "+81325359875",
            (2, 6),
            "Multipart message part 1Multipart message part 2",
        ),
    ]


@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_br1_5g_matches_reference(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Wi-Fi clients typed "wifi", the eSIM in use, only a data technology."""
    client = make_client()

    cellular = (await client.get_wan_status()).wans[2].cellular
    assert cellular is not None
    assert cellular.network_type == "5G NSA"
    assert cellular.active_sim == "speedfusionConnect5gLte"
    assert [(sim.sim_id, sim.active) for sim in cellular.sims] == [
        (1, False),
        (2, False),
        ("speedfusionConnect5gLte", True),
    ]

    clients = await client.get_clients()
    wireless = {client.name for client in clients.values() if client.wireless}
    assert wireless == {"captain-phone", "crew-laptop", "guest-tablet"}
    assert clients["02:00:00:00:05:01"].signal_strength == -52
    assert clients["02:00:00:00:05:02"].signal_strength == -67

    inbox = await client.get_sms(2)
    assert [message.sender for message in inbox.messages] == ["SFC"]
    # The eSIM in use has no slot number.
    assert inbox.sim_id is None


@pytest.mark.parametrize("profile", ["fusionhub"])
async def test_fusionhub_lacks_hardware_and_cellular(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()

    hardware = await client.get_hardware()
    assert hardware.fans == ()
    assert hardware.thermal_sensors == ()
    assert all(
        wan.cellular is None for wan in (await client.get_wan_status()).wans.values()
    )
    for read in (client.get_location, client.get_allowances, client.get_access_point):
        with pytest.raises(PeplinkUnsupportedError):
            await read()
    with pytest.raises(PeplinkUnsupportedError):
        await client.reset_cellular_module(1)
    assert (await client.get_pepvpn_status()).profiles


@pytest.mark.parametrize("profile", ["legacy"])
async def test_legacy_firmware_shapes(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """Cellular typed ``gobi``, legacy bands, 3G signal, numbers as strings."""
    client = make_client()

    wans = (await client.get_wan_status()).wans
    assert list(wans) == [2, 1, 5]
    gobi = next(wan for wan in wans.values() if wan.connection_type == "gobi")
    assert gobi.cellular is not None
    assert gobi.cellular.network_type is not None
    assert isinstance(gobi.cellular.signal_level, int)
    assert gobi.cellular.bands
    assert gobi.cellular.signal is not None
    assert gobi.cellular.signal.rscp is not None
    assert gobi.cellular.signal.ecio is not None
    assert gobi.cellular.signal.rsrp is None
    assert isinstance(gobi.uptime, int)
    assert any(wan.state is WanState.STANDBY for wan in wans.values())
    wifi = next(wan for wan in wans.values() if wan.wifi is not None)
    assert wifi.wifi is not None
    assert wifi.wifi.ssid

    traffic = await client.get_traffic()
    assert traffic.lifetime_downloaded is not None
