"""The Peplink integration: a router, its WANs, clients and health."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .api import PeplinkClient, PeplinkError
from .client_factory import async_pin_first_certificate, create_client, create_session
from .const import DOMAIN
from .coordinator import (
    EndpointRechecks,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    PeplinkRuntimeData,
)
from .devices import keep_devices_registered, wan_identifier
from .endpoints import ENDPOINTS, IDENTITY, Endpoint
from .errors import router_error
from .repairs import async_clear_issues, async_report_admin_only
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.DEVICE_TRACKER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions, once for all routers."""
    async_setup_services(hass)
    return True


async def _probe(
    client: PeplinkClient, options: Mapping[str, Any]
) -> tuple[
    dict[Endpoint[Any], Any], list[Endpoint[Any]], dict[Endpoint[Any], PeplinkError]
]:
    """The first data of every endpoint this router offers; those it lacks; failures.

    The required endpoints go first: they sign in, and tell whether the
    sign-in may write, and their failure fails setup. An optional endpoint's
    failure, whatever it is, only leaves it out until it is asked again.
    """
    found: dict[Endpoint[Any], Any] = {}
    missing: list[Endpoint[Any]] = []
    failed: dict[Endpoint[Any], PeplinkError] = {}
    for required in (True, False):
        endpoints = [
            endpoint
            for endpoint in ENDPOINTS
            if endpoint.required is required and endpoint.wanted(client, options)
        ]
        answers = await asyncio.gather(
            *(endpoint.probe(client) for endpoint in endpoints),
            return_exceptions=not required,
        )
        for endpoint, answer in zip(endpoints, answers, strict=True):
            if isinstance(answer, PeplinkError):
                failed[endpoint] = answer
            elif isinstance(answer, BaseException):
                raise answer
            elif answer is None:
                missing.append(endpoint)
            else:
                found[endpoint] = answer
    return found, missing, failed


def _own_serial_number(
    entry: PeplinkConfigEntry, client: PeplinkClient, found: dict[Endpoint[Any], Any]
) -> str:
    """The router's serial number, if it is the router the entry was made for."""
    serial_number: str | None = found[IDENTITY].device.serial_number
    if serial_number is None or serial_number != entry.unique_id:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="different_router",
            translation_placeholders={"host": client.host},
        )
    return serial_number


async def async_setup_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Probe what the router offers, then poll that and ask again for the rest."""
    session = create_session(hass, entry.data)
    entry.async_on_unload(session.detach)
    try:
        pinned = await async_pin_first_certificate(entry.data)
    except PeplinkError as err:
        raise router_error(hass, entry, err, setup=True) from err
    client = create_client(session, pinned)
    try:
        found, missing, failed = await _probe(client, entry.options)
        serial_number = _own_serial_number(entry, client, found)
    except (PeplinkError, ConfigEntryError) as err:
        # Routers cap their sessions: a setup that fails leaves none open.
        await client.logout()
        if isinstance(err, PeplinkError):
            raise router_error(hass, entry, err, setup=True) from err
        raise
    if pinned is not entry.data:
        # Pinned on its first successful connection, an entry from before
        # pinning sends nothing to another certificate from now on.
        hass.config_entries.async_update_entry(entry, data=pinned)
    entry.runtime_data = PeplinkRuntimeData(
        client=client,
        serial_number=serial_number,
        polled={
            endpoint.key: PeplinkCoordinator(hass, entry, client, endpoint, data)
            for endpoint, data in found.items()
        },
    )

    EndpointRechecks(hass, entry, client).async_start(missing, failed)

    async def _async_log_out(_event: Event) -> None:
        # Home Assistant stops without unloading entries: routers cap sessions.
        await client.logout()

    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _async_log_out)
    )
    async_clear_issues(hass, entry)
    async_report_admin_only(hass, entry, client.admin_only_functions)
    keep_devices_registered(hass, entry)
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def _async_reload(hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
    """Apply changed options."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Unload the platforms, then log out: routers cap their sessions."""
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        await entry.runtime_data.client.logout()
    return unloaded


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: PeplinkConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a WAN device the router no longer reports."""
    runtime = entry.runtime_data
    current = {(DOMAIN, runtime.serial_number)} | {
        (DOMAIN, wan_identifier(runtime.serial_number, wan_id))
        for wan_id in runtime.wan.data.wans
    }
    return not device.identifiers & current
