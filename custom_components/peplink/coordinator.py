"""Coordinators, one per endpoint of the table in endpoints.py, and runtime data."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .api import PeplinkAdminRequiredError, PeplinkClient, PeplinkError
from .const import DOMAIN, LOGGER, RECHECK_INTERVAL, RETRY_INTERVAL
from .endpoints import IDENTITY, WAN, Endpoint, RouterIdentity, WanData
from .errors import router_error
from .repairs import async_clear_issues, async_report_admin_only

# How long a restart asked for from Home Assistant may keep the router silent
# before its silence is news again.
RESTART_TIMEOUT = timedelta(minutes=10)


class ExpectedRestart:
    """A restart of the router asked for here: its silence meanwhile is expected.

    It lasts until the router, once silent, answers again (it may answer a
    poll or two before it goes down), or until RESTART_TIMEOUT passes: a
    router silent for longer fails as it would without a restart.
    """

    def __init__(self, name: str) -> None:
        """Expect nothing yet, of the router of this name."""
        self._name = name
        self._until: datetime | None = None
        self._went_silent = False

    def start(self) -> None:
        """The router was asked to restart."""
        self._until = dt_util.utcnow() + RESTART_TIMEOUT
        self._went_silent = False
        LOGGER.info(
            "%s is restarting as asked; its entities are unavailable until it"
            " answers again",
            self._name,
        )

    def explains_failure(self) -> bool:
        """Whether a failure now is the restart's."""
        if self._until is None:
            return False
        if dt_util.utcnow() < self._until:
            self._went_silent = True
            return True
        self._until = None
        LOGGER.debug(
            "%s has not answered in the %s since it was asked to restart",
            self._name,
            RESTART_TIMEOUT,
        )
        return False

    def answered(self) -> None:
        """The router answered a poll."""
        if self._until is not None and self._went_silent:
            self._until = None
            LOGGER.debug("%s answers again after its restart", self._name)


@dataclass(kw_only=True, slots=True)
class PeplinkRuntimeData:
    """What a config entry holds while it is loaded."""

    client: PeplinkClient
    serial_number: str
    # By endpoint key: only the endpoints this router offers.
    polled: dict[str, PeplinkCoordinator[Any]]
    restart: ExpectedRestart
    # By endpoint key: what waits for the coordinator of an endpoint not polled yet.
    followers: dict[str, list[Callable[[Any], None]]] = field(
        default_factory=dict, init=False
    )

    @callback
    def async_when_polled[DataT](
        self,
        endpoint: Endpoint[DataT],
        follow: Callable[[PeplinkCoordinator[DataT]], None],
    ) -> None:
        """Call ``follow`` with the endpoint's coordinator: now, or once it is made."""
        if (coordinator := self.coordinator(endpoint)) is not None:
            follow(coordinator)
        else:
            self.followers.setdefault(endpoint.key, []).append(follow)

    @callback
    def async_add_coordinator(self, coordinator: PeplinkCoordinator[Any]) -> None:
        """Poll an endpoint that answered after setup; what waits for it follows."""
        key = coordinator.endpoint.key
        self.polled[key] = coordinator
        for follow in self.followers.pop(key, []):
            follow(coordinator)

    @callback
    def async_restarting(self) -> None:
        """The router was asked to restart: unavailable, quietly, until it answers.

        The identity and the settings do not change with a restart: their
        entities, the restart button among them, stay usable.
        """
        self.restart.start()
        for coordinator in self.coordinators:
            if not coordinator.endpoint.kept_over_restart:
                coordinator.async_set_restarting()

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


def retry_delay(previous: timedelta | None, interval: timedelta) -> timedelta:
    """The wait after a failure: short, then twice as long, up to ``interval``."""
    return min(interval, RETRY_INTERVAL if previous is None else previous * 2)


class PeplinkCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one router endpoint; sooner than its interval while it fails."""

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
        # Writes to the router finished so far: a read that started before the
        # last one may carry the state from before it.
        self.writes = 0
        # The wait before the next poll while polls fail; None while they pass.
        self._retry: timedelta | None = None
        # Whether the last failure was expected (a restart asked for), and so
        # not logged as an error, nor its end as a recovery.
        self._failed_quietly = False
        self.async_set_updated_data(data)

    @callback
    def async_set_restarting(self) -> None:
        """Unavailable until the restarting router answers, with no error logged."""
        self.last_exception = UpdateFailed(
            translation_domain=DOMAIN, translation_key="rebooting"
        )
        self._failed_quietly = True
        if self.last_update_success:
            # async_set_update_error would log an error.
            self.last_update_success = False
            self.async_update_listeners()

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """A write to the router: a read in flight meanwhile is read again."""
        try:
            yield
        finally:
            # Even a failed write may have changed something.
            self.writes += 1

    async def _async_update_data(self) -> DataT:
        while True:
            writes = self.writes
            try:
                data = await self.endpoint.read(self.client, self.data)
            except PeplinkError as err:
                if writes == self.writes:
                    raise self._failed(err) from err
            else:
                if writes == self.writes:
                    return self._succeeded(data)
            # A write finished meanwhile: the answer, or the failure, may be
            # from before it, and must not replace what was read after it.
            LOGGER.debug("Reading %s again after a write", self.name)

    def _failed(self, err: PeplinkError) -> HomeAssistantError:
        self._retry = retry_delay(self._retry, self.endpoint.interval)
        self.update_interval = self._retry
        if isinstance(err, PeplinkAdminRequiredError):
            # The web admin started refusing the token since setup: say so.
            async_report_admin_only(
                self.hass, self.config_entry, self.client.admin_only_functions
            )
        error = router_error(self.hass, self.config_entry, err, setup=False)
        # Home Assistant logs a failure as an error only after a success: an
        # expected one is made to follow a failure, and the first unexpected
        # one after it a success.
        if isinstance(error, UpdateFailed) and self._restart.explains_failure():
            LOGGER.debug("%s failed while the router restarts: %s", self.name, err)
            self.last_update_success = False
            self._failed_quietly = True
        elif self._failed_quietly:
            self.last_update_success = True
            self._failed_quietly = False
        return error

    def _succeeded(self, data: DataT) -> DataT:
        if self._retry is not None:
            self._retry = None
            self.update_interval = self.endpoint.interval
        async_clear_issues(self.hass, self.config_entry)
        self._restart.answered()
        if self._failed_quietly:
            # The end of an expected failure is no news either: Home Assistant
            # logs a recovery only after a failure.
            self.last_update_success = True
            self._failed_quietly = False
        return data

    @property
    def _restart(self) -> ExpectedRestart:
        return self.config_entry.runtime_data.restart


class EndpointRechecks:
    """The optional endpoints setup did not get, asked again until one answers.

    One the router lacks, or has nothing of, is asked hourly; one that failed
    is asked soon, then less often. Once one answers with something to show,
    it gets its coordinator, and the platforms add its entities: no reload.
    """

    def __init__(
        self, hass: HomeAssistant, entry: PeplinkConfigEntry, client: PeplinkClient
    ) -> None:
        """Ask through the entry's client; stop when the entry unloads."""
        self._hass = hass
        self._entry = entry
        self._client = client
        self._retry: dict[str, timedelta] = {}
        self._pending: dict[str, CALLBACK_TYPE] = {}
        entry.async_on_unload(self._async_cancel)

    @callback
    def async_start(
        self,
        missing: Iterable[Endpoint[Any]],
        failed: Mapping[Endpoint[Any], PeplinkError],
    ) -> None:
        """Ask again later what setup found missing or failing."""
        for endpoint in missing:
            self._async_ask_hourly(endpoint)
        for endpoint, err in failed.items():
            LOGGER.warning(
                "%s did not answer %s at setup, so its entities are missing for"
                " now; asking again soon: %s",
                self._entry.title,
                endpoint.key,
                err,
            )
            self._async_retry(endpoint)

    @callback
    def _async_ask_hourly(self, endpoint: Endpoint[Any]) -> None:
        LOGGER.debug(
            "%s has nothing of %s; asking again in %s",
            self._entry.title,
            endpoint.key,
            RECHECK_INTERVAL,
        )
        self._async_ask_later(endpoint, RECHECK_INTERVAL)

    @callback
    def _async_retry(self, endpoint: Endpoint[Any]) -> None:
        delay = retry_delay(self._retry.get(endpoint.key), endpoint.interval)
        self._retry[endpoint.key] = delay
        self._async_ask_later(endpoint, delay)

    @callback
    def _async_ask_later(self, endpoint: Endpoint[Any], delay: timedelta) -> None:
        @callback
        def ask(_now: datetime) -> None:
            del self._pending[endpoint.key]
            self._entry.async_create_background_task(
                self._hass,
                self._async_ask(endpoint),
                f"{DOMAIN} {self._entry.title} {endpoint.key} recheck",
            )

        self._pending[endpoint.key] = async_call_later(self._hass, delay, ask)

    async def _async_ask(self, endpoint: Endpoint[Any]) -> None:
        try:
            data = await endpoint.probe(self._client)
        except PeplinkError as err:
            LOGGER.debug("%s still fails %s: %s", self._entry.title, endpoint.key, err)
            self._async_retry(endpoint)
            return
        if data is None:
            self._retry.pop(endpoint.key, None)
            self._async_ask_hourly(endpoint)
            return
        self._retry.pop(endpoint.key, None)
        LOGGER.info(
            "%s now answers %s: adding its entities", self._entry.title, endpoint.key
        )
        self._entry.runtime_data.async_add_coordinator(
            PeplinkCoordinator(self._hass, self._entry, self._client, endpoint, data)
        )

    @callback
    def _async_cancel(self) -> None:
        for cancel in self._pending.values():
            cancel()
        self._pending.clear()
