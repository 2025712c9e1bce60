"""The config flow's forms: their fields, what they accept, the errors they show."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
import re
from typing import Any

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
    PeplinkAdminRequiredError,
    PeplinkApiError,
    PeplinkAuthenticationError,
    PeplinkCertificateChangedError,
    PeplinkConnectionError,
    PeplinkError,
    PeplinkSignInError,
    PeplinkTlsError,
    PeplinkUnsupportedError,
)
from .const import LOGGER

# Sign-in methods: the menu options and the steps that ask for their credentials.
ADMIN = "admin"
API_CLIENT = "api_client"
DEFAULT_USERNAME = "admin"
# The reconfigure form's choice of sign-in method.
CONF_SIGN_IN_METHOD = "sign_in_method"
# What the form holding the host, the port and the HTTPS setting shows.
CONNECTION_ERRORS = frozenset({"cannot_connect", "tls_error", "not_peplink"})

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

# What an IP address or host name may hold: anything else (?, #, \, NUL,
# brackets, blanks) breaks the URL or the connection.
_HOST_CHARACTERS = re.compile(r"[A-Za-z0-9.:%_-]+")
# The zone of a scoped IPv6 address (fe80::1%eth0) names a network interface.
_ZONE = re.compile(r"[A-Za-z0-9_.-]+")


class FlowError(Exception):
    """A validation failure, named by its translation key, on a field or the form."""

    def __init__(self, reason: str, field: str = "base") -> None:
        """Fail the form, or one field of it."""
        super().__init__(reason)
        self.reason = reason
        self.field = field


# The form error of each client error; subclasses before their bases.
_FORM_ERRORS: tuple[tuple[type[PeplinkError], str], ...] = (
    (PeplinkCertificateChangedError, "certificate_changed"),
    (PeplinkTlsError, "tls_error"),
    (PeplinkConnectionError, "cannot_connect"),
    (PeplinkAccountLockedError, "account_locked"),
    (PeplinkAuthenticationError, "invalid_auth"),
    (PeplinkSignInError, "router_busy"),
    (PeplinkAdminRequiredError, "no_serial_number"),
    (PeplinkUnsupportedError, "not_peplink"),
    (PeplinkApiError, "not_peplink"),
)


@contextmanager
def router_check() -> Iterator[None]:
    """Turn what reaching the router raised into the form error that names it."""
    try:
        yield
    except Exception as err:
        reason = next(
            (reason for kind, reason in _FORM_ERRORS if isinstance(err, kind)), None
        )
        if reason is None:
            LOGGER.exception("Unexpected error while checking the router")
            reason = "unknown"
        raise FlowError(reason) from err


def _valid_host(host: str) -> str | None:
    """The host without surrounding blanks, or None where it is no name or address.

    A port typed after the host belongs in the port field, and a URL in none;
    an IPv6 address may come bracketed, as in a URL.
    """
    host = host.strip()
    if host.startswith("[") and host.endswith("]") and ":" in host:
        host = host[1:-1]
    if not _HOST_CHARACTERS.fullmatch(host) or not is_host_valid(host):
        return None
    _, scoped, zone = host.partition("%")
    return None if scoped and not _ZONE.fullmatch(zone) else host


def connection_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Host, port (only where given), ssl and verify_ssl; the host must be valid."""
    host = _valid_host(user_input[CONF_HOST])
    if host is None:
        raise FlowError("invalid_host", CONF_HOST)
    data: dict[str, Any] = {
        CONF_HOST: host,
        CONF_SSL: user_input[CONF_SSL],
        CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
    }
    # The number selector answers a float.
    if user_input.get(CONF_PORT) is not None:
        data[CONF_PORT] = int(user_input[CONF_PORT])
    return data


def credentials_data(
    method: str, user_input: Mapping[str, Any], stored: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The identity (without surrounding blanks) and the secret of ``method``.

    Neither may be empty: the router would count a failed sign-in. An empty
    secret keeps the ``stored`` one, where given; without HTTPS, only toward
    the address that already receives it: a secret goes in plain text to a new
    address only where the user typed it.
    """
    identity, secret = CREDENTIAL_KEYS[method]
    name = user_input.get(identity, "").strip()
    if not name:
        raise FlowError("required", identity)
    value = user_input.get(secret)
    if not value and stored is not None:
        if not user_input[CONF_SSL] and not _same_plain_address(stored, user_input):
            raise FlowError("secret_in_plain_text", secret)
        value = stored[secret]
    if not value:
        raise FlowError("required", secret)
    return {identity: name, secret: value}


def _same_plain_address(
    stored: Mapping[str, Any], user_input: Mapping[str, Any]
) -> bool:
    """Whether the input names the address the stored entry reaches over HTTP."""
    port = user_input.get(CONF_PORT)
    return (
        not stored[CONF_SSL]
        and _valid_host(user_input[CONF_HOST]) == stored[CONF_HOST]
        and (None if port is None else int(port)) == stored.get(CONF_PORT)
    )


def sign_in_method(data: Mapping[str, Any]) -> str:
    """The sign-in method of entry data, as credentials_from decides it."""
    return API_CLIENT if data.get(CONF_CLIENT_ID) else ADMIN


def without_secrets(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """Values to prefill a form with: never a password or secret."""
    return {k: v for k, v in (values or {}).items() if k not in SECRET_KEYS}


def connection_fields(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
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


def sign_in_method_field(default: str) -> dict[vol.Marker, Any]:
    """The choice between an admin account and an API client."""
    return {
        vol.Required(CONF_SIGN_IN_METHOD, default=default): SelectSelector(
            SelectSelectorConfig(
                options=[ADMIN, API_CLIENT],
                translation_key=CONF_SIGN_IN_METHOD,
                mode=SelectSelectorMode.LIST,
            )
        )
    }


def credential_fields(
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
