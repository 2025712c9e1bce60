"""Asynchronous client for the Peplink router's local API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
import contextlib
import time
from typing import Any, Self

import aiohttp

from .auth import Credentials, SignIn
from .exceptions import PeplinkError, PeplinkUnsupportedError
from .models.cellular import SmsInbox, parse_sms
from .models.clients import Client, parse_clients
from .models.router import (
    AccessPointStatus,
    FirmwareInfo,
    Hardware,
    Location,
    PepVpnStatus,
    RouterInfo,
)
from .models.settings import SimPreference, SsidProfile, parse_ssid_profiles
from .models.usage import Allowance, Traffic, parse_allowances
from .models.wan import WanState, WanStatus
from .parsing import as_dict
from .requester import RECHECK_INTERVAL, Requester
from .transport import (
    DEFAULT_REQUEST_TIMEOUT,
    RouterFailure,
    SessionRefused,
    Transport,
    expect,
)


class PeplinkClient:
    """Client of one router.

    The client keeps its session cookie or access token itself and sends it with
    every request, so it works whatever the session's cookie jar accepts (aiohttp's
    default jar drops cookies from bare IP addresses).
    """

    def __init__(
        self,
        host: str,
        credentials: Credentials,
        *,
        session: aiohttp.ClientSession | None = None,
        port: int | None = None,
        https: bool = True,
        verify_ssl: bool = False,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        certificate_fingerprint: bytes | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """Address a router; nothing is sent until the first request.

        Without a ``session`` the client opens its own on first use and closes
        it in ``close``; a session passed in is the caller's to close.
        With HTTPS and no certificate verification, a ``certificate_fingerprint``
        (SHA-256 of the DER certificate) pins the certificate trusted before.
        """
        self._transport = Transport(
            host,
            session=session,
            port=port,
            https=https,
            verify_ssl=verify_ssl,
            request_timeout=request_timeout,
            certificate_fingerprint=certificate_fingerprint,
        )
        # Looked up now, not at import: a test's frozen clock then applies.
        self._clock = clock if clock is not None else time.monotonic
        self._sign_in = SignIn(self._transport, credentials, self._clock)
        self._requester = Requester(self._transport, self._sign_in, self._clock)
        # Until when status.system.info is asked one info type at a time.
        self._one_info_type_until = 0.0
        # The WAN status last read: which WANs a per-WAN read asks.
        self._wan_status: WanStatus | None = None
        # Where the next read of some of the inboxes starts (get_sms_inboxes).
        self._inbox_turn = 0

    async def close(self) -> None:
        """Close the session the client opened; a session passed in stays open."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        """Use the client in ``async with``; it is closed on leaving."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the client."""
        await self.close()

    @property
    def host(self) -> str:
        """Host name or address of the router."""
        return self._transport.host

    @property
    def web_admin_url(self) -> str:
        """Address of the router's web admin."""
        return str(self._transport.base_url)

    @property
    def read_only(self) -> bool:
        """Whether the signed-in account or API client may only read."""
        return self._sign_in.read_only

    async def get_certificate_fingerprint(self) -> bytes:
        """SHA-256 of the certificate the router presents now; HTTPS only.

        Only a TLS handshake: no request, and no credential, is sent.
        """
        return await self._transport.certificate_fingerprint()

    @property
    def admin_only_functions(self) -> frozenset[str]:
        """Functions this router refuses to the API client, as found so far.

        Some firmware refuses API tokens on its web-admin functions; an admin
        sign-in may call them. Empty for an admin sign-in.
        """
        return self._requester.admin_only_functions

    async def check_reachable(self) -> None:
        """Check that a Peplink router answers at the address, without signing in.

        Routers answer ``info.firmware`` before login; any answer in the router's
        envelope, a refusal included, is a Peplink router's. Raise
        `PeplinkConnectionError` (`PeplinkTlsError` for the certificate) where
        nothing answers, `PeplinkApiError` where something else does. No
        credential, cookie or token is sent.
        """
        try:
            await self._transport.exchange("info.firmware")
        except (SessionRefused, RouterFailure, PeplinkUnsupportedError):
            # Firmware that refuses the function before login, or lacks it, is
            # still a Peplink; the sign-in tells the rest.
            return

    async def login(self) -> None:
        """Sign in now; raise the authentication error if the router refuses."""
        await self._sign_in.sign_in()

    async def logout(self) -> None:
        """End the session on the router; never raises.

        Routers cap their sessions, so a client no longer used logs out. Until
        `login`, requests do not sign in again.
        """
        await self._sign_in.sign_out()

    # Reading

    async def get_router_info(self) -> RouterInfo:
        """Serial number, model, product code, hardware revision, firmware, name."""
        info = await self._system_info("device")
        return RouterInfo.from_api(
            expect("status.system.info", info, "device")["device"]
        )

    async def get_hardware(self) -> Hardware:
        """Fan speeds and thermal sensors, in one request where the router allows."""
        info = await self._system_info("fanSpeed", "thermalSensor")
        expect("status.system.info", info, "fanSpeed", "thermalSensor")
        return Hardware.from_api(info)

    async def get_firmware(self) -> FirmwareInfo:
        """Firmware image slots."""
        return FirmwareInfo.from_api(await self._requester.call("info.firmware"))

    async def get_wan_status(self) -> WanStatus:
        """Every WAN connection with its cellular or Wi-Fi detail."""
        answer = await self._requester.call("status.wan.connection")
        self._wan_status = WanStatus.from_api(
            expect("status.wan.connection", answer, "order")
        )
        return self._wan_status

    async def get_allowances(self) -> dict[tuple[int, int | None], Allowance]:
        """Bandwidth allowance monitors, keyed by (WAN id, SIM id)."""
        answer = await self._requester.call("status.wan.connection.allowance")
        return parse_allowances(
            expect("status.wan.connection.allowance", answer, "order")
        )

    async def get_clients(self) -> dict[str, Client]:
        """LAN clients keyed by MAC address."""
        answer = await self._requester.call("status.client")
        return parse_clients(expect("status.client", answer, "list", "client"))

    async def get_traffic(self) -> Traffic:
        """Per-WAN rates and totals, and the router's lifetime totals."""
        answer = await self._requester.call_either_path("status.traffic")
        return Traffic.from_api(
            expect("status.traffic", answer, "bandwidth", "traffic", "lifetime")
        )

    async def get_location(self) -> Location:
        """GPS position."""
        answer = await self._requester.call("info.location")
        return Location.from_api(
            expect("info.location", answer, "gps", "location", "latitude")
        )

    async def get_pepvpn_status(self) -> PepVpnStatus:
        """SpeedFusion / PepVPN profiles."""
        answer = await self._requester.call("status.pepvpn")
        return PepVpnStatus.from_api(expect("status.pepvpn", answer, "profile"))

    async def get_access_point(self) -> AccessPointStatus:
        """Whether the router has a Wi-Fi access point, and whether it is on."""
        answer = await self._requester.call("cmd.ap")
        return AccessPointStatus.from_api(expect("cmd.ap", answer, "support", "enable"))

    async def get_sim_preferences(self) -> dict[int, SimPreference]:
        """The SIM preference of each dual-SIM cellular WAN, keyed by WAN id.

        One request per WAN the latest WAN status lists with SIM slots A and B;
        none without such a WAN.
        """
        status = await self._latest_wan_status()
        wan_ids = [
            wan_id
            for wan_id, wan in status.wans.items()
            if wan.cellular is not None and wan.cellular.dual_sim
        ]
        answers = await asyncio.gather(
            *(
                self._requester.call("cmd.wan.cellular", params={"connId": wan_id})
                for wan_id in wan_ids
            )
        )
        return {
            wan_id: SimPreference.from_api(
                wan_id,
                expect("cmd.wan.cellular", answer, "enabledSim", "preferredSim"),
            )
            for wan_id, answer in zip(wan_ids, answers, strict=True)
        }

    async def get_ssid_profiles(self) -> dict[int, SsidProfile]:
        """The Wi-Fi networks (SSID profiles) keyed by id, without their keys."""
        answer = await self._requester.call("config.ssid.profile")
        return parse_ssid_profiles(expect("config.ssid.profile", answer, "order"))

    async def get_sms_inboxes(
        self,
        previous: Mapping[int, SmsInbox] | None = None,
        *,
        at_most: int | None = None,
    ) -> dict[int, SmsInbox]:
        """The inbox of every enabled cellular WAN, keyed by WAN id.

        One request per cellular WAN of the latest WAN status; a disabled
        WAN's modem is off, and is not asked. With ``at_most``, no more
        inboxes than that are asked, in turn, the others kept from
        ``previous``: a router with many cellular WANs has each read less often.
        """
        status = await self._latest_wan_status()
        wan_ids = [
            wan_id
            for wan_id, wan in status.wans.items()
            if wan.cellular is not None and wan.state is not WanState.DISABLED
        ]
        asked = wan_ids
        if previous is not None and at_most is not None and len(wan_ids) > at_most:
            start = self._inbox_turn % len(wan_ids)
            self._inbox_turn += at_most
            asked = [wan_ids[(start + i) % len(wan_ids)] for i in range(at_most)]
        inboxes = await asyncio.gather(*(self.get_sms(wan_id) for wan_id in asked))
        found = {**(previous or {}), **dict(zip(asked, inboxes, strict=True))}
        return {wan_id: found[wan_id] for wan_id in wan_ids if wan_id in found}

    async def _latest_wan_status(self) -> WanStatus:
        """The WAN status last read, which a read per WAN asks after.

        Polling reads the WAN status first and most often, so this costs a
        request only where nothing read it yet.
        """
        return self._wan_status or await self.get_wan_status()

    async def get_sms(self, wan_id: int) -> SmsInbox:
        """Messages stored on the active SIM of a cellular WAN, multi-part ones joined."""
        answer = await self._requester.call("cmd.sms.get", params={"connId": wan_id})
        # An answer that names the WAN or SIM without a list is an empty inbox.
        return parse_sms(expect("cmd.sms.get", answer, "sms", "connId", "simId"))

    # Writing: a write is sent again only when the router refused its session,
    # which means it did not carry the write out.

    async def set_wan_enabled(self, wan_id: int, enabled: bool) -> None:
        """Enable or disable a WAN and apply the configuration."""
        await self._configure(
            "config.wan.connection",
            {"action": "update", "list": [{"id": wan_id, "enable": enabled}]},
        )

    async def set_wan_priority(self, wan_id: int, priority: int) -> None:
        """Set a WAN's priority, effective at once."""
        await self._post(
            "config.wan.connection.priority",
            {
                "action": "update",
                "list": [{"connId": wan_id, "priority": priority}],
                "instantActive": True,
            },
        )

    async def set_access_point(self, enabled: bool) -> AccessPointStatus:
        """Turn the Wi-Fi access point on or off."""
        return AccessPointStatus.from_api(
            await self._post("cmd.ap", {"enable": enabled})
        )

    async def set_preferred_sim(
        self, wan_id: int, sim: int | None, enabled_sims: Sequence[int]
    ) -> None:
        """Prefer SIM ``sim`` (1 is SIM A, 2 is SIM B) on a WAN; None for neither.

        The request carries the SIMs the WAN may use, as the router's own
        example does: those it reported, so that they stay as they are.
        """
        await self._post(
            "cmd.wan.cellular",
            {"connId": wan_id, "enabledSim": list(enabled_sims), "preferredSim": sim},
        )

    async def set_ssid_enabled(self, profile_id: int, enabled: bool) -> SsidProfile:
        """Turn a Wi-Fi network (SSID profile) on or off and apply the configuration.

        Return the profile as the router reports it after the change.
        """
        answer = await self._configure(
            "config.ssid.profile",
            {"action": "update", "id": profile_id, "enable": enabled},
        )
        return SsidProfile.from_api(profile_id, as_dict(answer).get(str(profile_id)))

    async def reboot(self) -> None:
        """Restart the router."""
        await self._post("cmd.system.reboot", {})

    async def reset_cellular_module(self, wan_id: int) -> None:
        """Power-cycle the cellular module of a WAN."""
        await self._post("cmd.cellularModule.reset", {"connId": wan_id})

    async def rescan_cellular_network(self, wan_id: int) -> None:
        """Make the cellular module of a WAN scan for networks again."""
        await self._post("cmd.cellularModule.rescanNetwork", {"connId": wan_id})

    async def send_sms(self, wan_id: int, address: str, content: str) -> None:
        """Send an SMS through a cellular WAN."""
        await self._post(
            "cmd.sms.sendMessage",
            {"connId": wan_id, "address": address, "content": content},
        )

    async def delete_sms(
        self, wan_id: int, iccid: str | None, message_id: int | None
    ) -> None:
        """Delete one message (None: every message) of a SIM of a cellular WAN (8.5.2+)."""
        body: dict[str, Any] = {
            "connId": wan_id,
            "id": "all" if message_id is None else message_id,
        }
        if iccid is not None:
            body["iccid"] = iccid
        await self._post("cmd.sms.delete", body)

    async def start_new_billing_cycle(
        self, wan_id: int, sim_id: int | None = None
    ) -> None:
        """Reset a WAN's (or one SIM's) bandwidth allowance usage."""
        body: dict[str, Any] = {"connId": wan_id}
        if sim_id is not None:
            body["simId"] = sim_id
        await self._post("cmd.billing.newCycle", body)

    async def call(
        self,
        function: str,
        *,
        method: str = "GET",
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call any official function and return its response payload."""
        return await self._requester.call(function, method=method, body=body)

    # Requests

    async def _post(self, function: str, body: Mapping[str, Any]) -> Any:
        return await self._requester.call(function, method="POST", body=body)

    async def _configure(self, function: str, body: Mapping[str, Any]) -> Any:
        """Change the configuration, then apply it; the change's answer."""
        answer = await self._post(function, body)
        try:
            await self._post("cmd.config.apply", {})
        except PeplinkError:
            # Leave nothing pending that a later apply would carry out unasked.
            with contextlib.suppress(PeplinkError):
                await self._post("cmd.config.discard", {})
            raise
        return answer

    async def _system_info(self, *info_types: str) -> Mapping[str, Any]:
        """Read ``status.system.info``; several types in one request where accepted."""
        if len(info_types) > 1 and self._clock() >= self._one_info_type_until:
            try:
                return as_dict(
                    await self._requester.call_either_path(
                        "status.system.info", {"infoType": " ".join(info_types)}
                    )
                )
            except RouterFailure as err:
                # Only the router's refusal of the combined info types ("Invalid
                # infoType"), not a passing failure, means one type per request.
                if "infotype" not in err.message.lower():
                    raise
                self._one_info_type_until = self._clock() + RECHECK_INTERVAL
        answers = await asyncio.gather(
            *(
                self._requester.call_either_path(
                    "status.system.info", {"infoType": info_type}
                )
                for info_type in info_types
            )
        )
        merged: dict[str, Any] = {}
        for answer in answers:
            merged.update(as_dict(answer))
        return merged
