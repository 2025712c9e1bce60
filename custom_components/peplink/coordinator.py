"""Coordinators, one per endpoint of the table in endpoints.py, and runtime data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .api import PeplinkClient, PeplinkError
from .const import DOMAIN, LOGGER
from .endpoints import IDENTITY, WAN, Endpoint, RouterIdentity, WanData
from .errors import router_error
from .repairs import async_clear_issues


@dataclass(kw_only=True, slots=True)
class PeplinkRuntimeData:
    """What a config entry holds while it is loaded."""

    client: PeplinkClient
    serial_number: str
    # By endpoint key: only the endpoints this router offers.
    polled: dict[str, PeplinkCoordinator[Any]]

    def coordinator[DataT](
        self, endpoint: Endpoint[DataT]
    ) -> PeplinkCoordinator[DataT] | None:
        """The coordinator of an endpoint; None where the router lacks it."""
        return self.polled.get(endpoint.key)

    @property
    def coordinators(self) -> list[PeplinkCoordinator[Any]]:
        """Every coordinator of the router."""
        return list(self.polled.values())

    @property
    def identity(self) -> PeplinkCoordinator[RouterIdentity]:
        """The coordinator of the router's identity, which every router has."""
        return cast(PeplinkCoordinator[RouterIdentity], self.polled[IDENTITY.key])

    @property
    def wan(self) -> PeplinkCoordinator[WanData]:
        """The coordinator of the WAN status, which every router has."""
        return cast(PeplinkCoordinator[WanData], self.polled[WAN.key])


type PeplinkConfigEntry = ConfigEntry[PeplinkRuntimeData]


class PeplinkCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one router endpoint."""

    config_entry: PeplinkConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: PeplinkConfigEntry,
        client: PeplinkClient,
        endpoint: Endpoint[DataT],
        data: DataT,
    ) -> None:
        """Poll ``endpoint``, starting from the data setup probed."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title} {endpoint.key}",
            update_interval=endpoint.interval,
            # Unchanged data does not touch the entities.
            always_update=False,
        )
        self.client = client
        self.endpoint = endpoint
        self.async_set_updated_data(data)

    async def _async_update_data(self) -> DataT:
        try:
            data = await self.endpoint.read(self.client, self.data)
        except PeplinkError as err:
            raise router_error(self.hass, self.config_entry, err, setup=False) from err
        async_clear_issues(self.hass, self.config_entry)
        return data
