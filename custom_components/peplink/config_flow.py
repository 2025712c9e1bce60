"""Config flow of the Peplink integration: add, discover, sign in again, reconfigure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
)
from homeassistant.const import CONF_HOST, CONF_MAC
from homeassistant.core import callback
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.util.network import is_ip_address
import voluptuous as vol

from .api import RouterInfo
from .client_factory import pins_certificate
from .const import CONF_CERTIFICATE_SHA256, DOMAIN
from .coordinator import PeplinkConfigEntry
from .flow_base import PeplinkFlowBase
from .flow_forms import (
    ADMIN,
    API_CLIENT,
    CONF_SIGN_IN_METHOD,
    CONNECTION_ERRORS,
    FlowError,
    connection_data,
    connection_fields,
    credential_fields,
    credentials_data,
    sign_in_method,
    sign_in_method_field,
    without_secrets,
)
from .options_flow import PeplinkOptionsFlow
from .subentry_flow import SUBENTRY_SMS_RECIPIENT, SmsRecipientFlow
from .trust import async_entry_pinned_to, format_fingerprint


class PeplinkConfigFlow(PeplinkFlowBase, domain=DOMAIN):
    """Add a Peplink router, sign in again, or change its address or sign-in.

    The address is checked where it is typed, without credentials. Over HTTPS
    without verification no credential goes to a certificate the user has not
    accepted: adding shows it on the sign-in form; reauthentication and
    reconfiguration ask first where it is not the entry's.
    """

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with no connection details and no certificate seen."""
        super().__init__()
        self._connection: dict[str, Any] = {}
        # The step whose form holds the address: user, or dhcp_confirm.
        self._connection_step = "user"
        # The address and MAC address of a discovered router.
        self._discovered: dict[str, str] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: PeplinkConfigEntry) -> PeplinkOptionsFlow:
        """Options: which clients to track, for how long, and the location."""
        return PeplinkOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry[Any]
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """SMS recipients, each a notify entity."""
        return {SUBENTRY_SMS_RECIPIENT: SmsRecipientFlow}

    # Adding

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where the router is, and check that it answers there."""
        if user_input is None:
            return self._connection_form(self._discovered, {})
        try:
            self._connection = connection_data(user_input)
            await self._async_check_connection(self._connection)
        except FlowError as err:
            return self._connection_form(user_input, {err.field: err.reason})
        return await self.async_step_auth_method()

    # The same form, with the discovered address filled in.
    async_step_dhcp_confirm = async_step_user

    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """A device with a Peplink MAC address took an address: offer to add it.

        A configured router is not offered again. One that moved is known by
        its pinned certificate, and its entry follows it; nothing else proves a
        router without sending it credentials, so other entries are left alone.
        """
        host = discovery_info.ip
        mac = format_mac(discovery_info.macaddress)
        # The serial number is known only once signed in: until then, one offer
        # per MAC address, which the user may also ignore.
        await self.async_set_unique_id(mac)
        self._abort_if_unique_id_configured()
        self._async_abort_entries_match({CONF_HOST: host})
        entry = await async_entry_pinned_to(
            host, self._async_current_entries(include_ignore=False)
        )
        if entry is not None:
            if not is_ip_address(entry.data[CONF_HOST]):
                # A host name follows the router by itself.
                return self.async_abort(reason="already_configured")
            return self.async_update_reload_and_abort(
                entry,
                data_updates={CONF_HOST: host, CONF_MAC: mac},
                reason="already_configured",
            )
        self._async_abort_entries_match({CONF_MAC: mac})
        self._discovered = {CONF_HOST: host, CONF_MAC: mac}
        self._connection_step = "dhcp_confirm"
        self.context["title_placeholders"] = {"host": host}
        return self._connection_form(self._discovered, {})

    def _connection_form(
        self, defaults: Mapping[str, Any], errors: dict[str, str]
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id=self._connection_step,
            data_schema=vol.Schema(connection_fields(defaults)),
            errors=errors,
            description_placeholders=(
                {"host": self._discovered[CONF_HOST]} if self._discovered else None
            ),
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
                device = await self._async_sign_in_as_shown(data)
            except FlowError as err:
                if err.reason in CONNECTION_ERRORS:
                    return self._connection_form(self._connection, {"base": err.reason})
                errors[err.field] = err.reason
            else:
                # Keyed by serial: the same router cannot be added twice, even
                # under another address.
                await self.async_set_unique_id(
                    device.serial_number, raise_on_progress=False
                )
                self._abort_if_unique_id_configured()
                if self._discovered.get(CONF_HOST) == data[CONF_HOST]:
                    data[CONF_MAC] = self._discovered[CONF_MAC]
                return self.async_create_entry(
                    title=device.name or device.model or data[CONF_HOST], data=data
                )
        placeholders = {"host": self._connection[CONF_HOST]}
        if pinned:
            placeholders["fingerprint"] = format_fingerprint(self._trust.presented)
        return self.async_show_form(
            step_id=f"{method}_certificate" if pinned else method,
            data_schema=vol.Schema(
                credential_fields(method, without_secrets(user_input))
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_sign_in_as_shown(self, data: Mapping[str, Any]) -> RouterInfo:
        """Sign in; where the certificate shown was replaced, show the one presented."""
        try:
            return await self._async_identify(data)
        except FlowError as err:
            if err.reason == "certificate_changed":
                await self._async_check_connection(self._connection)
            raise

    # Signing in again

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
                return await self._async_update_entry(
                    entry,
                    {**entry.data, **credentials_data(method, user_input)},
                    self.async_step_reauth_confirm,
                    user_input,
                )
            except FlowError as err:
                errors[err.field] = err.reason
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

    # Reconfiguring

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address, the credentials (an empty secret keeps it) or the method.

        Another sign-in method asks for its own credentials next.
        """
        entry = self._get_reconfigure_entry()
        current = sign_in_method(entry.data)
        if user_input is None:
            return self._reconfigure_form({**entry.data, CONF_SIGN_IN_METHOD: current})
        method = user_input[CONF_SIGN_IN_METHOD]
        try:
            connection = connection_data(user_input)
            credentials = (
                credentials_data(current, user_input, stored=entry.data)
                if method == current
                else {}
            )
            await self._async_check_connection(connection)
            # Whole data, not updates: a cleared port must drop out.
            self._connection = {**connection, **_discovered_mac(entry.data)}
            if method != current:
                return await self._async_step_new_method(method)
            return await self._async_update_entry(
                entry,
                {**self._connection, **credentials},
                self.async_step_reconfigure,
                user_input,
            )
        except FlowError as err:
            return self._reconfigure_form(user_input, {err.field: err.reason})

    def _reconfigure_form(
        self, defaults: Mapping[str, Any], errors: dict[str, str] | None = None
    ) -> ConfigFlowResult:
        entry = self._get_reconfigure_entry()
        current = sign_in_method(entry.data)
        shown = without_secrets(defaults)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=vol.Schema(
                {
                    **connection_fields(shown),
                    **sign_in_method_field(shown[CONF_SIGN_IN_METHOD]),
                    **credential_fields(current, shown, secret_required=False),
                }
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def async_step_reconfigure_admin(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign in with an admin account instead of the API client."""
        return await self._async_step_new_method(ADMIN, user_input)

    async def async_step_reconfigure_api_client(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign in as an API client instead of the admin account."""
        return await self._async_step_new_method(API_CLIENT, user_input)

    async def _async_step_new_method(
        self, method: str, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The new method's credentials, typed: never a secret of the other method.

        The entry keeps only these: the other method's are removed.
        """
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            step = (
                self.async_step_reconfigure_admin
                if method == ADMIN
                else self.async_step_reconfigure_api_client
            )
            try:
                return await self._async_update_entry(
                    entry,
                    {**self._connection, **credentials_data(method, user_input)},
                    step,
                    user_input,
                )
            except FlowError as err:
                if err.reason in CONNECTION_ERRORS:
                    return self._reconfigure_form(
                        {**self._connection, CONF_SIGN_IN_METHOD: method},
                        {"base": err.reason},
                    )
                errors[err.field] = err.reason
        return self.async_show_form(
            step_id=f"reconfigure_{method}",
            data_schema=vol.Schema(
                credential_fields(method, without_secrets(user_input))
            ),
            errors=errors,
            description_placeholders={
                "name": entry.title,
                "host": self._connection[CONF_HOST],
            },
        )


def _discovered_mac(data: Mapping[str, Any]) -> dict[str, str]:
    """The MAC address discovery found the entry's router by, where any."""
    return {CONF_MAC: data[CONF_MAC]} if CONF_MAC in data else {}
