"""Build the session and API client of a router from a config entry's data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import ClientSession, DummyCookieJar
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
from homeassistant.helpers.aiohttp_client import async_create_clientsession

from .api import (
    AdminCredentials,
    ApiClientCredentials,
    Credentials,
    PeplinkClient,
    read_certificate_fingerprint,
)
from .const import CONF_CERTIFICATE_SHA256

# Held by a client that only checks the address: it never signs in.
_NO_CREDENTIALS = AdminCredentials("", "")


def credentials_from(data: Mapping[str, Any]) -> Credentials:
    """The sign-in the data holds: an API client where it has an id, else admin."""
    if data.get(CONF_CLIENT_ID):
        return ApiClientCredentials(data[CONF_CLIENT_ID], data[CONF_CLIENT_SECRET])
    return AdminCredentials(data[CONF_USERNAME], data[CONF_PASSWORD])


def create_session(hass: HomeAssistant, data: Mapping[str, Any]) -> ClientSession:
    """A session of its own on Home Assistant's connector; the caller detaches it.

    Detach, not close: the connector is shared. The client keeps its cookie
    itself, so the jar stays empty and one session never carries another's cookie.
    """
    return async_create_clientsession(
        hass,
        verify_ssl=data[CONF_VERIFY_SSL],
        auto_cleanup=False,
        cookie_jar=DummyCookieJar(),
    )


def create_client(
    session: ClientSession,
    data: Mapping[str, Any],
    credentials: Credentials | None = None,
) -> PeplinkClient:
    """The API client of the router the data describes, with the data's credentials."""
    return PeplinkClient(
        data[CONF_HOST],
        credentials or credentials_from(data),
        session=session,
        port=data.get(CONF_PORT),
        https=data[CONF_SSL],
        verify_ssl=data[CONF_VERIFY_SSL],
        certificate_fingerprint=(
            bytes.fromhex(data[CONF_CERTIFICATE_SHA256])
            if data.get(CONF_CERTIFICATE_SHA256)
            else None
        ),
    )


async def async_check_reachable(
    session: ClientSession, data: Mapping[str, Any]
) -> None:
    """Check that a Peplink router answers at the data's address, without signing in.

    The data may hold no credentials yet: the client then holds empty ones,
    which a check never sends.
    """
    await create_client(session, data, _NO_CREDENTIALS).check_reachable()


def pins_certificate(data: Mapping[str, Any]) -> bool:
    """Whether the router's certificate is pinned rather than verified."""
    return bool(data[CONF_SSL]) and not data[CONF_VERIFY_SSL]


async def async_presented_fingerprint(data: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the certificate the router presents now: a bare handshake.

    Nothing is sent, so the add flow can show it before any credential is typed.
    """
    fingerprint = await read_certificate_fingerprint(
        data[CONF_HOST], data.get(CONF_PORT) or 443
    )
    return fingerprint.hex()


async def async_pin_first_certificate(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The data, pinned to the certificate presented now where nothing is pinned yet.

    Entries made before pinning existed trust the certificate of their next
    connection; the caller stores the pin once the router answered as itself.
    """
    if not pins_certificate(data) or data.get(CONF_CERTIFICATE_SHA256):
        return data
    return {**data, CONF_CERTIFICATE_SHA256: await async_presented_fingerprint(data)}
