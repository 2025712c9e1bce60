"""Whatever a router sends, the client raises its own errors or reads possible values.

Property-based: Hypothesis generates answers (JSON-like trees with extreme
numbers, strings where numbers go, deep nesting, mutations of the simulator's
real payloads, raw text) with a fixed seed and a bounded number of examples.
The parsers read them directly; the whole response path reads them over HTTP,
from the simulator answering the generated body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
import contextlib
import dataclasses
from datetime import UTC, datetime, timedelta
import math
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.peplink.api import (
    AccessPointStatus,
    Allowance,
    CellularInfo,
    CellularSignal,
    Client,
    Fan,
    FirmwareInfo,
    Hardware,
    Location,
    PeplinkClient,
    PeplinkError,
    PepVpnStatus,
    RouterInfo,
    SmsMessage,
    ThermalSensor,
    Traffic,
    Wan,
    WanStatus,
    WanTraffic,
    WifiWanInfo,
)
from custom_components.peplink.api.models.cellular import parse_sms
from custom_components.peplink.api.models.clients import parse_clients
from custom_components.peplink.api.models.settings import (
    SimPreference,
    parse_ssid_profiles,
)
from custom_components.peplink.api.models.usage import parse_allowances
from custom_components.peplink.api.parsing import (
    as_bool,
    as_dict,
    as_duration,
    as_float,
    as_int,
    as_str,
    as_timestamp,
)
from custom_components.peplink.api.transport import SessionRefused, interpret
from simulator import Fault, RouterSimulator
from tests.api.strategies import (
    READ_ARGUMENTS,
    bodies,
    parsed_responses,
    raw_bodies,
    scalars,
    statuses,
    trees,
)
from tests.constants import API_CLIENT
from tests.helpers import ClientFactory

# Hypothesis's own check of the Random it registers on first use misreads
# Python 3.14's reference counts; the Random is kept and works.
pytestmark = pytest.mark.filterwarnings(
    "ignore:It looks like `register_random`:hypothesis.errors.HypothesisWarning"
)

INT64 = range(-(2**63), 2**63)
CENTURY = 100 * 365 * 24 * 3600

# A fixed seed and bounded examples: the same run in CI every time.
parsers_settings = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
http_settings = settings(
    parsers_settings,
    max_examples=40,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        # One simulator and one session serve every example.
        HealthCheck.function_scoped_fixture,
    ],
)

# What the client reads from each function, as the client hands it over.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "status.system.info": lambda response: (
        RouterInfo.from_api(as_dict(response).get("device")),
        Hardware.from_api(response),
    ),
    "info.firmware": FirmwareInfo.from_api,
    "status.wan.connection": WanStatus.from_api,
    "status.wan.connection.allowance": parse_allowances,
    "status.client": parse_clients,
    "status.traffic": Traffic.from_api,
    "info.location": Location.from_api,
    "status.pepvpn": PepVpnStatus.from_api,
    "cmd.ap": AccessPointStatus.from_api,
    "cmd.sms.get": parse_sms,
    "cmd.wan.cellular": lambda response: SimPreference.from_api(3, response),
    "config.ssid.profile": parse_ssid_profiles,
}
assert PARSERS.keys() == READ_ARGUMENTS.keys()

# The client's readers, by the function whose answer they read.
READERS: dict[str, tuple[str, Callable[[PeplinkClient], Awaitable[Any]]]] = {
    "get_router_info": ("status.system.info", PeplinkClient.get_router_info),
    "get_hardware": ("status.system.info", PeplinkClient.get_hardware),
    "get_firmware": ("info.firmware", PeplinkClient.get_firmware),
    "get_wan_status": ("status.wan.connection", PeplinkClient.get_wan_status),
    "get_allowances": (
        "status.wan.connection.allowance",
        PeplinkClient.get_allowances,
    ),
    "get_clients": ("status.client", PeplinkClient.get_clients),
    "get_traffic": ("status.traffic", PeplinkClient.get_traffic),
    "get_location": ("info.location", PeplinkClient.get_location),
    "get_pepvpn_status": ("status.pepvpn", PeplinkClient.get_pepvpn_status),
    "get_access_point": ("cmd.ap", PeplinkClient.get_access_point),
    "get_sms": ("cmd.sms.get", lambda client: client.get_sms(3)),
    "get_sim_preferences": ("cmd.wan.cellular", PeplinkClient.get_sim_preferences),
    "get_ssid_profiles": ("config.ssid.profile", PeplinkClient.get_ssid_profiles),
}


def _at_least(minimum: float) -> Callable[[float | None], bool]:
    return lambda value: value is None or value >= minimum


def _within(low: float, high: float) -> Callable[[float | None], bool]:
    return lambda value: value is None or low <= value <= high


def _fits_a_datetime(seconds: int | None, *, ago: bool) -> bool:
    """A time (or, `ago`, a duration until now) makes a datetime; raises if not."""
    if seconds is not None and ago:
        datetime.now(UTC) - timedelta(seconds=seconds)
    elif seconds is not None:
        datetime.fromtimestamp(seconds, UTC)
    return True


# What can be true, per model: the fields' bounds and what the model derives.
POSSIBLE: dict[type, Callable[[Any], bool]] = {
    WanTraffic: lambda traffic: all(
        _at_least(0)(value) for value in dataclasses.astuple(traffic)
    ),
    Traffic: lambda traffic: all(
        _at_least(0)(value)
        for value in (
            traffic.download_rate,
            traffic.upload_rate,
            traffic.lifetime_downloaded,
            traffic.lifetime_uploaded,
        )
    ),
    Allowance: lambda allowance: all(
        _at_least(0)(value)
        for value in (allowance.usage, allowance.limit, allowance.percent)
    ),
    Location: lambda location: (
        _within(-90, 90)(location.latitude)
        and _within(-180, 180)(location.longitude)
        and (
            not location.has_fix or None not in (location.latitude, location.longitude)
        )
        and _within(0, 10_000)(location.speed)
        and _within(-12_000, 100_000)(location.altitude)
        and _within(0, 360)(location.heading)
        and _within(0, 100)(location.hdop)
        and _fits_a_datetime(location.timestamp, ago=False)
    ),
    Wan: lambda wan: (
        _within(0, CENTURY)(wan.uptime) and _fits_a_datetime(wan.uptime, ago=True)
    ),
    CellularInfo: lambda cellular: (
        _within(0, 5)(cellular.signal_level)
        and (
            cellular.active_sim is None
            or cellular.active_sim in [sim.sim_id for sim in cellular.sims]
        )
        and (cellular.signal is None or cellular.signal == cellular.bands[0].signal)
    ),
    Fan: lambda fan: (
        _within(0, 100_000)(fan.speed) and _within(0, 100_000)(fan.max_speed)
    ),
    ThermalSensor: lambda sensor: (
        _within(-273.15, 300)(sensor.temperature)
        and _within(-273.15, 300)(sensor.threshold)
    ),
    CellularSignal: lambda signal: all(
        _within(-200, 100)(value) for value in dataclasses.astuple(signal)
    ),
    Client: lambda client: _within(-200, 100)(client.signal_strength),
    WifiWanInfo: lambda wifi: _within(-200, 100)(wifi.signal_strength),
    SmsMessage: lambda message: _fits_a_datetime(message.timestamp, ago=False),
    FirmwareInfo: lambda firmware: (
        firmware.running_version
        in (
            None,
            *(slot.version for slot in firmware.slots),
        )
    ),
    PepVpnStatus: lambda pepvpn: all(
        isinstance(profile.connected, bool) for profile in pepvpn.profiles.values()
    ),
}


def assert_possible(value: Any) -> None:
    """Every value read could be true: finite, bounded, storable, within its model."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        check = POSSIBLE.get(type(value))
        assert check is None or check(value), value
        for field in dataclasses.fields(value):
            assert_possible(getattr(value, field.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            assert_possible(key)
            assert_possible(item)
    elif isinstance(value, list | tuple):
        for item in value:
            assert_possible(item)
    elif isinstance(value, float):
        assert math.isfinite(value), value
    elif isinstance(value, int) and not isinstance(value, bool):
        assert value in INT64, value
    elif isinstance(value, str):
        # Home Assistant stores and logs it as UTF-8.
        value.encode("utf-8")


@parsers_settings
@given(st.one_of(scalars, trees))
def test_readers_read_possible_values(value: Any) -> None:
    assert_possible(as_float(value))
    assert_possible(as_int(value))
    assert_possible(as_str(value))
    if isinstance(value, float) and not math.isfinite(value):
        assert as_str(value) is None
    assert as_bool(value) in (True, False, None)
    assert _within(0, CENTURY)(as_duration(value))
    assert _fits_a_datetime(as_timestamp(value), ago=False)


@pytest.mark.parametrize("function", PARSERS)
@parsers_settings
@given(data=st.data())
def test_parsers_read_possible_values(function: str, data: st.DataObject) -> None:
    """Each parser, over generated and mutated answers: possible values only."""
    assert_possible(PARSERS[function](data.draw(parsed_responses(function))))


@parsers_settings
@given(st.sampled_from(list(PARSERS)), statuses, st.data())
def test_answers_become_payloads_or_client_errors(
    function: str, status: int, data: st.DataObject
) -> None:
    """Any status and body: a payload, the client's error, or a refused session."""
    text = data.draw(st.one_of(bodies(function), raw_bodies))
    with contextlib.suppress(PeplinkError, SessionRefused):
        interpret(function, status, text)


@pytest.mark.parametrize("profile", ["max"])
@pytest.mark.parametrize("reader", READERS)
@http_settings
@given(data=st.data())
async def test_every_reader_over_http(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    reader: str,
    data: st.DataObject,
) -> None:
    """The whole response path: the simulator answers the generated body.

    A new client each time, so that no example depends on another; an API
    client's, as routers cap admin sessions and not tokens.
    """
    function, read = READERS[reader]
    # Every request of the function gets it, a retry after a refusal too.
    simulator.inject(
        function, Fault.answer(data.draw(bodies(function)), data.draw(statuses))
    )
    with contextlib.suppress(PeplinkError):
        assert_possible(await read(make_client(API_CLIENT)))
