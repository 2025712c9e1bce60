"""Tolerant parsing: odd shapes from other models and firmware never fail a response."""

from __future__ import annotations

import pytest

from custom_components.peplink.api import (
    FirmwareInfo,
    Hardware,
    Location,
    PepVpnStatus,
    Traffic,
    WanState,
    WanStatus,
    derive_wan_state,
)
from custom_components.peplink.api.models.cellular import CellularInfo, parse_sms
from custom_components.peplink.api.models.clients import parse_clients
from custom_components.peplink.api.models.usage import parse_allowances
from custom_components.peplink.api.parsing import as_bool, as_float, as_int, as_str


@pytest.mark.parametrize(
    ("enabled", "led", "message", "state"),
    [
        (True, "green", "Connected", WanState.CONNECTED),
        (True, "green", "Connected to Carrier1", WanState.CONNECTED),
        (True, "green", "Standby", WanState.STANDBY),
        (True, "yellow", "Standby", WanState.STANDBY),
        (True, "flash", "Connecting...", WanState.CONNECTING),
        (True, "yellow", "Obtaining IP address", WanState.CONNECTING),
        (True, "red", "No Cable Detected", WanState.DISCONNECTED),
        (True, "empty", "No Device Detected", WanState.DISCONNECTED),
        (False, "gray", "Disabled", WanState.DISABLED),
        (None, "gray", "Disabled", WanState.DISABLED),
        (True, "green", None, WanState.CONNECTED),
        (True, "purple", "Something new", WanState.UNKNOWN),
        (None, None, None, WanState.UNKNOWN),
    ],
)
def test_wan_state(
    enabled: bool | None, led: str | None, message: str | None, state: WanState
) -> None:
    assert derive_wan_state(enabled, led, message) is state


def test_readers() -> None:
    assert as_int("3") == 3
    assert as_int("3.0") == 3
    assert as_int(True) is None
    assert as_int("n/a") is None
    assert as_float("19.4") == 19.4
    assert as_float("nan") is None
    assert as_float(None) is None
    assert as_str("  ") is None
    assert as_str(5) == "5"
    assert as_bool("yes") is True
    assert as_bool(0) is False
    assert as_bool("maybe") is None


def test_wan_fields_read_one_by_one() -> None:
    status = WanStatus.from_api(
        {
            "5": {"name": "LTE", "uptime": "abc", "priority": "2", "enable": "true"},
            "2": "not an object",
            "9": {"name": "Late", "statusLed": "green", "message": "Connected"},
            "order": [5, "2", 7],
        }
    )
    assert list(status.wans) == [5, 9]
    lte = status.wans[5]
    assert lte.uptime is None
    assert lte.priority == 2
    assert lte.enabled is True
    assert lte.state is WanState.UNKNOWN
    assert lte.cellular is None
    assert status.wans[9].state is WanState.CONNECTED


def test_legacy_cellular_and_wifi_keys() -> None:
    status = WanStatus.from_api(
        {
            "1": {
                "type": "gobi",
                "gobi": {
                    "network": "3G",
                    "signalLevel": "3",
                    "carrier": "Carrier",
                    "band": [
                        {
                            "name": "WCDMA Band 1 (2100 MHz)",
                            "signal": {"rssi": -70, "rscp": -85, "ecio": -7},
                        }
                    ],
                },
            },
            "2": {"type": "wifi", "wifi": {"ssid": "Marina", "signalStrength": "-61"}},
            "3": {
                "type": "cellular",
                "cellular": {"mobileType": "5G", "network": "LTE", "rat": "bad"},
            },
        }
    )
    gobi = status.wans[1].cellular
    assert gobi is not None
    assert gobi.network_type == "3G"
    assert gobi.signal_level == 3
    assert gobi.carrier == "Carrier"
    assert gobi.signal is not None
    assert (gobi.signal.rscp, gobi.signal.ecio, gobi.signal.rsrp) == (-85, -7, None)
    wifi = status.wans[2].wifi
    assert wifi is not None
    assert (wifi.ssid, wifi.signal_strength) == ("Marina", -61)
    modern = status.wans[3].cellular
    assert modern is not None
    assert modern.network_type == "5G"
    assert modern.bands == ()
    assert modern.signal is None


def test_traffic_units_and_gaps() -> None:
    traffic = Traffic.from_api(
        {
            "bandwidth": {
                "unit": "Mbps",
                "1": {"overall": {"download": "2", "upload": None}},
            },
            "traffic": {
                "unit": "GB",
                "1": {"overall": {"download": 1.5}},
                "2": {"overall": {}},
            },
            "lifetime": {"unit": "furlongs", "all": {"overall": {"download": 1}}},
        }
    )
    assert traffic.wans[1].download_rate == 2000
    assert traffic.wans[1].upload_rate is None
    assert traffic.wans[1].downloaded == 1500
    assert traffic.wans[2].downloaded is None
    # WAN 2's rates are unknown, so the router's are too.
    assert traffic.download_rate is None
    assert traffic.upload_rate is None
    assert traffic.lifetime_downloaded is None
    assert Traffic.from_api(None).wans == {}
    # No WAN carries traffic: none at all.
    assert Traffic.from_api(None).download_rate == 0


def test_clients_from_either_key() -> None:
    clients = parse_clients(
        {"client": [{"mac": "AA:BB", "active": "false"}, {"name": "no mac"}, "junk"]}
    )
    assert list(clients) == ["AA:BB"]
    assert clients["AA:BB"].active is False
    wireless = parse_clients(
        {
            "list": [
                {
                    "mac": "CC",
                    "connectionType": "wireless",
                    "essid": "Home",
                    "signal": {"strength": -50},
                }
            ]
        }
    )["CC"]
    assert wireless.wireless
    assert wireless.ssid == "Home"
    assert wireless.signal_strength == -50
    assert wireless.active


