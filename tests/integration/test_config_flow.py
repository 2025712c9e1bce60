"""The config flow's user step: adding a router, over HTTP or HTTPS, once."""

from __future__ import annotations

from unittest.mock import AsyncMock

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
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

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.constants import BALANCE_NAME, BALANCE_SERIAL
from tests.helpers import running_simulator
from tests.integration.common import added_entry
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    certificate_fingerprint,
    connection_input,
    schema_defaults,
    start_flow,
    submit,
)


@pytest.mark.usefixtures("tolerate_refused_handshakes")
@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("method", ["admin", "api_client"])
async def test_user_flow(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    https_simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
    https: bool,
) -> None:
    sim = https_simulator if https else simulator
    result = await start_flow(hass, connection_input(sim), method)
    if method == "admin":
        assert schema_defaults(result) == {CONF_USERNAME: "admin", CONF_PASSWORD: None}
        credentials = ADMIN_INPUT
    else:
        assert schema_defaults(result) == {
            CONF_CLIENT_ID: None,
            CONF_CLIENT_SECRET: None,
        }
        credentials = API_CLIENT_INPUT

    result = await submit(hass, result, credentials)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == BALANCE_NAME
    # Over HTTPS without verification, the certificate seen now is trusted.
    pinned = (
        {CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex()}
        if https
        else {}
    )
    assert result["data"] == {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: sim.port,
        CONF_SSL: https,
        CONF_VERIFY_SSL: False,
        **credentials,
        **pinned,
    }
    assert result["options"] == {}
    entry = result["result"]
    assert entry.unique_id == BALANCE_SERIAL
    assert entry.version == 1
    assert entry.minor_version == 1
    assert len(mock_setup_entry.mock_calls) == 1


async def test_user_step_checks_the_router_without_credentials(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    """Routers answer info.firmware before login: the check sends nothing else."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await submit(hass, result, connection_input(simulator))
    assert result["type"] is FlowResultType.MENU
    assert [
        (request.function, request.authenticated, request.query)
        for request in simulator.request_log
    ] == [("info.firmware", False, {})]
    assert simulator.logins == 0


async def test_user_form_defaults(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert schema_defaults(result) == {
        CONF_HOST: None,
        CONF_PORT: None,
        CONF_SSL: True,
        CONF_VERIFY_SSL: False,
    }


@pytest.mark.parametrize(
    ("name", "model", "title"),
    [
        ("", "Peplink Balance 710", "Peplink Balance 710"),
        ("", "", "127.0.0.1"),
    ],
)
async def test_title_fallback(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    name: str,
    model: str,
    title: str,
) -> None:
    simulator.state.device["name"] = name
    simulator.state.device["model"] = model
    result = await start_flow(hass, connection_input(simulator))
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title


async def test_port_left_empty(
    hass: HomeAssistant, socket_enabled: None, mock_setup_entry: AsyncMock
) -> None:
    """Without a port the client uses the scheme's; the entry then has no port."""
    # Binding port 80 needs root, which these machines and CI run as.
    async with running_simulator("balance", port=80) as sim:
        connection = connection_input(sim)
        del connection[CONF_PORT]
        result = await start_flow(hass, connection)
        result = await submit(hass, result, ADMIN_INPUT)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert CONF_PORT not in result["data"]

        # Reconfiguring onto the default port drops a stored port again.
        entry = result["result"]
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_PORT: 8080}
        )
        result = await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id},
        )
        result = await submit(hass, result, {**connection, **ADMIN_INPUT})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert CONF_PORT not in entry.data


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_already_configured(
    hass: HomeAssistant,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    host: str,
) -> None:
    """The same router is refused, also under another address."""
    added_entry(hass, simulator)
    result = await start_flow(hass, connection_input(simulator, **{CONF_HOST: host}))
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert len(mock_setup_entry.mock_calls) == 0
