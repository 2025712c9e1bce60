"""Debug logging explains what happened: requests, sign-ins, the probe, polling.

What each line says is asserted, never how long anything took.
"""

from __future__ import annotations

from collections import Counter
import logging
import re

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.peplink.const import CONF_TRACK_LOCATION, LOGGER
from simulator import Fault, RouterSimulator
from tests.constants import API_CLIENT, BALANCE_NAME, READ_ONLY_CLIENT
from tests.integration.common import (
    WAN_POLL,
    async_poll,
    async_setup_integration,
    config_entry_for,
)

TRANSPORT = f"{LOGGER.name}.api.transport"
DURATION = re.compile(r"\b\d+\.\d{3} s\b")
# A request's line: method, function (with its parameters), path, host, and
# its HTTP status and duration, or the failure and the time it took.
REQUEST = re.compile(
    r"(?P<method>GET|POST) (?P<function>[\w.]+)(\?\S+( \S+)*)?( \(web-admin path\))?"
    r" at 127\.0\.0\.1(: HTTP \d{3} in <t> s(, answered with an error: .+)?"
    r"| failed after <t> s: .+)"
)


def lines(caplog: pytest.LogCaptureFixture, logger: str = LOGGER.name) -> list[str]:
    """The messages of a logger and of the loggers under it, in order.

    Durations read "<t> s": a test asserts what a line says, never a time.
    """
    return [
        DURATION.sub("<t> s", record.getMessage())
        for record in caplog.records
        if record.name == logger or record.name.startswith(f"{logger}.")
    ]


@pytest.fixture(autouse=True)
def debug_logging(caplog: pytest.LogCaptureFixture) -> None:
    """Capture the integration's log at DEBUG, as its "Enable debug logging" does."""
    caplog.set_level(logging.DEBUG, logger=LOGGER.name)


async def test_setup_explained(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Each request, the sign-in, the probe's results and the polling plan."""
    assert await async_setup_integration(hass, mock_config_entry)

    requests = lines(caplog, TRANSPORT)
    for line in requests:
        assert REQUEST.fullmatch(line), line
    assert Counter(
        match["function"] for line in requests if (match := REQUEST.fullmatch(line))
    ) == Counter(request.function for request in simulator.request_log)
    logged = lines(caplog)
    for expected in (
        "Signing in to 127.0.0.1 with an admin account: no session is held",
        "Signed in to 127.0.0.1 with an admin account, which may write",
        # The Balance serves these at its web-admin path only.
        "127.0.0.1 refuses status.traffic at /api/; using its web-admin path"
        " for 3600 s",
        "GET info.location at 127.0.0.1: HTTP 200 in <t> s, answered with an"
        " error: info.location is not supported by this router",
        f"{BALANCE_NAME} at setup: answered: identity, wan, traffic, clients,"
        " hardware, pepvpn; not offered or nothing to show: allowances, location,"
        " access_point, sim_preferences, ssid_profiles, sms",
        f"{BALANCE_NAME} polls identity every 3600 s, wan every 15 s, traffic every"
        " 15 s, clients every 30 s, hardware every 60 s, pepvpn every 60 s",
        f"{BALANCE_NAME} has nothing of location; asking again in 1:00:00",
    ):
        assert [line for line in logged if line == expected] == [expected], expected

    # What the router lacks is asked again hourly, and said again.
    await async_poll(hass, freezer, 3600, simulator)
    assert (
        lines(caplog).count(
            f"{BALANCE_NAME} has nothing of location; asking again in 1:00:00"
        )
        == 2
    )


@pytest.mark.parametrize("profile", ["max"])
async def test_endpoints_not_asked(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
) -> None:
    """An option that is off, and controls a read-only sign-in cannot use."""
    entry = config_entry_for(
        simulator, READ_ONLY_CLIENT, options={CONF_TRACK_LOCATION: False}
    )
    assert await async_setup_integration(hass, entry)

    probed = [line for line in lines(caplog) if " at setup: " in line]
    assert probed == [
        f"{entry.title} at setup: answered: identity, wan, traffic, clients, hardware,"
        " allowances, pepvpn, sms; not asked, as track_location is off: location;"
        " not asked, as the sign-in may only read: access_point, sim_preferences,"
        " ssid_profiles"
    ]
    signed_in = [line for line in lines(caplog) if line.startswith("Signed in")]
    assert signed_in == [
        "Signed in to 127.0.0.1 with an API client, which may only read; renewing"
        " the token in 172500 s"
    ]


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ("down", "to be tried again later: Cannot connect to 127.0.0.1"),
        ("password", "so it waits for a new sign-in: The router refused the username"),
        ("wan", "to be tried again later: status.wan.connection answered HTTP 500"),
    ],
)
async def test_failed_setup_says_why(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    mock_config_entry: MockConfigEntry,
    fault: str,
    why: str,
) -> None:
    """A setup that fails leaves a line of the integration with its reason."""
    if fault == "down":
        await simulator.stop()
    elif fault == "password":
        simulator.password = "changed-on-the-router"
    else:
        simulator.inject("status.wan.connection", Fault.HTTP_500)

    assert not await async_setup_integration(hass, mock_config_entry)
    assert mock_config_entry.state in (
        ConfigEntryState.SETUP_RETRY,
        ConfigEntryState.SETUP_ERROR,
    )
    failed = [line for line in lines(caplog) if line.startswith("Setting up")]
    assert len(failed) == 1
    assert failed[0].startswith(f"Setting up {BALANCE_NAME} failed, {why}")


async def test_sign_in_again_explained(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
    init_integration: MockConfigEntry,
) -> None:
    """The router ends the session: which request saw it, and the new sign-in."""
    simulator.expire_sessions()
    simulator.reset_counters()
    caplog.clear()
    await async_poll(hass, freezer, WAN_POLL, simulator)

    logged = lines(caplog)
    # The WAN status and the traffic, polled together, both met the end.
    assert sorted(line for line in logged if line.endswith("signing in again")) == [
        "status.traffic refused the session: signing in again",
        "status.wan.connection refused the session: signing in again",
    ]
    assert [line for line in logged if line.startswith("Sign")] == [
        "Signing in to 127.0.0.1 with an admin account: the router refused the session",
        "Signed in to 127.0.0.1 with an admin account, which may write",
    ]
    assert simulator.logins == 1


async def test_token_refused_at_web_admin_path_explained(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator: RouterSimulator,
) -> None:
    """Tokens refused at the web-admin path, the only one of the Balance's identity."""
    simulator.cgi_refuses_tokens = True
    assert not await async_setup_integration(
        hass, config_entry_for(simulator, API_CLIENT)
    )

    logged = lines(caplog)
    assert (
        "127.0.0.1 refuses status.system.info at /api/; using its web-admin path"
        " for 3600 s"
    ) in logged
    assert (
        "status.system.info refuses the API client's fresh token; not asked for 3600 s"
    ) in logged
    assert (
        f"Setting up {BALANCE_NAME} failed, to be tried again later:"
        " status.system.info refuses API clients on this router; an admin may call it"
    ) in logged