def test_allowances_flat_and_per_sim() -> None:
    allowances = parse_allowances(
        {
            "1": {
                "enable": True,
                "usage": 512,
                "limit": 1024,
                "percent": 50,
                "unit": "MB",
            },
            "3": {
                "1": {
                    "enable": True,
                    "usage": 2,
                    "limit": 10,
                    "percent": "20",
                    "unit": "GB",
                },
                "order": [1],
            },
            "order": [1, 3],
        }
    )
    assert allowances[1, None].usage == 512
    assert allowances[3, 1].usage == 2000
    assert allowances[3, 1].percent == 20


def test_hardware_empty_and_malformed() -> None:
    assert Hardware.from_api({"fanSpeed": [], "thermalSensor": []}) == Hardware((), ())
    hardware = Hardware.from_api(
        {"fanSpeed": [None, {"value": "1200", "active": True}]}
    )
    assert [(fan.index, fan.speed) for fan in hardware.fans] == [(2, 1200)]


def test_location_without_fix_and_at_root() -> None:
    assert not Location.from_api({"gps": False}).has_fix
    root = Location.from_api({"latitude": "1.5", "longitude": 2})
    assert root.has_fix
    assert (root.latitude, root.longitude) == (1.5, 2)


def test_pepvpn_and_firmware() -> None:
    vpn = PepVpnStatus.from_api(
        {
            "profile": {
                "2": {"name": "HQ", "status": "CONNECTED"},
                "3": {"name": "DR", "status": "TUNNEL"},
                "order": [2, 3],
            }
        }
    )
    assert [profile.connected for profile in vpn.profiles.values()] == [True, False]
    firmware = FirmwareInfo.from_api(
        {
            "1": {"version": "7.0.3 build 2765", "inUse": False},
            "2": {"version": "7.1.0 build 2860", "inUse": True},
        }
    )
    assert firmware.running_version == "7.1.0 build 2860"


def test_wifi_clients_are_wireless() -> None:
    """A MAX BR1 5G on 8.x types its Wi-Fi clients "wifi"."""
    clients = parse_clients(
        {
            "list": [
                {"mac": "A1", "connectionType": "wifi", "signal": {"strength": -52}},
                {
                    "mac": "A2",
                    "connectionType": "WiFi",
                    "signalStrength": {"value": -67},
                },
                {"mac": "A3", "connectionType": "ethernet"},
                {"mac": "A4"},
            ]
        }
    )
    wireless = [client.wireless for client in clients.values()]
    assert wireless == [True, True, False, False]
    assert clients["A1"].signal_strength == -52
    assert clients["A2"].signal_strength == -67


@pytest.mark.parametrize(
    "slot", ["speedfusionConnect5gLte", "remoteSim", "fusionSim", "eSim1"]
)
def test_active_sim_is_the_slot_that_says_so(slot: str) -> None:
    """Whatever its key, in `sim` or beside it."""
    numbered = {"1": {"active": False}, "2": {"active": False}, "order": [1, 2]}
    inside = CellularInfo.from_api({"sim": {**numbered, slot: {"active": True}}})
    beside = CellularInfo.from_api({"sim": numbered, slot: {"active": "true"}})
    for cellular in (inside, beside):
        assert cellular.active_sim == slot
        assert [sim.sim_id for sim in cellular.sims] == [1, 2, slot]
    assert CellularInfo.from_api({"sim": numbered}).active_sim is None


def test_network_type_falls_back_to_data_technology() -> None:
    assert CellularInfo.from_api({"dataTechnology": "5G SA"}).network_type == "5G SA"
    preferred = CellularInfo.from_api({"mobileType": "5G", "dataTechnology": "LTE-A"})
    assert preferred.network_type == "5G"


def test_multi_part_sms_joined_in_id_order() -> None:
    """Parts of one sender with one timestamp, adjacent in id order, are one message.

    Parts keep the spaces where the sender's phone split the text; a part
    of another time, another sender, or without an id stays apart (or out).
    """
    inbox = parse_sms(
        {
            "connId": 2,
            "simId": "1",
            "iccid": 85235984335,
            "imsi": "1234",
            "sms": [
                {
                    "sender": "+111",
                    "message": [
                        {"id": 7, "timestamp": 1000, "message": "world."},
                        {"id": 5, "timestamp": 1000, "message": "Hello "},
                        {"id": 9, "timestamp": 2000, "message": "Later"},
                        {"timestamp": 2000, "message": "No id"},
                    ],
                },
                {
                    "sender": "+222",
                    "message": [{"id": 8, "timestamp": 1000, "content": " Hi "}],
                },
            ],
        }
    )
    assert (inbox.wan_id, inbox.sim_id, inbox.iccid) == (2, 1, "85235984335")
    assert [
        (message.sender, message.message_ids, message.timestamp, message.text)
        for message in inbox.messages
    ] == [
        ("+111", (5, 7), 1000, "Hello world."),
        ("+111", (9,), 2000, "Later"),
        ("+222", (8,), 1000, "Hi"),
    ]


def test_sms_answer_without_a_list_is_an_empty_inbox() -> None:
    inbox = parse_sms({"connId": 2, "simId": 1})
    assert (inbox.wan_id, inbox.sim_id, inbox.messages) == (2, 1, ())
