"""What a router might send, sane or not, as Hypothesis strategies.

Generated JSON-like trees use the field names of the simulator's real payloads,
so that they reach the parsers' fields; mutations of those payloads put absurd
numbers, strings and nesting where the parsers expect sane ones; bodies are the
raw text an answer may carry, envelope or not, JSON or not.
"""

from __future__ import annotations

from collections.abc import Iterator
import copy
import json
import math
from typing import Any

from hypothesis import strategies as st

from simulator.functions import FUNCTIONS, Call
from simulator.profiles import PROFILES
from simulator.state import RouterState

# The functions the client reads, with the arguments it sends them.
READ_ARGUMENTS: dict[str, dict[str, Any]] = {
    "status.system.info": {"infoType": "device fanSpeed thermalSensor"},
    "info.firmware": {},
    "status.wan.connection": {},
    "status.wan.connection.allowance": {},
    "status.client": {},
    "status.traffic": {},
    "info.location": {},
    "status.pepvpn": {},
    "cmd.ap": {},
    "cmd.sms.get": {},
    "cmd.wan.cellular": {},
    "config.ssid.profile": {},
}


def _responses(function: str) -> list[Any]:
    """The simulator's answers to a read, from every profile that answers it."""
    responses = []
    for profile in PROFILES:
        state = RouterState.from_profile(profile)
        arguments = dict(READ_ARGUMENTS[function])
        if function in ("cmd.sms.get", "cmd.wan.cellular"):
            cellular = [wan for wan in state.wans.values() if wan.cellular]
            if not cellular:
                continue
            arguments["connId"] = cellular[0].id
        handler = FUNCTIONS[function].handler
        assert handler is not None
        answer = handler(Call(state, "GET", arguments, "api"))
        if answer.get("stat") == "ok":
            responses.append(answer["response"])
    return responses


REAL_RESPONSES: dict[str, list[Any]] = {
    function: _responses(function) for function in READ_ARGUMENTS
}


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


FIELD_NAMES = sorted(
    {key for responses in REAL_RESPONSES.values() for key in _keys(responses)}
)

# Numbers no router should send: beyond 64 bits, beyond a float, not a number.
EXTREME_NUMBERS = (
    2**63,
    2**64,
    -(2**63) - 1,
    10**30,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
    -1,
    -0.5,
)
numbers = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.integers(min_value=-1000, max_value=100_000),
    st.floats(),
)
# Strings where numbers go.
number_strings = st.one_of(
    numbers.map(str),
    st.sampled_from(
        ["1e400", "-1e400", "NaN", "Infinity", "-inf", "1e30", " 7 ", "0x1F", "1_000"]
    ),
    st.just("9" * 400),
)
scalars = st.one_of(
    numbers,
    number_strings,
    st.none(),
    st.booleans(),
    st.text(max_size=12),
    # Words the parsers look for, and halves of characters (JSON escapes them).
    st.sampled_from(
        ["wifi", "wireless", "CONNECTED", "green", "TB", "Gbps", "true", "\ud800"]
    ),
)
keys = st.one_of(
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(["order", "0", "1", "2", "3", "-1", "99999999999999999999"]),
    st.text(max_size=6),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=30,
)


