"""SIM preference and SSID profiles: read, changed, refused as the router does."""

from __future__ import annotations

import pytest

from custom_components.peplink.api import PeplinkApiError, SimPreference
from custom_components.peplink.api.models.settings import parse_ssid_profiles
from simulator import Fault, RouterSimulator
from tests.helpers import ClientFactory


def posts(simulator: RouterSimulator) -> list[str]:
    """The functions the simulator received as POST, sign-ins aside."""
    return [
        request.function
        for request in simulator.request_log
        if request.method == "POST" and request.function != "login"
    ]


@pytest.mark.parametrize(
    ("answer", "enabled", "preferred"),
    [
        ({"enabledSim": [1, 2], "preferredSim": 1}, (1, 2), 1),
        ({"enabledSim": [1, 2], "preferredSim": None}, (1, 2), None),
        ({"enabledSim": [2]}, (2,), None),
        ({"enabledSim": ["1", 7], "preferredSim": 0}, (1,), None),
        ({"enabledSim": "1", "preferredSim": "2"}, (), 2),
    ],
)
def test_sim_preference_read_tolerantly(
    answer: dict[str, object], enabled: tuple[int, ...], preferred: int | None
) -> None:
    """Null, absent or 0 is no preference; slots other than A and B are left out."""
    preference = SimPreference.from_api(4, answer)
    assert preference == SimPreference(
        wan_id=4, enabled_sims=enabled, preferred_sim=preferred
    )


def test_ssid_key_is_never_read() -> None:
    """The documented answer, Wi-Fi keys included: no key in the model."""
    profiles = parse_ssid_profiles(
        {
            "1": {
                "name": "Main SSID",
                "enable": True,
                "security": {
                    "policy": "WPA2 Personal",
                    "wpa2Personal": {"fastTransition": True, "key": "pas53or2"},
                },
            },
            "2": {"name": "Guest SSID", "enable": False, "incontrolManaged": True},
            "order": [2, 1],
        }
    )
    assert list(profiles) == [2, 1]
    assert profiles[1].ssid == "Main SSID"
    assert profiles[1].security == "WPA2 Personal"
    assert profiles[2].incontrol_managed
    assert "pas53or2" not in repr(profiles)


@pytest.mark.parametrize("profile", ["max"])
async def test_sim_preferences_of_dual_sim_wans(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """One request per dual-SIM WAN, with the WANs of the status read first."""
    client = make_client()

    preferences = await client.get_sim_preferences()

    assert preferences == {
        3: SimPreference(wan_id=3, enabled_sims=(1, 2), preferred_sim=1),
        4: SimPreference(wan_id=4, enabled_sims=(1, 2), preferred_sim=None),
    }
    asked = [
        request.query.get("connId")
        for request in simulator.request_log
        if request.function == "cmd.wan.cellular"
    ]
    assert sorted(asked) == ["3", "4"]
    assert simulator.requests["status.wan.connection"] == 1
    # Once the status is known, only the preferences are asked.
    simulator.reset_counters()
    await client.get_sim_preferences()
    assert simulator.requests["status.wan.connection"] == 0
    assert simulator.requests["cmd.wan.cellular"] == 2


@pytest.mark.parametrize("profile", ["balance"])
async def test_no_dual_sim_wan_no_request(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.get_wan_status()
    assert await client.get_sim_preferences() == {}
    assert simulator.requests["cmd.wan.cellular"] == 0


@pytest.mark.parametrize("profile", ["max"])
async def test_set_preferred_sim(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """The preference changes; the enabled SIMs are sent as they were."""
    client = make_client()

    await client.set_preferred_sim(3, 2, [1, 2])
    assert (await client.get_sim_preferences())[3].preferred_sim == 2
    await client.set_preferred_sim(3, None, [1, 2])
    assert (await client.get_sim_preferences())[3].preferred_sim is None

    bodies = [
        request.body
        for request in simulator.request_log
        if request.method == "POST" and request.function == "cmd.wan.cellular"
    ]
    assert bodies == [
        {"connId": 3, "enabledSim": [1, 2], "preferredSim": 2},
        {"connId": 3, "enabledSim": [1, 2], "preferredSim": None},
    ]
    assert simulator.state.profile["sim_preferences"]["3"]["enabledSim"] == [1, 2]


@pytest.mark.parametrize("profile", ["max"])
async def test_sim_not_enabled_refused(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """The router refuses to prefer a SIM the WAN may not use, or a WAN it lacks."""
    simulator.state.profile["sim_preferences"]["3"]["enabledSim"] = [1]
    client = make_client()

    with pytest.raises(PeplinkApiError, match="invalid preferredSim"):
        await client.set_preferred_sim(3, 2, [1])
    with pytest.raises(PeplinkApiError, match="invalid connId"):
        await client.set_preferred_sim(1, 1, [1, 2])
    assert simulator.state.profile["sim_preferences"]["3"]["preferredSim"] == 1


@pytest.mark.parametrize("profile", ["max"])
async def test_turn_ssid_off_and_on(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """The update is applied; the answer is read without the key."""
    client = make_client()
    profiles = simulator.state.profile["ssid_profiles"]

    profile = await client.set_ssid_enabled(1, False)

    assert profile.enabled is False
    assert profile.ssid == "Van Wi-Fi"
    assert profiles["1"]["enable"] is False
    assert posts(simulator) == ["config.ssid.profile", "cmd.config.apply"]
    write = next(
        r for r in simulator.request_log if r.function == "config.ssid.profile"
    )
    assert write.body == {"action": "update", "id": 1, "enable": False}
    assert (await client.get_ssid_profiles())[1].enabled is False

    await client.set_ssid_enabled(1, True)
    assert profiles["1"]["enable"] is True


@pytest.mark.parametrize("profile", ["max"])
async def test_ssid_change_discarded_when_not_applied(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """An update the router did not apply is discarded, not left pending."""
    client = make_client()
    simulator.inject("cmd.config.apply", Fault.INTERNAL_ERROR, count=1)

    with pytest.raises(PeplinkApiError):
        await client.set_ssid_enabled(2, True)

    assert posts(simulator) == [
        "config.ssid.profile",
        "cmd.config.apply",
        "cmd.config.discard",
    ]
    assert (await client.get_ssid_profiles())[2].enabled is False
    assert simulator.state.profile["ssid_profiles"]["2"]["enable"] is False


@pytest.mark.parametrize("profile", ["max"])
async def test_unknown_ssid_refused(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    with pytest.raises(PeplinkApiError, match="invalid id"):
        await client.set_ssid_enabled(9, False)
    assert simulator.requests["cmd.config.apply"] == 0
