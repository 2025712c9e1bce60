"""What the config flow's steps share: checking the router, and its certificate."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
import voluptuous as vol

from .api import RouterInfo
from .client_factory import (
    async_check_reachable,
    create_client,
    create_session,
    pins_certificate,
)
from .const import CONF_CERTIFICATE_SHA256
from .flow_forms import FlowError, router_check
from .trust import CertificateTrust, format_fingerprint

type FlowStep = Callable[[dict[str, Any] | None], Awaitable[ConfigFlowResult]]


class PeplinkFlowBase(ConfigFlow):
    """Checks of the router that send no credential where they must not.

    Over HTTPS without verification no credential goes to a certificate the
    user has not accepted: the certificate step shows it first.
    """

    def __init__(self) -> None:
        """Start with no certificate seen."""
        self._trust = CertificateTrust()
        # The step to resume, with its input, once the certificate is accepted.
        self._resume: FlowStep | None = None
        self._held_input: dict[str, Any] = {}

    async def async_step_certificate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the certificate the router presents; accepting it resumes signing in."""
        if user_input is not None:
            assert self._resume is not None  # noqa: S101 - set when the form was shown
            self._trust.accept()
            return await self._resume(self._held_input)
        trust = self._trust
        placeholders = {
            "host": trust.host,
            "fingerprint": format_fingerprint(trust.presented),
        }
        if trust.trusted:
            placeholders["trusted"] = format_fingerprint(trust.trusted)
        return self.async_show_form(
            step_id="certificate_changed" if trust.trusted else "certificate",
            data_schema=vol.Schema({}),
            description_placeholders=placeholders,
        )

    # The same confirmation, also showing the certificate trusted until now.
    async_step_certificate_changed = async_step_certificate

    async def _async_update_entry(
        self,
        entry: ConfigEntry[Any],
        data: Mapping[str, Any],
        step: FlowStep,
        user_input: dict[str, Any],
    ) -> ConfigFlowResult:
        """Sign in with the data and store it, if it is the entry's router.

        Where the certificate is neither the entry's nor accepted, it is shown
        first; accepting it resumes ``step`` with the same input.
        """
        with router_check():
            trusted = await self._trust.async_pinned(
                data, entry.data.get(CONF_CERTIFICATE_SHA256)
            )
        if trusted is None:
            self._resume, self._held_input = step, user_input
            return await self.async_step_certificate()
        device = await self._async_identify(trusted)
        await self.async_set_unique_id(device.serial_number)
        self._abort_if_unique_id_mismatch(reason="wrong_router")
        return self.async_update_reload_and_abort(entry, data=trusted)

    async def _async_check_connection(self, connection: Mapping[str, Any]) -> None:
        """Reach the router without credentials; raise FlowError where that fails.

        Where the certificate is pinned, a handshake only: nothing is sent to a
        certificate before the user accepts it, and the sign-in form shows it.
        """
        with router_check():
            if pins_certificate(connection):
                await self._trust.async_read(connection)
                return
            async with self._session(connection) as session:
                await async_check_reachable(session, connection)

    async def _async_identify(self, data: Mapping[str, Any]) -> RouterInfo:
        """Sign in and read who the router is; raise FlowError on any failure.

        Where the certificate is pinned rather than verified, the data holds the
        one trusted, and the client sends nothing to any other.
        """
        async with self._session(data) as session:
            with router_check():
                client = create_client(session, data)
                try:
                    await client.login()
                    device = await client.get_router_info()
                finally:
                    # Routers cap their sessions: the entry signs in on its own.
                    await client.logout()
        # Some API clients may not read the serial number; the entry needs it.
        if device.serial_number is None:
            raise FlowError("no_serial_number")
        return device

    @asynccontextmanager
    async def _session(self, data: Mapping[str, Any]) -> AsyncIterator[ClientSession]:
        """A session for one check, let go after it."""
        session = create_session(self.hass, data)
        try:
            yield session
        finally:
            # Home Assistant's sessions share its connector and turn close() into
            # a warning; detaching is how such a session is let go.
            session.detach()
