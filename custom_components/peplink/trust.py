"""Trust in a router's certificate where it is pinned rather than verified.

Over HTTPS without verification, a credential goes only to the certificate the
entry trusts, or to one the user accepted after seeing its fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT

from .api import PeplinkConnectionError
from .client_factory import async_presented_fingerprint, pins_certificate
from .const import CONF_CERTIFICATE_SHA256


def format_fingerprint(fingerprint: str) -> str:
    """A SHA-256 fingerprint as browsers and the router show it: AB:CD:…."""
    return bytes.fromhex(fingerprint).hex(":").upper()


@dataclass(slots=True)
class CertificateTrust:
    """What a flow saw: the certificate presented, the one trusted, the one accepted."""

    host: str = ""
    presented: str = ""
    trusted: str | None = None
    accepted: str | None = None

    async def async_read(self, data: Mapping[str, Any]) -> str:
        """Read the certificate the router at the data's address presents now."""
        self.host = data[CONF_HOST]
        self.presented = await async_presented_fingerprint(data)
        return self.presented

    async def async_pinned(
        self, data: Mapping[str, Any], trusted: str | None
    ) -> dict[str, Any] | None:
        """The data, pinned to the certificate presented now if that one is trusted.

        Trusted is the entry's (``trusted``) or the one accepted in this flow;
        None means the user must see the certificate and accept it first. Where
        nothing is pinned (HTTP, verified HTTPS) a stale pin is dropped.
        """
        pinned = {
            key: value for key, value in data.items() if key != CONF_CERTIFICATE_SHA256
        }
        if not pins_certificate(data):
            return pinned
        presented = await self.async_read(data)
        if presented not in (trusted, self.accepted):
            self.trusted = trusted
            return None
        return {**pinned, CONF_CERTIFICATE_SHA256: presented}

    def accept(self) -> None:
        """The user accepted the certificate presented."""
        self.accepted = self.presented


async def async_entry_pinned_to(
    host: str, entries: Iterable[ConfigEntry[Any]]
) -> ConfigEntry[Any] | None:
    """The entry whose pinned certificate the device at ``host`` presents, if any.

    Only handshakes, one per port the entries use: nothing is sent. The
    certificate proves the router, whose key signs the handshake.
    """
    presented: dict[int, str | None] = {}
    for entry in entries:
        pin = entry.data.get(CONF_CERTIFICATE_SHA256)
        if not pin or not pins_certificate(entry.data):
            continue
        port = entry.data.get(CONF_PORT) or 443
        if port not in presented:
            try:
                presented[port] = await async_presented_fingerprint(
                    {CONF_HOST: host, CONF_PORT: port}
                )
            except PeplinkConnectionError:
                presented[port] = None
        if presented[port] == pin:
            return entry
    return None
