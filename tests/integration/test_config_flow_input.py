"""What the forms accept: host, identity and secret, checked before any request."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.peplink.const import DOMAIN
from custom_components.peplink.flow_forms import connection_data
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.integration.common import added_entry, entry_data
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    connection_input,
    schema_defaults,
    start_flow,
    submit,
)

BAD_HOSTS = [
    "http://x",
    "x/y",
    "u@x",
    "a b",
    "",
    "   ",
    "x:8080",
    "https://x:1/p",
    "router?x",
    "router#x",
    "router\\x",
    "router\x00x",
    "a\n.example",
    "[router]",
    "[192.168.50.1]",
    "[fe80::1",
    "fe80::1]",
    "[]",
    # An IPv6 zone is an interface name, nothing a URL would split on.
    "fe80::1%eth0?x",
    "fe80::1%eth0#x",
    "fe80::1%eth0\\x",
    "fe80::1%eth0\x00",
    "fe80::1%[eth0",
    "fe80::1%eth0]",
    "fe80::1%a:b",
    "[fe80::1%eth0]]",
]


@pytest.fixture(autouse=True)
def no_unexpected_error(caplog: pytest.LogCaptureFixture) -> Any:
    """No input makes the flow log an unexpected error."""
    yield
    assert "Unexpected error" not in caplog.text


@pytest.mark.parametrize("host", BAD_HOSTS)
async def test_invalid_host_on_the_user_step(
    hass: HomeAssistant, simulator: RouterSimulator, host: str
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await submit(
        hass, result, {CONF_HOST: host, CONF_SSL: True, CONF_VERIFY_SSL: False}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    # The form keeps what was typed.
    assert schema_defaults(result)[CONF_HOST] == host
    # Refused before any request.
    assert not simulator.request_log

    result = await submit(hass, result, connection_input(simulator))
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"] == {"host": "127.0.0.1"}


@pytest.mark.parametrize("host", BAD_HOSTS)
async def test_invalid_host_on_reconfigure(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    host: str,
) -> None:
    entry = added_entry(hass, simulator)
    result = await entry.start_reconfigure_flow(hass)

    result = await submit(
        hass, result, {**connection_input(simulator, host=host), **ADMIN_INPUT}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert not simulator.request_log

    result = await submit(hass, result, {**connection_input(simulator), **ADMIN_INPUT})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator)


@pytest.mark.parametrize(
    ("host", "accepted"),
    [
        ("  192.168.50.1 ", "192.168.50.1"),
        ("router.example", "router.example"),
        ("fe80::1", "fe80::1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        # As in a URL: the brackets are the URL's, not the address's.
        ("[fe80::1]", "fe80::1"),
        (" [::1] ", "::1"),
    ],
)
def test_valid_host_forms(host: str, accepted: str) -> None:
    """What the form stores of a host; reaching it is the flow's next check."""
    user_input = {CONF_HOST: host, CONF_SSL: False, CONF_VERIFY_SSL: False}
    assert connection_data(user_input)[CONF_HOST] == accepted


async def test_host_with_blanks_reaches_the_router(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await submit(
        hass, result, connection_input(simulator, **{CONF_HOST: " 127.0.0.1\t"})
    )
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"] == {"host": "127.0.0.1"}
    assert simulator.requests["info.firmware"] == 1


# Each credential field left empty or blank, on the add forms.
EMPTY_CREDENTIALS = [
    ("admin", {**ADMIN_INPUT, CONF_USERNAME: ""}, CONF_USERNAME),
    ("admin", {**ADMIN_INPUT, CONF_USERNAME: "   "}, CONF_USERNAME),
    ("admin", {**ADMIN_INPUT, CONF_PASSWORD: ""}, CONF_PASSWORD),
    ("api_client", {**API_CLIENT_INPUT, CONF_CLIENT_ID: ""}, CONF_CLIENT_ID),
    ("api_client", {**API_CLIENT_INPUT, CONF_CLIENT_ID: " \t"}, CONF_CLIENT_ID),
    ("api_client", {**API_CLIENT_INPUT, CONF_CLIENT_SECRET: ""}, CONF_CLIENT_SECRET),
]


@pytest.mark.parametrize(("method", "user_input", "field"), EMPTY_CREDENTIALS)
async def test_empty_credential_on_add(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
    user_input: dict[str, str],
    field: str,
) -> None:
    result = await start_flow(hass, connection_input(simulator), method)
    simulator.reset_counters()

    result = await submit(hass, result, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == method
    assert result["errors"] == {field: "required"}
    # Never sent: the router would count a failed sign-in.
    assert not simulator.request_log

    right = ADMIN_INPUT if method == "admin" else API_CLIENT_INPUT
    result = await submit(hass, result, right)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("credentials", "user_input", "field"),
    [
        (ADMIN_INPUT, {CONF_USERNAME: " ", CONF_PASSWORD: "x"}, CONF_USERNAME),
        (
            API_CLIENT_INPUT,
            {CONF_CLIENT_ID: "", CONF_CLIENT_SECRET: "x"},
            CONF_CLIENT_ID,
        ),
    ],
)
async def test_empty_identity_on_reauth(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    credentials: dict[str, str],
    user_input: dict[str, str],
    field: str,
) -> None:
    entry = added_entry(
        hass, simulator, API_CLIENT if CONF_CLIENT_ID in credentials else ADMIN
    )
    result = await entry.start_reauth_flow(hass)

    result = await submit(hass, result, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {field: "required"}
    assert not simulator.request_log

    result = await submit(hass, result, credentials)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"


@pytest.mark.parametrize("client_id", ["", "  "])
async def test_empty_client_id_on_reconfigure(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    client_id: str,
) -> None:
    """An API client entry stays one: an empty id is no switch to admin."""
    entry = added_entry(hass, simulator, API_CLIENT)
    result = await entry.start_reconfigure_flow(hass)

    result = await submit(
        hass, result, {**connection_input(simulator), CONF_CLIENT_ID: client_id}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_CLIENT_ID: "required"}
    assert not simulator.request_log

    result = await submit(
        hass,
        result,
        {**connection_input(simulator), CONF_CLIENT_ID: API_CLIENT.client_id},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


async def test_identity_without_surrounding_blanks(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A pasted client id with a trailing blank is the client id."""
    result = await start_flow(hass, connection_input(simulator), "api_client")
    result = await submit(
        hass,
        result,
        {**API_CLIENT_INPUT, CONF_CLIENT_ID: f" {API_CLIENT.client_id}\n"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_CLIENT_ID] == API_CLIENT.client_id
    assert simulator.failed_logins == 0
