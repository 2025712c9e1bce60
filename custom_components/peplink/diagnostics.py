"""Diagnostics download: what the router reported, with everything private redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant

from .coordinator import PeplinkConfigEntry
from .endpoints import CLIENTS, ENDPOINTS, SMS, Endpoint
from .subentry_flow import CONF_WAN, SUBENTRY_SMS_RECIPIENT

# Credentials and Wi-Fi keys, identifiers of the router, its SIMs and clients,
# addresses, network names and the router's whereabouts.
TO_REDACT = {
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_USERNAME,
    "key",
    "psk",
    "apn",
    "bssid",
    "ssid",
    "iccid",
    "imei",
    "imsi",
    "ip_address",
    "latitude",
    "longitude",
    "altitude",
    "mac",
    "serial_number",
    "hostname",
    "unique_id",
}
# A LAN client's name is its host name; a WAN's or a tunnel's is the router's
# own setting, which helps to read the report. An SMS's sender and text are
# private; its ids and time tell how the router lists it.
TO_REDACT_BY_ENDPOINT = {CLIENTS.key: {"name"}, SMS.key: {"sender", "text"}}


def _lists(value: Any) -> Any:
    """Tuples as lists: async_redact_data looks into dicts and lists only."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def _plain(data: Any) -> Any:
    """Models as plain objects, for redaction."""
    if isinstance(data, dict):
        # Keys are MAC addresses or tuples: keep the values only.
        return [_lists(asdict(value)) for value in data.values()]
    return _lists(asdict(data))


def _section(endpoint: Endpoint[Any], data: Any) -> Any:
    """What diagnostics show of an endpoint's data, before the common redaction."""
    plain = _plain(endpoint.diagnostics(data))
    private = TO_REDACT_BY_ENDPOINT.get(endpoint.key)
    return async_redact_data(plain, private) if private else plain


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: PeplinkConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and the router's latest reports, redacted."""
    runtime = entry.runtime_data
    return async_redact_data(
        {
            "entry": {
                # A router without a name or model is titled with its host.
                "title": (
                    REDACTED if entry.title == entry.data[CONF_HOST] else entry.title
                ),
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "read_only": runtime.client.read_only,
            # Neither their names nor their numbers: the WAN each sends through.
            "sms_recipients": [
                {CONF_WAN: subentry.data.get(CONF_WAN)}
                for subentry in entry.subentries.values()
                if subentry.subentry_type == SUBENTRY_SMS_RECIPIENT
            ],
            # Every endpoint, None where the router lacks it.
            **{
                endpoint.key: (
                    _section(endpoint, coordinator.data)
                    if (coordinator := runtime.coordinator(endpoint)) is not None
                    else None
                )
                for endpoint in ENDPOINTS
            },
        },
        TO_REDACT,
    )
