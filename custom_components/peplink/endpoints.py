"""The router endpoints the integration polls, declared once.

Each row makes one coordinator; setup probes the rows, diagnostics and the
tests' fault matrix read them. An endpoint the router lacks is not polled, only
asked again hourly, and a failing one makes only its own entities unavailable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.helpers.device_registry import format_mac
from homeassistant.util import dt as dt_util

from .api import (
    AccessPointStatus,
    Allowance,
    Client,
    FirmwareInfo,
    Hardware,
    Location,
    PeplinkClient,
    PeplinkError,
    PeplinkUnsupportedError,
    PepVpnStatus,
    RouterInfo,
    SimPreference,
    SmsInbox,
    SsidProfile,
    Traffic,
    Wan,
    WanState,
    WanStatus,
    WanTraffic,
)
from .const import (
    CLIENTS_INTERVAL,
    CONF_TRACK_LOCATION,
    HEALTH_INTERVAL,
    IDENTITY_INTERVAL,
    SETTINGS_INTERVAL,
    SMS_INTERVAL,
    TRAFFIC_INTERVAL,
    WAN_INTERVAL,
)

# Inboxes read a poll at most: a router with more cellular WANs has them read
# in turn, so that SMS keep within 20 requests a minute.
INBOXES_A_POLL = 2

# A computed "connected since" moves by a second or two between polls; only a
# larger jump is a new connection.
CONNECTED_SINCE_TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True, slots=True)
class Endpoint[DataT]:
    """A router endpoint, polled by a coordinator of its own."""

    key: str
    # The router functions it calls, for the documentation and the fault matrix.
    functions: tuple[str, ...]
    interval: timedelta
    # Reads the endpoint; it gets the data of the previous poll (None at first).
    read: Callable[[PeplinkClient, DataT | None], Awaitable[DataT]]
    # Setup fails without it; an optional endpoint the router lacks, or that
    # fails, is left out until it answers (coordinator.EndpointRechecks).
    required: bool = False
    # Only the controls of a sign-in that may write show it, so only it polls.
    writers_only: bool = False
    # What it shows holds through a restart of the router (who the router is,
    # its settings): it stays available while a restart asked for runs.
    kept_over_restart: bool = False
    # An option that, when off, turns the endpoint off (it defaults to on).
    option: str | None = None
    # Whether this router's answer has anything to show: if not, no polling.
    useful: Callable[[DataT], bool] = lambda _: True
    # What diagnostics show of the data.
    diagnostics: Callable[[DataT], object] = lambda data: data

    def wanted(self, client: PeplinkClient, options: Mapping[str, Any]) -> bool:
        """Whether to probe the endpoint for this sign-in and these options."""
        if self.writers_only and client.read_only:
            return False
        return self.option is None or bool(options.get(self.option, True))

    async def probe(self, client: PeplinkClient) -> DataT | None:
        """The first data, or None where the router lacks or has nothing of it."""
        try:
            data = await self.read(client, None)
        except PeplinkUnsupportedError:
            if self.required:
                raise
            return None
        return data if self.useful(data) else None


@dataclass(frozen=True, slots=True)
class RouterIdentity:
    """Who the router is, and what firmware it runs."""

    device: RouterInfo
    firmware: FirmwareInfo | None


@dataclass(frozen=True, slots=True)
class WanData:
    """The WAN status, and when each connected WAN connected.

    "Connected since" is steady between polls while the uptime grows, so the
    data compares equal when nothing a user sees changed.
    """

    status: WanStatus
    connected_since: Mapping[int, datetime]

    @property
    def wans(self) -> dict[int, Wan]:
        """The WANs, keyed by id."""
        return self.status.wans


# A WAN's allowance (SIM None), or one of its SIMs'.
type AllowanceKey = tuple[int, int | None]
type Allowances = dict[AllowanceKey, Allowance]
type Clients = dict[str, Client]
type SimPreferences = dict[int, SimPreference]
type SsidProfiles = dict[int, SsidProfile]
# By WAN id: the inbox of each cellular WAN's active SIM.
type SmsInboxes = dict[int, SmsInbox]


async def _read_identity(
    client: PeplinkClient, previous: RouterIdentity | None
) -> RouterIdentity:
    async def firmware() -> FirmwareInfo | None:
        try:
            return await client.get_firmware()
        except PeplinkUnsupportedError:
            return None
        except PeplinkError:
            # Firmware slots only complete the identity: keep the last ones.
            return previous.firmware if previous is not None else None

    device, firmware_info = await asyncio.gather(client.get_router_info(), firmware())
    return RouterIdentity(device=device, firmware=firmware_info)


async def _read_wan(client: PeplinkClient, previous: WanData | None) -> WanData:
    return with_connected_since(await client.get_wan_status(), previous)


def with_connected_since(status: WanStatus, previous: WanData | None) -> WanData:
    """The status with "connected since", kept from before within tolerance."""
    now = dt_util.utcnow()
    before = previous.connected_since if previous is not None else {}
    connected_since: dict[int, datetime] = {}
    for wan_id, wan in status.wans.items():
        if wan.state is not WanState.CONNECTED or not wan.uptime:
            continue
        since = (now - timedelta(seconds=wan.uptime)).replace(microsecond=0)
        known = before.get(wan_id)
        connected_since[wan_id] = (
            known
            if known is not None and abs(since - known) <= CONNECTED_SINCE_TOLERANCE
            else since
        )
    return WanData(status=status, connected_since=connected_since)


async def _read_traffic(client: PeplinkClient, previous: Traffic | None) -> Traffic:
    return keep_missing_totals(previous, await client.get_traffic())


def keep_missing_totals(previous: Traffic | None, current: Traffic) -> Traffic:
    """Carry the totals of WANs missing from ``current`` over from ``previous``.

    Routers list only the WANs that carry traffic; a WAN that drops out has no
    traffic now, but its totals did not vanish.
    """
    if previous is None:
        return current
    missing = {
        wan_id: WanTraffic(
            download_rate=0.0,
            upload_rate=0.0,
            downloaded=traffic.downloaded,
            uploaded=traffic.uploaded,
        )
        for wan_id, traffic in previous.wans.items()
        if wan_id not in current.wans
    }
    if not missing:
        return current
    return replace(current, wans={**current.wans, **missing})


async def _read_clients(client: PeplinkClient, _previous: Clients | None) -> Clients:
    """Clients keyed by MAC address as Home Assistant formats it."""
    return {
        format_mac(mac): found for mac, found in (await client.get_clients()).items()
    }


IDENTITY = Endpoint[RouterIdentity](
    key="identity",
    functions=("status.system.info", "info.firmware"),
    interval=IDENTITY_INTERVAL,
    read=_read_identity,
    required=True,
    kept_over_restart=True,
)
WAN = Endpoint[WanData](
    key="wan",
    functions=("status.wan.connection",),
    interval=WAN_INTERVAL,
    read=_read_wan,
    required=True,
    diagnostics=lambda data: data.status,
)
TRAFFIC = Endpoint[Traffic](
    key="traffic",
    functions=("status.traffic",),
    interval=TRAFFIC_INTERVAL,
    read=_read_traffic,
)
CLIENTS = Endpoint[Clients](
    key="clients",
    functions=("status.client",),
    interval=CLIENTS_INTERVAL,
    read=_read_clients,
)
HARDWARE = Endpoint[Hardware](
    key="hardware",
    functions=("status.system.info",),
    interval=HEALTH_INTERVAL,
    read=lambda client, _: client.get_hardware(),
    # Models without fans and sensors answer with empty lists.
    useful=lambda hardware: bool(hardware.fans or hardware.thermal_sensors),
)
ALLOWANCES = Endpoint[Allowances](
    key="allowances",
    functions=("status.wan.connection.allowance",),
    interval=HEALTH_INTERVAL,
    read=lambda client, _: client.get_allowances(),
    useful=bool,
)
PEPVPN = Endpoint[PepVpnStatus](
    key="pepvpn",
    functions=("status.pepvpn",),
    interval=HEALTH_INTERVAL,
    read=lambda client, _: client.get_pepvpn_status(),
    useful=lambda pepvpn: bool(pepvpn.profiles),
)
LOCATION = Endpoint[Location](
    key="location",
    functions=("info.location",),
    interval=HEALTH_INTERVAL,
    read=lambda client, _: client.get_location(),
    option=CONF_TRACK_LOCATION,
)
ACCESS_POINT = Endpoint[AccessPointStatus](
    key="access_point",
    functions=("cmd.ap",),
    interval=HEALTH_INTERVAL,
    read=lambda client, _: client.get_access_point(),
    writers_only=True,
    useful=lambda access_point: access_point.supported,
)
SIM_PREFERENCES = Endpoint[SimPreferences](
    key="sim_preferences",
    functions=("cmd.wan.cellular",),
    interval=SETTINGS_INTERVAL,
    # Asked for each WAN with SIM slots A and B in the latest WAN status.
    read=lambda client, _: client.get_sim_preferences(),
    writers_only=True,
    kept_over_restart=True,
    useful=bool,
)
SSID_PROFILES = Endpoint[SsidProfiles](
    key="ssid_profiles",
    functions=("config.ssid.profile",),
    interval=SETTINGS_INTERVAL,
    read=lambda client, _: client.get_ssid_profiles(),
    writers_only=True,
    kept_over_restart=True,
    # A profile InControl manages gets no control.
    useful=lambda profiles: any(
        not profile.incontrol_managed for profile in profiles.values()
    ),
)
SMS = Endpoint[SmsInboxes](
    key="sms",
    functions=("cmd.sms.get",),
    interval=SMS_INTERVAL,
    read=lambda client, previous: client.get_sms_inboxes(
        previous, at_most=INBOXES_A_POLL
    ),
    # A router without cellular WANs has no inbox; one whose firmware lacks
    # SMS refuses the function.
    useful=bool,
)

ENDPOINTS: tuple[Endpoint[Any], ...] = (
    IDENTITY,
    WAN,
    TRAFFIC,
    CLIENTS,
    HARDWARE,
    ALLOWANCES,
    PEPVPN,
    LOCATION,
    ACCESS_POINT,
    SIM_PREFERENCES,
    SSID_PROFILES,
    SMS,
)