def nested(depth: int) -> Any:
    """Lists in lists, `depth` deep."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


_DELETE = object()
# Nesting that json.dumps still writes: deeper nesting comes as raw text.
_replacements = st.one_of(
    scalars, trees, st.just(_DELETE), st.integers(1, 200).map(nested)
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every part of a payload, the whole included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replaced(payload: Any, path: tuple[Any, ...], replacement: Any) -> Any:
    if not path:
        return None if replacement is _DELETE else replacement
    parent = payload
    for step in path[:-1]:
        parent = parent[step]
    if replacement is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return payload


def _every_number(value: Any, number: Any) -> Any:
    """The payload with each of its numbers replaced by `number`."""
    if isinstance(value, dict):
        return {key: _every_number(item, number) for key, item in value.items()}
    if isinstance(value, list):
        return [_every_number(item, number) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number
    return value


@st.composite
def mutated(draw: st.DrawFn, function: str) -> Any:
    """A real answer to `function`, with a few of its parts replaced or removed.

    Or first with all of its numbers alike: absurd values then meet each other,
    in sums and in unit conversions.
    """
    payload = copy.deepcopy(draw(st.sampled_from(REAL_RESPONSES[function])))
    if draw(st.booleans()):
        payload = _every_number(payload, draw(st.sampled_from(EXTREME_NUMBERS)))
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        path = draw(st.sampled_from(list(_paths(payload))))
        payload = _replaced(payload, path, draw(_replacements))
    return payload


# Amounts in every unit, where a conversion may overflow.
_amounts = st.one_of(numbers, number_strings)
_rate_units = st.sampled_from(["bps", "kbps", "Mbps", "Gbps", "furlongs", ""])
_size_units = st.sampled_from(["b", "kb", "MB", "GB", "TB", "TB ", None])


@st.composite
def _section(draw: st.DrawFn, units: st.SearchStrategy[Any]) -> dict[str, Any]:
    """Amounts of a few WANs in one unit, as `status.traffic` has them.

    The same amount for all of them, sometimes: absurd amounts then add up.
    """
    wan_ids = range(1, draw(st.integers(min_value=0, max_value=3)) + 1)
    alike = st.just(draw(_amounts)) if draw(st.booleans()) else _amounts
    section: dict[str, Any] = {
        str(wan_id): {"overall": {"download": draw(alike), "upload": draw(alike)}}
        for wan_id in wan_ids
    }
    return {**section, "unit": draw(units), "order": list(wan_ids)}


traffic_reports = st.fixed_dictionaries(
    {
        "bandwidth": _section(_rate_units),
        "traffic": _section(_size_units),
        "lifetime": st.fixed_dictionaries(
            {"unit": _size_units, "all": _section(_size_units)}
        ),
    }
)
allowance_reports = st.dictionaries(
    st.sampled_from(["1", "2"]),
    st.fixed_dictionaries(
        {
            "enable": st.booleans(),
            "usage": _amounts,
            "limit": _amounts,
            "percent": _amounts,
            "unit": _size_units,
        }
    ),
)
_FOCUSED: dict[str, st.SearchStrategy[Any]] = {
    "status.traffic": traffic_reports,
    "status.wan.connection.allowance": allowance_reports,
}


def responses(function: str) -> st.SearchStrategy[Any]:
    """What the response part of an answer to `function` may hold."""
    return st.one_of(mutated(function), trees, _FOCUSED.get(function, trees))


def parsed_responses(function: str) -> st.SearchStrategy[Any]:
    """What a parser of `function` may get, nesting as deep as JSON allows."""
    return st.one_of(responses(function), st.integers(1, 100_000).map(nested))


def envelope(response: Any) -> str:
    """An answer's text, with the `stat` envelope."""
    return json.dumps({"stat": "ok", "response": response})


# Around and far beyond the depth json gives up at.
_DEPTHS = st.integers(min_value=500, max_value=200_000)
# Raw text: deep nesting, numbers too long to read, refusals in every wording.
raw_bodies = st.one_of(
    _DEPTHS.map(
        lambda depth: '{"stat":"ok","response":' + "[" * depth + "]" * depth + "}"
    ),
    _DEPTHS.map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.builds(
        lambda code, message: json.dumps(
            {"stat": "fail", "code": code, "message": message}
        ),
        scalars,
        scalars,
    ),
    st.sampled_from(
        [
            '{"stat":"ok","response":' + "9" * 5000 + "}",
            '{"stat":"ok","response":{"order":[1],"1":{"uptime":1e400}}}',
            '{"stat":"fail","message":"unknown function"}',
            '{"stat":"fail","code":"404"}',
            "// Unauthorized",
            "<html><body>Not here</body></html>",
            "",
            "NaN",
        ]
    ),
    st.text(max_size=40),
)


def bodies(function: str) -> st.SearchStrategy[str]:
    """The text of an answer to `function`, with or without the envelope."""
    return st.one_of(
        responses(function).map(envelope),
        responses(function).map(json.dumps),
        raw_bodies,
    )


# Mostly answers, sometimes refusals and failures.
statuses = st.sampled_from([200] * 6 + [302, 401, 404, 500, 503])
