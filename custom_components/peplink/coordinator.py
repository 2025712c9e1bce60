"""Coordinators: one per router endpoint, polled at the endpoint's tier interval.

One coordinator an endpoint means a failing endpoint makes only its own entities
unavailable, and an endpoint the router lacks is simply never polled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
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
    PepVpnStatus,
    RouterInfo,
    Traffic,
    Wan,
    WanState,
    WanStatus,
    WanTraffic,
)
from .const import DOMAIN, LOGGER, TRAFFIC_INTERVAL, WAN_INTERVAL
from .errors import router_error
from .repairs import async_clear_issues

# A computed "connected since" moves by a second or two between polls; only a
# larger jump is a new connection.
CONNECTED_SINCE_TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class RouterIdentity:
    """Who the router is, and what firmware it runs."""

    device: RouterInfo
    firmware: FirmwareInfo | None


type Allowances = dict[tuple[int, int | None], Allowance]
type Clients = dict[str, Client]


@dataclass(kw_only=True, slots=True)
class PeplinkRuntimeData:
    """What a config entry holds while it is loaded.

    Optional coordinators are None where the router does not offer the endpoint.
    """

    client: PeplinkClient
    serial_number: str
    identity: PeplinkCoordinator[RouterIdentity]
    wan: WanCoordinator
    traffic: TrafficCoordinator | None
    clients: PeplinkCoordinator[Clients] | None
    hardware: PeplinkCoordinator[Hardware] | None
    allowances: PeplinkCoordinator[Allowances] | None
    pepvpn: PeplinkCoordinator[PepVpnStatus] | None
    location: PeplinkCoordinator[Location] | None
    access_point: PeplinkCoordinator[AccessPointStatus] | None

    @property
    def coordinators(self) -> list[PeplinkCoordinator[Any]]:
        """Every coordinator of the router."""
        return [
            coordinator
            for coordinator in (
                self.identity,
                self.wan,
                self.traffic,
                self.clients,
                self.hardware,
                self.allowances,
                self.pepvpn,
                self.location,
                self.access_point,
            )
            if coordinator is not None
        ]


type PeplinkConfigEntry = ConfigEntry[PeplinkRuntimeData]


class PeplinkCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one router endpoint."""

    config_entry: PeplinkConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: PeplinkConfigEntry,
        *,
        name: str,
        update_interval: timedelta,
        fetch: Callable[[], Awaitable[DataT]],
    ) -> None:
        """Poll ``fetch`` every ``update_interval``."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title} {name}",
            update_interval=update_interval,
            # Unchanged data does not touch the entities.
            always_update=False,
        )
        self._fetch = fetch

    async def _async_update_data(self) -> DataT:
        try:
            data = await self._fetch()
        except PeplinkError as err:
            raise router_error(self.hass, self.config_entry, err, setup=False) from err
        async_clear_issues(self.hass, self.config_entry)
        return data


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


class WanCoordinator(PeplinkCoordinator[WanData]):
    """Polls the WAN status, and keeps a steady "connected since" per WAN."""

    def __init__(
        self, hass: HomeAssistant, entry: PeplinkConfigEntry, client: PeplinkClient
    ) -> None:
        """Poll ``status.wan.connection``."""
        super().__init__(
            hass,
            entry,
            name="WAN",
            update_interval=WAN_INTERVAL,
            fetch=lambda: self._with_connected_since(client.get_wan_status()),
        )

    async def _with_connected_since(self, request: Awaitable[WanStatus]) -> WanData:
        return self.data_of(await request)

    def data_of(self, status: WanStatus) -> WanData:
        """The status with "connected since", kept from the last data within tolerance."""
        now = dt_util.utcnow()
        previous = self.data.connected_since if self.data is not None else {}
        connected_since: dict[int, datetime] = {}
        for wan_id, wan in status.wans.items():
            if wan.state is not WanState.CONNECTED or not wan.uptime:
                continue
            since = (now - timedelta(seconds=wan.uptime)).replace(microsecond=0)
            before = previous.get(wan_id)
            connected_since[wan_id] = (
                before
                if before is not None
                and abs(since - before) <= CONNECTED_SINCE_TOLERANCE
                else since
            )
        return WanData(status=status, connected_since=connected_since)


class TrafficCoordinator(PeplinkCoordinator[Traffic]):
    """Polls traffic, keeping the totals of WANs the router stops listing.

    Routers list only the WANs that carry traffic; a WAN that drops out has no
    traffic now, but its totals did not vanish.
    """

    def __init__(
        self, hass: HomeAssistant, entry: PeplinkConfigEntry, client: PeplinkClient
    ) -> None:
        """Poll ``status.traffic``."""
        super().__init__(
            hass,
            entry,
            name="traffic",
            update_interval=TRAFFIC_INTERVAL,
            fetch=client.get_traffic,
        )

    async def _async_update_data(self) -> Traffic:
        return keep_missing_totals(self.data, await super()._async_update_data())


def keep_missing_totals(previous: Traffic | None, current: Traffic) -> Traffic:
    """Carry the totals of WANs missing from ``current`` over from ``previous``."""
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
