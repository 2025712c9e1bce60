"""Config flow of the Peplink integration: add, reauthenticate, reconfigure, options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.device_tracker.const import CONF_CONSIDER_HOME
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_HOST
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .api import RouterInfo
from .client_factory import create_client, create_session, pins_certificate
from .const import (
    CONF_CERTIFICATE_SHA256,
    CONF_TRACK_CLIENTS,
    CONF_TRACK_LOCATION,
    DEFAULT_CONSIDER_HOME,
    DOMAIN,
    TrackClients,
)
from .coordinator import PeplinkConfigEntry
from .endpoints import LOCATION
from .flow_forms import (
    ADMIN,
    API_CLIENT,
    SWITCH,
    FlowError,
    connection_data,
    connection_fields,
    credential_fields,
    credentials_data,
    router_check,
    sign_in_method,
    without_secrets,
)
from .trust import CertificateTrust, format_fingerprint


class PeplinkConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a Peplink router, sign in again, or change its address.

    Over HTTPS without verification no credential goes to a certificate the
    user has not accepted: adding shows it on the sign-in form; reauthentication
    and reconfiguration ask first where it is not the entry's.
    """

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with no connection details and no certificate seen."""
        self._connection: dict[str, Any] = {}
        self._trust = CertificateTrust()
        # The reauth or reconfigure input held while its certificate is shown.
        self._held_input: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> PeplinkOptionsFlow:
        """Options: which clients to track, for how long, and the location."""
        return PeplinkOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where the router is."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._connection = connection_data(user_input)
            except FlowError as err:
                errors[err.field] = err.reason
            else:
                return await self.async_step_auth_method()
        return self._user_form(user_input, errors)

    def _user_form(
        self, defaults: Mapping[str, Any] | None, errors: dict[str, str]
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema(connection_fields(defaults or {})),
            errors=errors,
        )

    async def async_step_auth_method(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how to sign in: admin account or API client."""
        return self.async_show_menu(
            step_id="auth_method",
            menu_options=[ADMIN, API_CLIENT],
            description_placeholders={"host": self._connection[CONF_HOST]},
        )

    async def async_step_admin(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign in with an admin account."""
        return await self._async_step_credentials(ADMIN, user_input)

    async def async_step_api_client(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign in as an API client."""
        return await self._async_step_credentials(API_CLIENT, user_input)

    # The same forms, showing the certificate that signing in accepts.
    async_step_admin_certificate = async_step_admin
    async_step_api_client_certificate = async_step_api_client

    async def _async_step_credentials(
        self, method: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Check the credentials of ``method`` and create the entry."""
        pinned = pins_certificate(self._connection)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                data = {**self._connection, **credentials_data(method, user_input)}
                if pinned:
                    # The form showed this certificate: signing in accepts it.
                    data[CONF_CERTIFICATE_SHA256] = self._trust.presented
                device = await self._async_identify(data)
            except FlowError as err:
                errors[err.field] = err.reason
                if err.reason == "certificate_changed":
                    self._trust.presented = ""
            else:
                # Keyed by serial: the same router cannot be added twice, even
                # under another address.
                await self.async_set_unique_id(
                    device.serial_number, raise_on_progress=False
                )
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=device.name or device.model or data[CONF_HOST], data=data
                )
        placeholders = {"host": self._connection[CONF_HOST]}
        if pinned:
            if not self._trust.presented:
                try:
                    with router_check():
                        await self._trust.async_read(self._connection)
                except FlowError as err:
                    return self._user_form(self._connection, {"base": err.reason})
            placeholders["fingerprint"] = format_fingerprint(self._trust.presented)
        return self.async_show_form(
            step_id=f"{method}_certificate" if pinned else method,
            data_schema=vol.Schema(
                credential_fields(method, without_secrets(user_input))
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The router refused the credentials: ask for new ones."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Check new credentials of the entry's sign-in method."""
        entry = self._get_reauth_entry()
        method = sign_in_method(entry.data)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                data = await self._async_trusted(
                    {**entry.data, **credentials_data(method, user_input)}, entry
                )
                if data is None:
                    self._held_input = user_input
                    return await self.async_step_certificate()
                device = await self._async_identify(data)
            except FlowError as err:
                errors[err.field] = err.reason
            else:
                await self.async_set_unique_id(device.serial_number)
                self._abort_if_unique_id_mismatch(reason="wrong_router")
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema(
                credential_fields(method, without_secrets(user_input or entry.data))
            ),
            errors=errors,
            description_placeholders={
                "name": entry.title,
                "host": entry.data[CONF_HOST],
            },
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address or credentials of the router; an empty secret keeps it."""
        entry = self._get_reconfigure_entry()
        method = sign_in_method(entry.data)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                data = await self._async_trusted(
                    {
                        **connection_data(user_input),
                        **credentials_data(method, user_input, stored=entry.data),
                    },
                    entry,
                )
                if data is None:
                    self._held_input = user_input
                    return await self.async_step_certificate()
                device = await self._async_identify(data)
            except FlowError as err:
                errors[err.field] = err.reason
            else:
                await self.async_set_unique_id(device.serial_number)
                self._abort_if_unique_id_mismatch(reason="wrong_router")
                # Whole data, not updates: a cleared port must drop out.
                return self.async_update_reload_and_abort(entry, data=data)
        defaults = without_secrets(user_input or entry.data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=vol.Schema(
                {
                    **connection_fields(defaults),
                    **credential_fields(method, defaults, secret_required=False),
                }
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def async_step_certificate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the certificate the router presents; accepting it resumes signing in."""
        if user_input is not None:
            self._trust.accept()
            if self.source == SOURCE_REAUTH:
                return await self.async_step_reauth_confirm(self._held_input)
            return await self.async_step_reconfigure(self._held_input)
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

    async def _async_trusted(
        self, data: Mapping[str, Any], entry: ConfigEntry
    ) -> dict[str, Any] | None:
        """The data pinned to the entry's or an accepted certificate; None to ask."""
        with router_check():
            return await self._trust.async_pinned(
                data, entry.data.get(CONF_CERTIFICATE_SHA256)
            )

    async def _async_identify(self, data: Mapping[str, Any]) -> RouterInfo:
        """Sign in and read who the router is; raise FlowError on any failure.

        Where the certificate is pinned rather than verified, the data holds the
        one trusted, and the client sends nothing to any other.
        """
        session = create_session(self.hass, data)
        try:
            with router_check():
                client = create_client(session, data)
                try:
                    await client.login()
                    device = await client.get_router_info()
                finally:
                    # Routers cap their sessions: the entry signs in on its own.
                    await client.logout()
        finally:
            # Home Assistant's sessions share its connector and turn close() into
            # a warning; detaching is how such a session is let go.
            session.detach()
        # Some API clients may not read the serial number; the entry needs it.
        if device.serial_number is None:
            raise FlowError("no_serial_number")
        return device


class PeplinkOptionsFlow(OptionsFlow):
    """Which clients get a device tracker, how long they stay home, the location."""

    config_entry: PeplinkConfigEntry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and save the options; the integration reloads on change."""
        if user_input is not None:
            # The number selector answers a float; seconds are whole.
            user_input[CONF_CONSIDER_HOME] = int(user_input[CONF_CONSIDER_HOME])
            return self.async_create_entry(data=user_input)
        options = self.config_entry.options
        fields: dict[vol.Marker, Any] = {
            vol.Required(
                CONF_TRACK_CLIENTS,
                default=options.get(CONF_TRACK_CLIENTS, TrackClients.ALL.value),
            ): SelectSelector(
                SelectSelectorConfig(
                    options=[track.value for track in TrackClients],
                    translation_key=CONF_TRACK_CLIENTS,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            vol.Required(
                CONF_CONSIDER_HOME,
                default=options.get(
                    CONF_CONSIDER_HOME, int(DEFAULT_CONSIDER_HOME.total_seconds())
                ),
            ): NumberSelector(
                NumberSelectorConfig(
                    min=0,
                    max=3600,
                    step=1,
                    unit_of_measurement="s",
                    mode=NumberSelectorMode.BOX,
                )
            ),
        }
        if self._may_have_gps():
            fields[
                vol.Required(
                    CONF_TRACK_LOCATION, default=options.get(CONF_TRACK_LOCATION, True)
                )
            ] = SWITCH
        return self.async_show_form(step_id="init", data_schema=vol.Schema(fields))

    def _may_have_gps(self) -> bool:
        """Whether to offer location tracking.

        Only a loaded entry knows its router; with location tracking off the
        integration never asks, so the switch stays to turn it back on.
        """
        entry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            return True
        if entry.options.get(CONF_TRACK_LOCATION) is False:
            return True
        return entry.runtime_data.coordinator(LOCATION) is not None
