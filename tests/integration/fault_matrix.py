"""The fault matrices' rows and columns, and what they watch.

Rows are faults, columns the endpoints of the integration's table and the
sign-in; the cells watch requests in flight, log lines and states written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from itertools import pairwise
import logging
from pathlib import Path
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_NOT_HOME, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity_platform import async_get_platforms
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.peplink.api import PeplinkClient
from custom_components.peplink.const import DOMAIN, HEALTH_INTERVAL, LOGGER
from custom_components.peplink.coordinator import PeplinkCoordinator
from custom_components.peplink.endpoints import (
    ENDPOINTS,
    HARDWARE,
    IDENTITY,
    TRAFFIC,
    Endpoint,
)
from simulator import Fault, RouterSimulator


def faulted_functions(endpoint: Endpoint[Any]) -> tuple[str, ...]:
    """The functions a column faults: those of the endpoint alone.

    A function two endpoints share (status.system.info) is faulted in the
    column of the endpoint that has no function of its own.
    """
    others = {
        function
        for other in ENDPOINTS
        if other is not endpoint
        for function in other.functions
    }
    return tuple(f for f in endpoint.functions if f not in others) or endpoint.functions


# Columns: an endpoint of the integration's table, the functions faulted, the
# coordinator it feeds and its interval. Login fails every coordinator that
# needs to sign in again.
COLUMNS: dict[str, tuple[tuple[str, ...], str | None, timedelta]] = {
    **{
        endpoint.key: (faulted_functions(endpoint), endpoint.key, endpoint.interval)
        for endpoint in ENDPOINTS
    },
    "login": (("login",), None, HEALTH_INTERVAL),
}


@dataclass(frozen=True, slots=True)
class Row:
    """A fault: injected per function, or the whole router going away."""

    fault: Fault | None = None
    whole_router: str | None = None  # "refused" or "reboot"
    expiry_style: str = "body"
    # The router's answer to a sign-in: a refusal of the credentials.
    refuses_sign_in: bool = False
    # The router's answer says it lacks the function.
    refusal: bool = False
    profile: str = "max"
    columns: tuple[str, ...] = tuple(COLUMNS)


ROWS: dict[str, Row] = {
    "timeout": Row(Fault.TIMEOUT),
    "connection refused": Row(whole_router="refused"),
    "dropped connection": Row(Fault.DROP),
    "HTTP 500": Row(Fault.HTTP_500),
    "HTTP 401": Row(Fault.UNAUTHORIZED, expiry_style="http", refuses_sign_in=True),
    "stat fail 401": Row(Fault.stat_fail(401, "Unauthorized"), refuses_sign_in=True),
    "not JSON": Row(Fault.NOT_JSON),
    "empty body": Row(Fault.EMPTY),
    "missing fields": Row(Fault.MISSING_FIELDS),
    "// Unauthorized (CGI)": Row(
        Fault.UNAUTHORIZED,
        profile="balance",
        columns=(TRAFFIC.key, HARDWARE.key),
    ),
    "Internal Error": Row(Fault.INTERNAL_ERROR),
    "unsupported": Row(Fault.UNSUPPORTED, refusal=True),
    "unknown function": Row(Fault.UNKNOWN_FUNCTION, refusal=True),
    "HTTP 404": Row(Fault.NOT_FOUND, refusal=True),
    "router reboot": Row(whole_router="reboot"),
}
UNAUTHORIZED_ROWS = {"HTTP 401", "stat fail 401", "// Unauthorized (CGI)"}

# What the integration rightly does not treat as a failure: firmware slots only
# complete the identity, so info.firmware failing, whatever the fault, leaves
# it working (with the slots read last).
NOT_A_FAILURE = {
    (name, IDENTITY.key) for name, row in ROWS.items() if row.whole_router is None
}


# Seconds on the loop clock; short against the polling intervals, so that the
# clock moving for a timeout shifts the next polls by little.
REQUEST_TIMEOUT = 1.0


@contextmanager
def short_request_timeout() -> Iterator[None]:
    """Clients made meanwhile give up on a request after REQUEST_TIMEOUT."""
    with patch(
        "custom_components.peplink.client_factory.PeplinkClient",
        partial(PeplinkClient, request_timeout=REQUEST_TIMEOUT),
    ):
        yield


def requests_in_flight(hass: HomeAssistant) -> int:
    """Requests of the integration in flight: their pending request timeouts.

    The client wraps every request in `asyncio.timeout(REQUEST_TIMEOUT)`, whose
    timer is due within REQUEST_TIMEOUT on the frozen loop clock (aiohttp's own
    timeouts are longer).
    """
    horizon = hass.loop.time() + REQUEST_TIMEOUT
    return sum(
        1
        for handle in get_scheduled_timer_handles(hass.loop)
        if not handle.cancelled()
        and handle.when() <= horizon
        and isinstance(getattr(handle._callback, "__self__", None), asyncio.Timeout)
    )


async def async_settle(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: RouterSimulator
) -> None:
    """Run the polls under way to their end, timing out the requests held open.

    The clock moves only while every request in flight is held by the simulator:
    a request still being answered never sees its timeout pass. A request held
    later (the next coordinator signing in, say) is timed out in its turn.
    """
    done = asyncio.ensure_future(hass.async_block_till_done(wait_background_tasks=True))
    while not done.done():
        held = simulator.held
        if not held:
            arrival = asyncio.ensure_future(simulator.wait_held())
            await asyncio.wait([done, arrival], return_when=asyncio.FIRST_COMPLETED)
            arrival.cancel()
            continue
        in_flight = requests_in_flight(hass)
        assert in_flight >= len(held), (in_flight, held)
        if in_flight == len(held):
            freezer.tick(timedelta(seconds=REQUEST_TIMEOUT))
            async_fire_time_changed(hass)
            assert simulator.release_held(held) == len(held)
        # Let the requests still being answered move on.
        await asyncio.sleep(0)
    await done


def entities_by_coordinator(hass: HomeAssistant) -> dict[str, Any]:
    """Every entity of the integration by entity ID."""
    return {
        entity_id: entity
        for platform in async_get_platforms(hass, DOMAIN)
        for entity_id, entity in platform.entities.items()
    }


def log_lines(
    caplog: pytest.LogCaptureFixture, coordinator: PeplinkCoordinator[Any]
) -> tuple[int, int]:
    """The coordinator's failure and recovery lines."""
    failures = recoveries = 0
    for record in caplog.records:
        if record.name != LOGGER.name:
            continue
        message = record.getMessage()
        if f"{coordinator.name} data" not in message:
            continue
        if message == f"Fetching {coordinator.name} data recovered":
            recoveries += 1
        elif record.levelno >= logging.WARNING:
            failures += 1
    return failures, recoveries


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Error records that carry an exception: an unhandled or unexpected error."""
    return [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
        and (record.exc_info or record.exc_text or "Unexpected" in record.msg)
    ]


class StateWatch:
    """Every state written while the cell runs."""

    def __init__(self) -> None:
        """Start empty."""
        self.history: dict[str, list[str]] = {}

    @callback
    def record(self, event: Event[EventStateChangedData]) -> None:
        """Keep the new state."""
        new_state = event.data["new_state"]
        if new_state is not None:
            self.history.setdefault(event.data["entity_id"], []).append(new_state.state)

    def assert_counters_kept(self, hass: HomeAssistant) -> None:
        """No total_increasing sensor ever reported a lower value."""
        for entity_id, values in self.history.items():
            state = hass.states.get(entity_id)
            if (
                state is not None
                and state.attributes.get("state_class") == "total_increasing"
            ):
                assert numeric_drops(values) == [], entity_id

    def assert_stayed_home(self, trackers: list[str]) -> None:
        """None of these trackers turned not_home."""
        for entity_id in trackers:
            assert STATE_NOT_HOME not in self.history.get(entity_id, []), entity_id


def numeric_drops(values: list[str]) -> list[tuple[float, float]]:
    """Pairs of consecutive reported numbers where the later one is lower."""
    numbers = [
        float(value)
        for value in values
        if value not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    ]
    return [(a, b) for a, b in pairwise(numbers) if b < a]


def registry_contents(
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    entry: ConfigEntry[Any],
) -> tuple[set[str], set[str]]:
    """The entry's device IDs and entity IDs in the registries."""
    return (
        {
            device.id
            for device in dr.async_entries_for_config_entry(
                device_registry, entry.entry_id
            )
        },
        {
            registry_entry.entity_id
            for registry_entry in er.async_entries_for_config_entry(
                entity_registry, entry.entry_id
            )
        },
    )


