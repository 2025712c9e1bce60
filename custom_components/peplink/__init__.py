"""The Peplink integration: a router, its WANs, clients and health."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    HomeAssistantError,
)
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .api import PeplinkClient, PeplinkError
from .client_factory import async_pin_first_certificate, create_client, create_session
from .const import DOMAIN, LOGGER
from .coordinator import (
    EndpointRechecks,
    ExpectedRestart,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    PeplinkRuntimeData,
)
from .devices import keep_devices_registered, wan_identifier
from .endpoints import ENDPOINTS, IDENTITY, Endpoint
from .errors import router_error
from .repairs import async_clear_issues, async_report_admin_only
from .services import async_setup_services
from .sms_seen import async_remove_seen_messages
from .sms_services import async_setup_sms_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.DEVICE_TRACKER,
    Platform.EVENT,
    Platform.NOTIFY,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions, once for all routers."""
    async_setup_services(hass)
    async_setup_sms_services(hass)
    return True


async def _probe(
    client: PeplinkClient, options: Mapping[str, Any], name: str
) -> tuple[
    dict[Endpoint[Any], Any], list[Endpoint[Any]], dict[Endpoint[Any], PeplinkError]
]:
    """The first data of every endpoint this router offers; those it lacks; failures.

    The required endpoints go first: they sign in, and tell whether the
    sign-in may write, and their failure fails setup. An optional endpoint's
    failure, whatever it is, only leaves it out until it is asked again. What
    each answered is logged, at debug level.
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
            return_exceptions=True,
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
        if required and failed:
            _log_probe(name, client, options, found, missing, failed)
            raise next(iter(failed.values()))
    _log_probe(name, client, options, found, missing, failed)
    return found, missing, failed


def _log_probe(
    name: str,
    client: PeplinkClient,
    options: Mapping[str, Any],
    found: Mapping[Endpoint[Any], Any],
    missing: list[Endpoint[Any]],
    failed: Mapping[Endpoint[Any], PeplinkError],
) -> None:
    """What each endpoint answered at setup, or why it was not asked."""
    outcomes: dict[str, list[str]] = {}
    for endpoint in ENDPOINTS:
        if endpoint in found:
            outcome, shown = "answered", endpoint.key
        elif endpoint in missing:
            outcome, shown = "not offered or nothing to show", endpoint.key
        elif endpoint in failed:
            outcome, shown = "failed", f"{endpoint.key} ({failed[endpoint]})"
        elif endpoint.writers_only and client.read_only:
            outcome, shown = "not asked, as the sign-in may only read", endpoint.key
        elif endpoint.option is not None and not options.get(endpoint.option, True):
            outcome, shown = f"not asked, as {endpoint.option} is off", endpoint.key
        else:
            # Not asked yet: a required endpoint failed first.
            continue
        outcomes.setdefault(outcome, []).append(shown)
    LOGGER.debug(
        "%s at setup: %s",
        name,
        "; ".join(
            f"{outcome}: {', '.join(keys)}" for outcome, keys in outcomes.items()
        ),
    )


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


def _setup_failed(
    hass: HomeAssistant, entry: PeplinkConfigEntry, err: PeplinkError
) -> HomeAssistantError:
    """What setup raises for the client's error, after a line that says why.

    Home Assistant's own line about a setup to retry is not under this
    integration's logger on every release.
    """
    error = router_error(hass, entry, err, setup=True)
    LOGGER.debug(
        "Setting up %s failed, %s: %s",
        entry.title,
        "so it waits for a new sign-in"
        if isinstance(error, ConfigEntryAuthFailed)
        else "to be tried again later",
        err,
    )
    return error


async def async_setup_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Probe what the router offers, then poll that and ask again for the rest."""
    session = create_session(hass, entry.data)
    entry.async_on_unload(session.detach)
    try:
        pinned = await async_pin_first_certificate(entry.data)
    except PeplinkError as err:
        raise _setup_failed(hass, entry, err) from err
    client = create_client(session, pinned)
    try:
        found, missing, failed = await _probe(client, entry.options, entry.title)
        serial_number = _own_serial_number(entry, client, found)
    except (PeplinkError, ConfigEntryError) as err:
        # Routers cap their sessions: a setup that fails leaves none open.
        await client.logout()
        if isinstance(err, PeplinkError):
            raise _setup_failed(hass, entry, err) from err
        LOGGER.debug("Setting up %s failed: %s", entry.title, err)
        raise
    if pinned is not entry.data:
        # Pinned on its first successful connection, an entry from before
        # pinning sends nothing to another certificate from now on.
        hass.config_entries.async_update_entry(entry, data=pinned)
    entry.runtime_data = PeplinkRuntimeData(
        client=client,
        serial_number=serial_number,
        restart=ExpectedRestart(entry.title),
        polled={
            endpoint.key: PeplinkCoordinator(hass, entry, client, endpoint, data)
            for endpoint, data in found.items()
        },
    )

    LOGGER.debug(
        "%s polls %s",
        entry.title,
        ", ".join(
            f"{endpoint.key} every {endpoint.interval.total_seconds():.0f} s"
            for endpoint in found
        ),
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
    """Apply changed options, and an SMS recipient added, changed or removed."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> bool:
    """Unload the platforms, then log out: routers cap their sessions."""
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        await entry.runtime_data.client.logout()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: PeplinkConfigEntry) -> None:
    """Forget what the removed entry stored: the SMS it has seen."""
    await async_remove_seen_messages(hass, entry.entry_id)


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
