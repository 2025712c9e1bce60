"""Functions served at either path, and several info types in one request."""

from __future__ import annotations

import pytest

from simulator import RouterSimulator
from tests.helpers import ClientFactory


def paths_of(simulator: RouterSimulator, function: str) -> list[str]:
    return [r.path for r in simulator.request_log if r.function == function]


@pytest.mark.parametrize(
    ("profile", "first", "then"),
    [
        ("balance", ["api", "cgi"], ["cgi"]),
        ("max", ["api"], ["api"]),
        ("fusionhub", ["api"], ["api"]),
        ("legacy", ["api", "cgi"], ["cgi"]),
    ],
)
async def test_traffic_path_is_probed_once(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    first: list[str],
    then: list[str],
) -> None:
    client = make_client()

    await client.get_traffic()
    assert paths_of(simulator, "status.traffic") == first
    await client.get_traffic()
    assert paths_of(simulator, "status.traffic") == first + then


@pytest.mark.parametrize("profile", ["balance"])
async def test_fans_and_temperatures_in_one_request(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.get_hardware()
    simulator.reset_counters()

    hardware = await client.get_hardware()

    assert hardware.fans
    assert hardware.thermal_sensors
    assert simulator.requests["status.system.info"] == 1
    (request,) = simulator.request_log
    assert set(request.query["infoType"].split()) == {"fanSpeed", "thermalSensor"}


@pytest.mark.parametrize("profile", ["legacy"])
async def test_one_info_type_per_request_where_required(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.get_hardware()
    simulator.reset_counters()

    await client.get_hardware()

    # The refused combined request is not tried again.
    assert sorted(r.query["infoType"] for r in simulator.request_log) == [
        "fanSpeed",
        "thermalSensor",
    ]