def format_matrix(
    results: dict[tuple[str, str], str], rows: dict[str, Row] = ROWS
) -> str:
    """The matrix as a Markdown table: faults as rows, endpoints as columns."""
    header = ["fault \\ endpoint", *COLUMNS]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row_name, row in rows.items():
        cells = [
            results.get((row_name, column), "not run")
            if column in row.columns
            else "n/a"
            for column in COLUMNS
        ]
        lines.append("| " + " | ".join([f"`{row_name}`", *cells]) + " |")
    return "\n".join(lines)


def matrix_cells(rows: dict[str, Row] = ROWS) -> list[Any]:
    """The cells of a matrix: each row's fault in each of its columns."""
    return [
        pytest.param(row, column, rows[row].profile, id=f"{row}|{column}")
        for row in rows
        for column in rows[row].columns
    ]


def matrix_printer(
    name: str, results: dict[tuple[str, str], str], rows: dict[str, Row] = ROWS
) -> Any:
    """A module fixture that prints the matrix once the module's cells have run."""

    @pytest.fixture(scope="module", autouse=True)
    def print_matrix(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[None]:
        yield
        report_matrix(request, tmp_path_factory, name, results, rows)

    return print_matrix


def report_matrix(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    results: dict[tuple[str, str], str],
    rows: dict[str, Row] = ROWS,
) -> None:
    """Print a matrix's results and write them to NAME.md in the base temp dir."""
    if not results:
        return
    table = format_matrix(results, rows)
    path = Path(tmp_path_factory.getbasetemp()) / f"{name}.md"
    path.write_text(table + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.write_line(
            f"{name.replace('_', ' ').capitalize()} (faults by endpoints):"
        )
        for line in table.splitlines():
            reporter.write_line(line)
        reporter.write_line(f"(written to {path})")
