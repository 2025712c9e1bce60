"""No credential goes to a certificate the user has not accepted, on any flow path."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock

from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.peplink.const import CONF_CERTIFICATE_SHA256, DOMAIN
from simulator import RouterSimulator
from tests.constants import ADMIN, API_CLIENT
from tests.helpers import running_simulator
from tests.integration.common import added_entry, config_entry_for, entry_data
from tests.integration.flows import (
    ADMIN_INPUT,
    API_CLIENT_INPUT,
    STALE_API_CLIENT,
    assert_certificate_step,
    assert_connection_error,
    assert_error,
    certificate_fingerprint,
    connection_input,
    pinned_entry,
    pins_presented_certificate,
    shown_fingerprint,
    start_flow,
    submit,
)

pytestmark = pytest.mark.usefixtures("tolerate_refused_handshakes")

NEW_PASSWORD = "n3w-admin-pass"


def shown_pin(entry: ConfigEntry[Any]) -> str:
    """The certificate the entry trusts, as a form shows it."""
    return bytes.fromhex(entry.data[CONF_CERTIFICATE_SHA256]).hex(":").upper()


def sent_nothing(simulator: RouterSimulator) -> bool:
    """The simulator received no request at all, so no credential."""
    return not simulator.request_log and simulator.logins == 0


@pytest.mark.parametrize(
    ("method", "credentials"),
    [("admin", ADMIN_INPUT), ("api_client", API_CLIENT_INPUT)],
)
async def test_add_shows_the_certificate_it_pins(
    hass: HomeAssistant,
    https_simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    method: str,
    credentials: dict[str, str],
) -> None:
    sim = https_simulator
    result = await start_flow(hass, connection_input(sim), method)
    assert result["description_placeholders"] == {
        "host": "127.0.0.1",
        "fingerprint": await shown_fingerprint(sim),
    }
    # Showing it took a handshake only.
    assert sent_nothing(sim)

    result = await submit(hass, result, credentials)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await pins_presented_certificate(result["data"], sim)


async def test_add_refuses_a_certificate_replaced_after_it_was_shown(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    sim = https_simulator
    result = await start_flow(hass, connection_input(sim))
    shown = result["description_placeholders"]["fingerprint"]
    await sim.replace_certificate()

    result = await submit(hass, result, ADMIN_INPUT)
    assert_error(result, "admin_certificate", "certificate_changed")
    assert sent_nothing(sim)
    # The form now shows the certificate presented; signing in accepts that one.
    replaced = await shown_fingerprint(sim)
    assert replaced != shown
    assert result["description_placeholders"]["fingerprint"] == replaced

    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await pins_presented_certificate(result["data"], sim)


async def test_add_cannot_read_the_certificate(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """The handshake is the check: its failure shows on the address form."""
    sim = https_simulator
    connection = connection_input(sim)
    port = sim.port
    await sim.stop()
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )

    result = await submit(hass, result, connection)
    assert_connection_error(result, "cannot_connect", connection)

    await sim.start(host="127.0.0.1", port=port, https=True)
    result = await submit(hass, result, connection)
    assert result["type"] is FlowResultType.MENU
    assert sent_nothing(sim)


async def test_reconfigure_keeps_the_pin_of_an_unchanged_certificate(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    pinned = entry.data[CONF_CERTIFICATE_SHA256]

    result = await entry.start_reconfigure_flow(hass)
    result = await submit(hass, result, {**connection_input(sim), **ADMIN_INPUT})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_CERTIFICATE_SHA256] == pinned
    assert sim.logins == 1


@pytest.mark.parametrize("password", [NEW_PASSWORD, ""], ids=["typed", "kept"])
async def test_reconfigure_asks_before_signing_in_to_a_changed_certificate(
    hass: HomeAssistant,
    https_simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
    password: str,
) -> None:
    """Typed or kept (an empty field), the password waits for the acceptance."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    trusted = shown_pin(entry)
    sim.password = password or ADMIN.password
    await sim.replace_certificate()
    sim.reset_counters()

    result = await entry.start_reconfigure_flow(hass)
    user_input = {
        **connection_input(sim),
        CONF_USERNAME: ADMIN.username,
        CONF_PASSWORD: password,
    }
    result = await submit(hass, result, user_input)
    assert_certificate_step(result, await shown_fingerprint(sim), trusted)
    assert sent_nothing(sim)

    result = await submit(hass, result, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert sim.logins == 1
    assert dict(entry.data) == {
        **entry_data(sim),
        CONF_PASSWORD: sim.password,
        CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex(),
    }


async def test_reconfigure_never_sends_the_kept_secret_to_an_impostor(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Another device at the router's address, with a certificate of its own."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim, API_CLIENT)
    trusted = shown_pin(entry)
    port = sim.port
    await sim.stop()
    async with running_simulator("balance", https=True, port=port) as impostor:
        result = await entry.start_reconfigure_flow(hass)
        result = await submit(
            hass,
            result,
            {**connection_input(impostor), CONF_CLIENT_ID: API_CLIENT.client_id},
        )
        assert_certificate_step(result, await shown_fingerprint(impostor), trusted)
        # The user does not recognize it and closes the dialog.
        hass.config_entries.flow.async_abort(result["flow_id"])
        assert sent_nothing(impostor)
    assert entry.data == {
        **entry_data(sim, API_CLIENT),
        CONF_CERTIFICATE_SHA256: entry.data[CONF_CERTIFICATE_SHA256],
    }


async def test_reconfigure_to_http_sends_only_a_typed_secret(
    hass: HomeAssistant,
    https_simulator: RouterSimulator,
    simulator: RouterSimulator,
    mock_setup_entry: AsyncMock,
) -> None:
    """Without HTTPS nothing proves the router: the kept secret is not sent."""
    entry = await pinned_entry(hass, https_simulator)
    result = await entry.start_reconfigure_flow(hass)
    moved = {**connection_input(simulator), CONF_USERNAME: ADMIN.username}

    result = await submit(hass, result, moved)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PASSWORD: "secret_in_plain_text"}
    assert sent_nothing(simulator)

    result = await submit(hass, result, {**moved, CONF_PASSWORD: ADMIN.password})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    # Nothing to pin over HTTP.
    assert dict(entry.data) == entry_data(simulator)


async def test_reconfigure_shows_a_certificate_replaced_before_acceptance(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    trusted = shown_pin(entry)
    await sim.replace_certificate()
    sim.reset_counters()
    result = await entry.start_reconfigure_flow(hass)
    result = await submit(hass, result, {**connection_input(sim), **ADMIN_INPUT})
    assert_certificate_step(result, await shown_fingerprint(sim), trusted)

    # Accepted is what was shown, not what the router presents by then.
    await sim.replace_certificate()
    result = await submit(hass, result, {})
    assert_certificate_step(result, await shown_fingerprint(sim), trusted)
    assert sent_nothing(sim)

    result = await submit(hass, result, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert await pins_presented_certificate(entry.data, sim)


async def test_reconfigure_error_after_acceptance_keeps_it(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """A wrong password after accepting: the form again, the certificate accepted."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    await sim.replace_certificate()
    result = await entry.start_reconfigure_flow(hass)
    wrong = {**connection_input(sim), CONF_USERNAME: "admin", CONF_PASSWORD: "wrong"}
    result = await submit(hass, result, wrong)
    result = await submit(hass, result, {})
    assert_error(result, "reconfigure", "invalid_auth")
    assert sim.failed_logins == 1

    result = await submit(hass, result, {**connection_input(sim), **ADMIN_INPUT})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_reauth_asks_before_signing_in_to_a_changed_certificate(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    sim = https_simulator
    entry = await pinned_entry(hass, sim, STALE_API_CLIENT)
    trusted = shown_pin(entry)
    await sim.replace_certificate()
    sim.reset_counters()

    result = await entry.start_reauth_flow(hass)
    result = await submit(hass, result, API_CLIENT_INPUT)
    assert_certificate_step(result, await shown_fingerprint(sim), trusted)
    assert sent_nothing(sim)

    result = await submit(hass, result, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert sim.logins == 1
    assert dict(entry.data) == {
        **entry_data(sim, API_CLIENT),
        CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex(),
    }


async def test_reauth_of_an_entry_that_pins_nothing(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """An entry from before pinning: its first certificate is shown, then pinned."""
    sim = https_simulator
    entry = added_entry(hass, sim, STALE_API_CLIENT)
    assert CONF_CERTIFICATE_SHA256 not in entry.data

    result = await entry.start_reauth_flow(hass)
    result = await submit(
        hass,
        result,
        {
            CONF_CLIENT_ID: API_CLIENT.client_id,
            CONF_CLIENT_SECRET: API_CLIENT.client_secret,
        },
    )
    assert_certificate_step(result, await shown_fingerprint(sim))
    assert sent_nothing(sim)

    result = await submit(hass, result, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert await pins_presented_certificate(entry.data, sim)


async def test_reauth_with_an_unchanged_certificate_asks_nothing(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    pinned = entry.data[CONF_CERTIFICATE_SHA256]

    result = await entry.start_reauth_flow(hass)
    result = await submit(hass, result, ADMIN_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_CERTIFICATE_SHA256] == pinned


async def test_http_entry_keeps_its_secret_only_for_its_own_address(
    hass: HomeAssistant, simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Over HTTP the kept password goes only where it already goes."""
    entry = config_entry_for(simulator)
    entry.add_to_hass(hass)
    async with running_simulator("max") as other:
        result = await entry.start_reconfigure_flow(hass)
        moved = {**connection_input(other), CONF_USERNAME: ADMIN.username}
        result = await submit(hass, result, moved)
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {CONF_PASSWORD: "secret_in_plain_text"}
        assert sent_nothing(other)

    # The same address: the router already receives it at each sign-in.
    result = await submit(
        hass, result, {**connection_input(simulator), CONF_USERNAME: ADMIN.username}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_switching_method_asks_before_signing_in_to_a_changed_certificate(
    hass: HomeAssistant, https_simulator: RouterSimulator, mock_setup_entry: AsyncMock
) -> None:
    """Accepting the certificate resumes the new method's sign-in."""
    sim = https_simulator
    entry = await pinned_entry(hass, sim)
    trusted = shown_pin(entry)
    await sim.replace_certificate()
    sim.reset_counters()

    result = await entry.start_reconfigure_flow(hass)
    result = await submit(
        hass, result, {**connection_input(sim), "sign_in_method": "api_client"}
    )
    assert result["step_id"] == "reconfigure_api_client"
    result = await submit(hass, result, API_CLIENT_INPUT)
    assert_certificate_step(result, await shown_fingerprint(sim), trusted)
    assert sent_nothing(sim)

    result = await submit(hass, result, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert sim.logins == 1
    assert dict(entry.data) == {
        **entry_data(sim, API_CLIENT),
        CONF_CERTIFICATE_SHA256: (await certificate_fingerprint(sim)).hex(),
    }
