"""Config flow of the Peplink integration: add, reauthenticate, reconfigure, options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.device_tracker.const import CONF_CONSIDER_HOME
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
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
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util.network import is_host_valid
import voluptuous as vol

from .api import (
    PeplinkAccountLockedError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
    RouterInfo,
)
from .client_factory import create_client, create_session
from .const import (
    CONF_CERTIFICATE_SHA256,
    CONF_TRACK_CLIENTS,
    CONF_TRACK_LOCATION,
    DEFAULT_CONSIDER_HOME,
    DOMAIN,
    LOGGER,
    TrackClients,
)
from .coordinator import PeplinkConfigEntry
from .endpoints import LOCATION

# Sign-in methods: the menu options and the steps that ask for their credentials.
ADMIN = "admin"
API_CLIENT = "api_client"
DEFAULT_USERNAME = "admin"

TEXT = TextSelector()
SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
PORT = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
)
SWITCH = BooleanSelector()

# The credential fields of each method: (identity, secret).
CREDENTIAL_KEYS = {
    ADMIN: (CONF_USERNAME, CONF_PASSWORD),
    API_CLIENT: (CONF_CLIENT_ID, CONF_CLIENT_SECRET),
}
SECRET_KEYS = frozenset({CONF_PASSWORD, CONF_CLIENT_SECRET})


class _FlowError(Exception):
    """A validation failure, named by its translation key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _valid_host(host: str) -> str | None:
    """The host without surrounding blanks, or None where it is no name or address.

    A port typed after the host belongs in the port field, and a URL in none.
    """
    host = host.strip()
    return host if is_host_valid(host) else None


def _connection(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Host, port (only where given), ssl and verify_ssl; the host must be valid."""
    host = _valid_host(user_input[CONF_HOST])
    if host is None:
        raise _FlowError("invalid_host")
    data: dict[str, Any] = {
        CONF_HOST: host,
        CONF_SSL: user_input[CONF_SSL],
        CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
    }
    # The number selector answers a float.
    if user_input.get(CONF_PORT) is not None:
        data[CONF_PORT] = int(user_input[CONF_PORT])
    return data


def _method(data: Mapping[str, Any]) -> str:
    """The sign-in method of entry data, decided as connection.credentials_from does."""
    return API_CLIENT if data.get(CONF_CLIENT_ID) else ADMIN


def _without_secrets(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """Values to prefill a form with: never a password or secret."""
    return {k: v for k, v in (values or {}).items() if k not in SECRET_KEYS}


def _connection_fields(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Host, port, ssl and verify_ssl fields, defaulting to ``defaults``."""
    return {
        vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, vol.UNDEFINED)): TEXT,
        # Suggested, not a default: a default could never be cleared again.
        vol.Optional(
            CONF_PORT, description={"suggested_value": defaults.get(CONF_PORT)}
        ): PORT,
        vol.Required(CONF_SSL, default=defaults.get(CONF_SSL, True)): SWITCH,
        vol.Required(
            CONF_VERIFY_SSL, default=defaults.get(CONF_VERIFY_SSL, False)
        ): SWITCH,
    }


def _credential_fields(
    method: str, defaults: Mapping[str, Any], *, secret_required: bool = True
) -> dict[vol.Marker, Any]:
    """The identity (prefilled from ``defaults``) and secret fields of a method."""
    identity, secret = CREDENTIAL_KEYS[method]
    fallback = DEFAULT_USERNAME if method == ADMIN else vol.UNDEFINED
    secret_marker = vol.Required if secret_required else vol.Optional
    return {
        vol.Required(identity, default=defaults.get(identity, fallback)): TEXT,
        secret_marker(secret): SECRET,
    }


class PeplinkConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a Peplink router, sign in again, or change its address."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with no connection details."""
        self._connection: dict[str, Any] = {}

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
                self._connection = _connection(user_input)
            except _FlowError as err:
                errors[CONF_HOST] = err.reason
            else:
                return await self.async_step_auth_method()
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema(_connection_fields(user_input or {})),
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

    async def _async_step_credentials(
        self, method: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Check the credentials of ``method`` and create the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**self._connection, **user_input}
            try:
                device, data = await self._async_identify(data)
            except _FlowError as err:
                errors["base"] = err.reason
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
        return self.async_show_form(
            step_id=method,
            data_schema=vol.Schema(
                _credential_fields(method, _without_secrets(user_input))
            ),
            errors=errors,
            description_placeholders={"host": self._connection[CONF_HOST]},
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
        method = _method(entry.data)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                device, _ = await self._async_identify({**entry.data, **user_input})
            except _FlowError as err:
                errors["base"] = err.reason
            else:
                await self.async_set_unique_id(device.serial_number)
                self._abort_if_unique_id_mismatch(reason="wrong_router")
                return self.async_update_reload_and_abort(
                    entry, data_updates=user_input
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema(
                _credential_fields(method, _without_secrets(user_input or entry.data))
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
        method = _method(entry.data)
        identity, secret = CREDENTIAL_KEYS[method]
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                data = {
                    **_connection(user_input),
                    identity: user_input[identity],
                    secret: user_input.get(secret) or entry.data[secret],
                }
                device, data = await self._async_identify(data)
            except _FlowError as err:
                errors[CONF_HOST if err.reason == "invalid_host" else "base"] = (
                    err.reason
                )
            else:
                await self.async_set_unique_id(device.serial_number)
                self._abort_if_unique_id_mismatch(reason="wrong_router")
                # Whole data, not updates: a cleared port must drop out.
                return self.async_update_reload_and_abort(entry, data=data)
        defaults = _without_secrets(user_input or entry.data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=vol.Schema(
                {
                    **_connection_fields(defaults),
                    **_credential_fields(method, defaults, secret_required=False),
                }
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def _async_identify(
        self, data: Mapping[str, Any]
    ) -> tuple[RouterInfo, dict[str, Any]]:
        """Sign in and read who the router is; raise _FlowError on any failure.

        Where the certificate is not verified, the one the router presents now
        is trusted (and kept in the returned data) before credentials are sent.
        """
        data = dict(data)
        session = create_session(self.hass, data)
        try:
            client = create_client(session, data)
            if (
                data[CONF_SSL]
                and not data[CONF_VERIFY_SSL]
                and not data.get(CONF_CERTIFICATE_SHA256)
            ):
                fingerprint = await client.get_certificate_fingerprint()
                data[CONF_CERTIFICATE_SHA256] = fingerprint.hex()
                client = create_client(session, data)
            await client.login()
            device = await client.get_router_info()
        except PeplinkCertificateChangedError as err:
            raise _FlowError("certificate_changed") from err
        except PeplinkTlsError as err:
            raise _FlowError("tls_error") from err
        except PeplinkConnectionError as err:
            raise _FlowError("cannot_connect") from err
        # A subclass of the authentication error: catch it first.
        except PeplinkAccountLockedError as err:
            raise _FlowError("account_locked") from err
        except PeplinkAuthenticationError as err:
            raise _FlowError("invalid_auth") from err
        except (PeplinkUnsupportedError, PeplinkApiError) as err:
            raise _FlowError("not_peplink") from err
        except Exception as err:
            LOGGER.exception("Unexpected error while checking the router")
            raise _FlowError("unknown") from err
        finally:
            # Home Assistant's sessions share its connector and turn close() into
            # a warning; detaching is how such a session is let go.
            session.detach()
        # Some API clients may not read the serial number; the entry needs it.
        if device.serial_number is None:
            raise _FlowError("no_serial_number")
        return device, data


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
