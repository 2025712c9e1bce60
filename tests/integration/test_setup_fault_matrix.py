"""The fault matrix at setup: each fault of one endpoint while the entry sets up.

The rows and columns are the fault matrix's (fault_matrix.py), but for the
whole router going away, which a required endpoint meets first. Each cell
injects the fault, sets the entry up and asserts:

- a fault that reaches a required endpoint (identity, WAN, the sign-in) fails
  setup as before: retried later, or reauthentication for refused credentials;
  once the fault clears, the retry loads the entry;
- a fault of an optional endpoint, whatever it is, does not: the entry loads
  without that endpoint and with everything else;
- the endpoint is asked again, soon after a failure and hourly after the router
  said it lacks it, and not before: never at each poll;
- once it answers, the endpoint's entities are added, available, without a reload;
- no traceback, and no refused sign-in.

Request timeouts run on the frozen loop clock, as in the fault matrix.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.peplink.const import LOGGER
from custom_components.peplink.endpoints import ENDPOINTS
from simulator import RouterSimulator
from tests.integration.fault_matrix import (
    COLUMNS,
    NOT_A_FAILURE,
    ROWS,
    async_settle,
    entities_by_coordinator,
    matrix_cells,
    matrix_printer,
    short_request_timeout,
    tracebacks,
)

REQUIRED_FUNCTIONS = {
    function
    for endpoint in ENDPOINTS
    if endpoint.required
    for function in endpoint.functions
} | {"login"}
# When an optional endpoint is asked again: soon after a failure, hourly after
# the router said it lacks it.
AFTER_FAILURE = 15
AFTER_REFUSAL = 3600
# After the second failure, twice as late, at most the endpoint's interval.
SECOND_AFTER_FAILURE = 30

SETUP_ROWS = {name: row for name, row in ROWS.items() if row.whole_router is None}
CELLS = matrix_cells(SETUP_ROWS)

RESULTS: dict[tuple[str, str], str] = {}


print_matrix = matrix_printer("setup_fault_matrix", RESULTS, SETUP_ROWS)


@pytest.fixture(autouse=True)
def request_timeout() -> Generator[None]:
    """Clients of the integration give up on a request after REQUEST_TIMEOUT."""
    with short_request_timeout():
        yield


def expected_setup(row_name: str, column: str) -> ConfigEntryState:
    """How setup ends with the fault: loaded unless a required endpoint meets it."""
    functions = COLUMNS[column][0]
    if (row_name, column) in NOT_A_FAILURE or not REQUIRED_FUNCTIONS & set(functions):
        return ConfigEntryState.LOADED
    if column == "login" and ROWS[row_name].refuses_sign_in:
        return ConfigEntryState.SETUP_ERROR
    return ConfigEntryState.SETUP_RETRY


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(("row_name", "column", "profile"), CELLS)
async def test_setup_fault_cell(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    row_name: str,
    column: str,
) -> None:
    """One cell; see the module docstring for what it asserts."""
    RESULTS[(row_name, column)] = "**FAIL**"
    row = SETUP_ROWS[row_name]
    functions, fed, _ = COLUMNS[column]
    caplog.set_level(logging.INFO, logger=LOGGER.name)
    entry = mock_config_entry
    assert row.fault is not None
    simulator.expiry_style = row.expiry_style
    for function in functions:
        simulator.inject(function, row.fault)

    async def poll(seconds: int) -> None:
        simulator.advance(min(seconds, 60))
        freezer.tick(timedelta(seconds=seconds))
        async_fire_time_changed(hass)
        await async_settle(hass, freezer, simulator)

    def asked() -> int:
        return sum(simulator.requests[function] for function in functions)

    entry.add_to_hass(hass)
    hass.async_create_task(hass.config_entries.async_setup(entry.entry_id))
    await async_settle(hass, freezer, simulator)
    expected = expected_setup(row_name, column)
    assert entry.state is expected, entry.reason

    if expected is ConfigEntryState.SETUP_ERROR:
        # Refused credentials: reauthentication, and they are not sent again.
        flows = hass.config_entries.flow.async_progress()
        assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    elif expected is ConfigEntryState.SETUP_RETRY:
        simulator.clear_faults()
        await poll(60)
        assert entry.state is ConfigEntryState.LOADED
    elif (row_name, column) not in NOT_A_FAILURE:
        # An optional endpoint: left out for now, the others are there.
        polled = set(entry.runtime_data.polled)
        assert fed not in polled
        assert {"identity", "wan", "traffic", "clients"} - {fed} <= polled
        first = AFTER_REFUSAL if row.refusal else AFTER_FAILURE
        simulator.reset_counters()
        await poll(first - 5)
        assert asked() == 0, "asked again before its time"
        await poll(5)
        assert asked() > 0, "not asked again"
        assert fed not in entry.runtime_data.polled

        simulator.clear_faults()
        await poll(AFTER_REFUSAL if row.refusal else SECOND_AFTER_FAILURE)
        assert entry.state is ConfigEntryState.LOADED
        assert fed in entry.runtime_data.polled
        coordinator = entry.runtime_data.polled[fed]
        entities = [
            entity_id
            for entity_id, entity in entities_by_coordinator(hass).items()
            if getattr(entity, "coordinator", None) is coordinator
            # A disabled WAN's traffic is rightly unavailable.
            and not getattr(entity, "wan_disabled", False)
        ]
        assert entities, f"no entity of {fed}"
        for entity_id in entities:
            state = hass.states.get(entity_id)
            assert state is not None, entity_id
            assert state.state != STATE_UNAVAILABLE, entity_id

    assert tracebacks(caplog) == []
    assert simulator.failed_logins == 0
    RESULTS[(row_name, column)] = "pass"
