"""Diagnostics download: what the router reported, with everything private redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant

from .coordinator import PeplinkConfigEntry, PeplinkCoordinator

# Credentials, identifiers of the router, its SIMs and clients, public
# addresses and the router's whereabouts.
TO_REDACT = {
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_PASSWORD,
    CONF_USERNAME,
    "apn",
    "bssid",
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


def _lists(value: Any) -> Any:
    """Tuples as lists: async_redact_data looks into dicts and lists only."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def _data(coordinator: PeplinkCoordinator[Any] | None) -> Any:
    """A coordinator's data as plain objects; None where it does not exist."""
    if coordinator is None:
        return None
    data = coordinator.data
    if isinstance(data, dict):
        # Keys are MAC addresses or tuples: keep the values only.
        return [_lists(asdict(value)) for value in data.values()]
    return _lists(asdict(data))


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: PeplinkConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and the router's latest reports, redacted."""
    runtime = entry.runtime_data
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "read_only": runtime.client.read_only,
            "identity": _data(runtime.identity),
            "wan": _lists(asdict(runtime.wan.data.status)),
            "traffic": _data(runtime.traffic),
            "clients": _data(runtime.clients),
            "hardware": _data(runtime.hardware),
            "allowances": _data(runtime.allowances),
            "pepvpn": _data(runtime.pepvpn),
            "location": _data(runtime.location),
        },
        TO_REDACT,
    )
