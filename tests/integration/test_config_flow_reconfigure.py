"""Reconfiguring: the same router at a new address or with new credentials."""

from __future__ import annotations

from unittest.mock import AsyncMock

from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.peplink.api import Credentials
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT, BALANCE_NAME
from tests.helpers import running_simulator
from tests.integration.common import added_entry, entry_data
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    STALE_API_CLIENT,
    assert_error,
    connection_input,
    schema_defaults,
    sent_no_credential,
    submit,
)

SECRETS = {CONF_PASSWORD, CONF_CLIENT_SECRET}


async def test_reconfigure(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    async with running_simulator("balance") as moved:
        result = await entry.start_reconfigure_flow(hass)
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "reconfigure"
        assert schema_defaults(result) == {
            CONF_HOST: "127.0.0.1",
            CONF_PORT: simulator.port,
            CONF_SSL: False,
            CONF_VERIFY_SSL: False,
            "sign_in_method": "admin",
            CONF_USERNAME: "admin",
            CONF_PASSWORD: None,
        }

        # Over HTTP, a new address gets only a password typed for it.
        result = await submit(
            hass,
            result,
            {**connection_input(moved), CONF_USERNAME: "admin", CONF_PASSWORD: ""},
        )
        assert result["errors"] == {CONF_PASSWORD: "secret_in_plain_text"}
        assert moved.logins == 0
        result = await submit(
            hass,
            result,
            {**connection_input(moved), **ADMIN_INPUT},
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert dict(entry.data) == entry_data(moved)
        assert moved.logins == 1


async def test_reconfigure_new_secret(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator, STALE_API_CLIENT)

    result = await entry.start_reconfigure_flow(hass)
    defaults = schema_defaults(result)
    assert defaults[CONF_CLIENT_ID] == API_CLIENT.client_id
    assert defaults[CONF_CLIENT_SECRET] is None

    # The old secret is refused: an empty field keeps it.
    result = await submit(
        hass,
        result,
        {**connection_input(simulator), CONF_CLIENT_ID: API_CLIENT.client_id},
    )
    assert_error(result, "reconfigure", "invalid_auth")
    # What was typed stays, the secret never shows.
    assert schema_defaults(result)[CONF_CLIENT_SECRET] is None
    assert schema_defaults(result)[CONF_PORT] == simulator.port

    result = await submit(
        hass,
        result,
        {**connection_input(simulator), **API_CLIENT_INPUT},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


async def test_reconfigure_wrong_router(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    async with running_simulator("max") as other:
        result = await entry.start_reconfigure_flow(hass)
        result = await submit(hass, result, {**connection_input(other), **ADMIN_INPUT})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_router"
        assert dict(entry.data) == entry_data(simulator)


async def test_reconfigure_errors(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    result = await entry.start_reconfigure_flow(hass)
    good = {**connection_input(simulator), CONF_USERNAME: "admin"}

    result = await submit(hass, result, {**good, CONF_HOST: "http://127.0.0.1"})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}

    port = simulator.port
    await simulator.stop()
    result = await submit(hass, result, good)
    assert_error(result, "reconfigure", "cannot_connect")
    await simulator.start(host="127.0.0.1", port=port)

    result = await submit(hass, result, {**good, CONF_PASSWORD: "wrong"})
    assert_error(result, "reconfigure", "invalid_auth")
    assert simulator.failed_logins == 1

    result = await submit(hass, result, good)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator)


@pytest.mark.parametrize(
    ("credentials", "method", "new_input", "new_credentials"),
    [
        (ADMIN, "api_client", API_CLIENT_INPUT, API_CLIENT),
        (API_CLIENT, "admin", ADMIN_INPUT, ADMIN),
    ],
    ids=["to_api_client", "to_admin"],
)
async def test_reconfigure_switches_the_sign_in_method(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    credentials: Credentials,
    method: str,
    new_input: dict[str, str],
    new_credentials: Credentials,
) -> None:
    """The new method's credentials are typed; the other method's are removed."""
    entry = added_entry(hass, simulator, credentials)
    result = await entry.start_reconfigure_flow(hass)
    kept = {k: v for k, v in entry.data.items() if k not in SECRETS}

    result = await submit(
        hass, result, {**connection_input(simulator), **kept, "sign_in_method": method}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == f"reconfigure_{method}"
    assert result["description_placeholders"] == {
        "name": BALANCE_NAME,
        "host": "127.0.0.1",
    }
    # Nothing of the other method, not even its identity.
    assert schema_defaults(result) == {
        key: "admin" if key == CONF_USERNAME else None for key in new_input
    }
    assert sent_no_credential(simulator)

    result = await submit(hass, result, new_input)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, new_credentials)
    assert simulator.logins == 1


async def test_switching_never_reuses_a_secret(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """An empty secret of the new method is refused, not taken from the old one."""
    entry = added_entry(hass, simulator)
    result = await entry.start_reconfigure_flow(hass)
    result = await submit(
        hass,
        result,
        {**connection_input(simulator), "sign_in_method": "api_client"},
    )
    simulator.reset_counters()

    result = await submit(hass, result, {**API_CLIENT_INPUT, CONF_CLIENT_SECRET: ""})
    assert result["errors"] == {CONF_CLIENT_SECRET: "required"}
    assert not simulator.request_log

    wrong = {**API_CLIENT_INPUT, CONF_CLIENT_SECRET: ADMIN.password}
    result = await submit(hass, result, wrong)
    assert_error(result, "reconfigure_api_client", "invalid_auth")
    assert schema_defaults(result) == {
        CONF_CLIENT_ID: API_CLIENT.client_id,
        CONF_CLIENT_SECRET: None,
    }
    assert dict(entry.data) == entry_data(simulator)

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)


async def test_switching_to_another_router_is_refused(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    entry = added_entry(hass, simulator)
    async with running_simulator("max") as other:
        result = await entry.start_reconfigure_flow(hass)
        result = await submit(
            hass, result, {**connection_input(other), "sign_in_method": "api_client"}
        )
        result = await submit(hass, result, API_CLIENT_INPUT)
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_router"
    assert dict(entry.data) == entry_data(simulator)


async def test_switching_reports_the_address_where_it_is_typed(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A router gone before or after the switch: the reconfigure form says so."""
    entry = added_entry(hass, simulator)
    switch = {**connection_input(simulator), "sign_in_method": "api_client"}
    port = simulator.port
    await simulator.stop()
    result = await entry.start_reconfigure_flow(hass)

    result = await submit(hass, result, switch)
    assert_error(result, "reconfigure", "cannot_connect")
    assert schema_defaults(result)["sign_in_method"] == "api_client"

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, switch)
    assert result["step_id"] == "reconfigure_api_client"
    await simulator.stop()

    result = await submit(hass, result, API_CLIENT_INPUT)
    assert_error(result, "reconfigure", "cannot_connect")
    assert schema_defaults(result) == {
        **connection_input(simulator),
        "sign_in_method": "api_client",
        CONF_USERNAME: ADMIN.username,
        CONF_PASSWORD: None,
    }

    await simulator.start(host="127.0.0.1", port=port)
    result = await submit(hass, result, switch)
    result = await submit(hass, result, API_CLIENT_INPUT)
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == entry_data(simulator, API_CLIENT)
