"""The fault matrix: every fault crossed with every endpoint the integration polls.

Each cell sets the integration up against the simulator, polls once normally,
injects the fault, polls three times, clears the fault and polls until every
failed coordinator has polled once more. It asserts:

- no traceback is logged (no unhandled exception);
- only the entities fed by the failing endpoint become unavailable, and they
  come back on their coordinator's first poll after the fault clears;
- one failure line and one recovery line per affected coordinator, not one a poll;
- counters (total_increasing sensors) never report a lower value;
- client trackers that were home never turn not_home;
- the config entry, devices and entity registry entries all remain;
- the sign-ins the fault calls for, and no more; after recovery the endpoint
  costs the router as many requests a poll as before the fault.

Request timeouts run on the loop clock, which `freezer` freezes: nothing here
waits for real time. The simulator holds a request under the TIMEOUT fault open,
and once every request still in flight is a held one, the test moves the clock
by REQUEST_TIMEOUT (the request timeout every client of the integration gets):
the client's own `asyncio.timeout` expires, as it would on a silent router, and
the held requests are released. Other requests never see the clock move.

The matrix (faults by endpoints) is written to the terminal at the end of the
module and to fault_matrix.md in pytest's base temporary directory.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.peplink.api.requester import RECHECK_INTERVAL as MARK_LIFETIME
from custom_components.peplink.const import LOGGER
from custom_components.peplink.coordinator import PeplinkCoordinator
from custom_components.peplink.device_tracker import PeplinkClientTracker
from simulator import RouterSimulator
from tests.integration.common import async_setup_integration
from tests.integration.fault_matrix import (
    COLUMNS,
    NOT_A_FAILURE,
    ROWS,
    UNAUTHORIZED_ROWS,
    StateWatch,
    async_settle,
    entities_by_coordinator,
    log_lines,
    matrix_cells,
    matrix_printer,
    registry_contents,
    short_request_timeout,
    tracebacks,
)

FAILING_POLLS = 3
# The simulator's clock moves at most this much a poll (counters keep rising).
SIM_STEP = 60

CELLS = matrix_cells(ROWS)

RESULTS: dict[tuple[str, str], str] = {}


print_matrix = matrix_printer("fault_matrix", RESULTS, ROWS)


@pytest.fixture(autouse=True)
def request_timeout() -> Generator[None]:
    """Clients of the integration give up on a request after REQUEST_TIMEOUT."""
    with short_request_timeout():
        yield


def coordinators_of(entry: MockConfigEntry) -> dict[str, PeplinkCoordinator[Any]]:
    """The entry's coordinators by their endpoint's key."""
    return dict(entry.runtime_data.polled)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(("row_name", "column", "profile"), CELLS)
async def test_fault_cell(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    row_name: str,
    column: str,
) -> None:
    """One cell of the matrix; see the module docstring for what it asserts."""
    RESULTS[(row_name, column)] = "**FAIL**"
    row = ROWS[row_name]
    functions, fed, interval = COLUMNS[column]
    step = int(interval.total_seconds())
    caplog.set_level(logging.INFO, logger=LOGGER.name)

    entry = mock_config_entry
    assert await async_setup_integration(hass, entry)
    coordinators = coordinators_of(entry)
    assert fed is None or fed in coordinators, f"{simulator.profile} lacks {fed}"
    seconds = {
        name: int(coordinator.update_interval.total_seconds())  # type: ignore[union-attr]
        for name, coordinator in coordinators.items()
    }
    entities = entities_by_coordinator(hass)
    fed_by = {
        entity_id: next(
            (
                name
                for name, coordinator in coordinators.items()
                if getattr(entity, "coordinator", None) is coordinator
            ),
            None,
        )
        for entity_id, entity in entities.items()
    }
    trackers = [
        entity_id
        for entity_id, entity in entities.items()
        if isinstance(entity, PeplinkClientTracker)
    ]
    registered = registry_contents(device_registry, entity_registry, entry)
    watch = StateWatch()
    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, watch.record)

    elapsed = 0

    async def poll() -> None:
        nonlocal elapsed
        elapsed += step
        simulator.advance(min(step, SIM_STEP))
        freezer.tick(timedelta(seconds=step))
        async_fire_time_changed(hass)
        await async_settle(hass, freezer, simulator)

    def polled(name: str, at: int) -> bool:
        return at % seconds[name] == 0

    # A normal poll: the baseline, and what a poll of the endpoint costs.
    simulator.reset_counters()
    await poll()
    baseline_cost = sum(simulator.requests[function] for function in functions)
    available = {
        entity_id
        for entity_id in entities
        if hass.states.get(entity_id) is not None
        and hass.states.get(entity_id).state != STATE_UNAVAILABLE  # type: ignore[union-attr]
    }
    home = [
        entity_id
        for entity_id in trackers
        if hass.states.get(entity_id).state == "home"  # type: ignore[union-attr]
    ]
    assert available, "nothing available before the fault"

    # Which coordinators the fault reaches.
    if row.whole_router is not None or fed is None:
        targets = set(coordinators)
    elif (row_name, column) in NOT_A_FAILURE:
        targets = set()
    else:
        targets = {fed}
    port = simulator.port
    simulator.expiry_style = row.expiry_style
    if fed is None:
        # The login column: the session ends, so every request must sign in again.
        simulator.expire_sessions()
    if row.whole_router == "refused":
        await simulator.stop()
    elif row.whole_router == "reboot":
        # Down until restarted below (its own downtime runs on the loop clock).
        await simulator.reboot(downtime=24 * 3600)
    else:
        assert row.fault is not None
        for function in functions:
            simulator.inject(function, row.fault)
    simulator.reset_counters()

    sign_in_refused = fed is None and row.refuses_sign_in
    logins_after = 0
    failed: set[str] = set()
    for _ in range(FAILING_POLLS):
        await poll()
        failed |= {name for name in targets if polled(name, elapsed)}
        for entity_id in available:
            state = hass.states.get(entity_id)
            assert state is not None, f"{entity_id} vanished"
            if fed_by[entity_id] in failed:
                assert state.state == STATE_UNAVAILABLE, (entity_id, state.state)
            else:
                assert state.state != STATE_UNAVAILABLE, f"{entity_id} unavailable"
    login_requests_during = simulator.requests["login"]
    logins_during = simulator.logins

    # The fault clears.
    simulator.clear_faults()
    if row.whole_router == "refused":
        await simulator.start(host="127.0.0.1", port=port)
    elif row.whole_router == "reboot":
        await simulator.stop()
        await simulator.start(host="127.0.0.1", port=port)
    simulator.expiry_style = "body"

    if sign_in_refused:
        # The router refused the credentials: reauthentication, and no retry.
        for _ in range(2):
            await poll()
        flows = [
            flow
            for flow in hass.config_entries.flow.async_progress()
            if flow["context"]["source"] == SOURCE_REAUTH
        ]
        assert len(flows) == 1
        assert simulator.requests["login"] == login_requests_during == 1
        recovered_cost = baseline_cost
    else:
        pending = set(failed)
        while pending:
            await poll()
            now_polled = {name for name in pending if polled(name, elapsed)}
            pending -= now_polled
            for entity_id in available:
                if fed_by[entity_id] in now_polled:
                    state = hass.states.get(entity_id)
                    assert state is not None
                    assert state.state != STATE_UNAVAILABLE, (
                        f"{entity_id} not back on the first poll after the fault"
                    )
        for entity_id in available:
            state = hass.states.get(entity_id)
            assert state is not None
            assert state.state != STATE_UNAVAILABLE, f"{entity_id} still unavailable"
        # What a poll of the endpoint costs now.
        logins_after = simulator.logins
        simulator.reset_counters()
        await poll()
        assert simulator.logins == 0
        recovered_cost = sum(simulator.requests[function] for function in functions)
    unsubscribe()

    # No unhandled exception.
    assert tracebacks(caplog) == []
    # One line down and one line back per affected coordinator, none for others.
    for name, coordinator in coordinators.items():
        failures, recoveries = log_lines(caplog, coordinator)
        if sign_in_refused:
            continue
        if name in failed:
            assert (failures, recoveries) == (1, 1), (name, failures, recoveries)
        else:
            assert (failures, recoveries) == (0, 0), (name, failures, recoveries)
    # Counters never drop; trackers that were home never went away.
    watch.assert_counters_kept(hass)
    watch.assert_stayed_home(home)
    # Nothing lost.
    assert hass.config_entries.async_get_entry(entry.entry_id) is entry
    assert entry.state is ConfigEntryState.LOADED
    assert registry_contents(device_registry, entity_registry, entry) == registered
    # Sign-ins.
    if row_name in UNAUTHORIZED_ROWS and fed is not None:
        # One new session for the first refusal: it may be an ended session. A
        # function that refused a session signed in for it is not signed in
        # for again until the client's mark of it lapses.
        marked = step < MARK_LIFETIME
        assert logins_during == (1 if marked else FAILING_POLLS), logins_during
    elif sign_in_refused:
        # The fault answered the one sign-in; the router counted no login.
        assert logins_during == 0
    elif fed is None or row.whole_router == "reboot":
        # Signed in again once, after the fault.
        assert logins_after == 1
    else:
        assert logins_during == 0
    assert simulator.failed_logins == 0
    # The endpoint costs what it cost before the fault.
    if fed is not None and row.whole_router is None:
        assert recovered_cost == baseline_cost, (baseline_cost, recovered_cost)
    RESULTS[(row_name, column)] = "pass"
