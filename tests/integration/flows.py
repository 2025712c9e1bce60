"""Helpers of the config flow's tests: the forms, what they show, what to type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import SOURCE_DHCP, SOURCE_USER
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
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.peplink.api import (
    ApiClientCredentials,
    Credentials,
    read_certificate_fingerprint,
)
from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.integration.common import added_entry

ADMIN_INPUT = {CONF_USERNAME: ADMIN.username, CONF_PASSWORD: ADMIN.password}
API_CLIENT_INPUT = {
    CONF_CLIENT_ID: API_CLIENT.client_id,
    CONF_CLIENT_SECRET: API_CLIENT.client_secret,
}
# The API client with a secret the router no longer takes: what reauth mends.
STALE_API_CLIENT = ApiClientCredentials(API_CLIENT.client_id, "old-secret")
# A MAC address of Peplink's (00:1A:DD), as DHCP discovery reports it.
PEPLINK_MAC = "001addc0ffee"


def connection_input(simulator: RouterSimulator, **changes: Any) -> dict[str, Any]:
    """The user step's input that points at the simulator."""
    return {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SSL: simulator.https,
        CONF_VERIFY_SSL: False,
        **changes,
    }


def schema_defaults(result: FlowResult) -> dict[str, Any]:
    """What a form shows in its fields: defaults, else suggested values."""
    shown: dict[str, Any] = {}
    for key in result["data_schema"].schema:
        if key.description and "suggested_value" in key.description:
            shown[str(key)] = key.description["suggested_value"]
        elif key.default is not vol.UNDEFINED:
            shown[str(key)] = key.default()
        else:
            shown[str(key)] = None
    return shown


async def start_flow(
    hass: HomeAssistant, connection: dict[str, Any], method: str = "admin"
) -> FlowResult:
    """Go through the user step and the menu to the credentials form."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], connection
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "auth_method"
    assert result["menu_options"] == ["admin", "api_client"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": method}
    )
    assert result["type"] is FlowResultType.FORM
    # Over HTTPS without verification, the form shows the certificate it accepts.
    pinned = connection[CONF_SSL] and not connection[CONF_VERIFY_SSL]
    assert result["step_id"] == (f"{method}_certificate" if pinned else method)
    assert result["errors"] == {}
    return result


async def discover(
    hass: HomeAssistant, host: str = "127.0.0.1", mac: str = PEPLINK_MAC
) -> FlowResult:
    """DHCP discovery of a device with a Peplink MAC address at ``host``."""
    return await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip=host, hostname="", macaddress=mac),
    )


def sent_no_credential(simulator: RouterSimulator) -> bool:
    """The simulator was at most asked, before any sign-in, which firmware it runs."""
    return simulator.logins == 0 and all(
        request.function == "info.firmware" and not request.authenticated
        for request in simulator.request_log
    )


async def submit(
    hass: HomeAssistant, result: FlowResult, user_input: dict[str, Any]
) -> FlowResult:
    """Submit a form of the flow."""
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


def assert_error(result: FlowResult, step_id: str, error: str) -> None:
    """The form is shown again with one base error."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step_id
    assert result["errors"] == {"base": error}


def assert_connection_error(
    result: FlowResult, error: str, connection: dict[str, Any], step_id: str = "user"
) -> None:
    """The form that holds the address shows the error, and what was typed."""
    assert_error(result, step_id, error)
    assert schema_defaults(result) == {CONF_PORT: None, **connection}


async def certificate_fingerprint(simulator: RouterSimulator) -> bytes:
    """The SHA-256 of the certificate the simulator presents."""
    return await read_certificate_fingerprint(simulator.host, simulator.port)


async def pins_presented_certificate(
    data: Mapping[str, Any], simulator: RouterSimulator
) -> bool:
    """Whether the data pins the certificate the simulator presents now."""
    fingerprint = (await certificate_fingerprint(simulator)).hex()
    return data.get(CONF_CERTIFICATE_SHA256) == fingerprint


async def shown_fingerprint(simulator: RouterSimulator) -> str:
    """The simulator's certificate as a form shows it: AB:CD:… pairs."""
    return (await certificate_fingerprint(simulator)).hex(":").upper()


async def pinned_entry(
    hass: HomeAssistant, simulator: RouterSimulator, credentials: Credentials = ADMIN
) -> MockConfigEntry:
    """An entry added (not set up) that trusts the certificate presented now."""
    entry = added_entry(hass, simulator, credentials)
    fingerprint = (await certificate_fingerprint(simulator)).hex()
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_CERTIFICATE_SHA256: fingerprint}
    )
    return entry


def assert_certificate_step(
    result: FlowResult, fingerprint: str, trusted: str | None = None
) -> None:
    """The flow shows the presented certificate, and the trusted one where any."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == ("certificate_changed" if trusted else "certificate")
    placeholders = result["description_placeholders"]
    assert placeholders["host"] == "127.0.0.1"
    assert placeholders["fingerprint"] == fingerprint
    assert placeholders.get("trusted") == trusted
