"""Home Assistant's REST and websocket APIs, for the smoke test."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from tests.smoke.common import REQUEST, SmokeError, describe


class HassClient:
    """Home Assistant's REST and websocket APIs, as the frontend uses them."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Talk to Home Assistant at ``url``, as ``token`` once there is one."""
        self.session = session
        self.url = url
        self.token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ws_id = 0

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Any:
        """A REST call; its JSON answer, or SmokeError on another status."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            async with self.session.request(
                method,
                self.url + path,
                json=json,
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=REQUEST),
            ) as response:
                body = await response.text()
                if response.status != expect:
                    raise SmokeError(
                        f"{method} {path}: HTTP {response.status}, expected {expect}: {body[:500]}"
                    )
                return await response.json() if body else None
        except (aiohttp.ClientError, TimeoutError) as err:
            raise SmokeError(f"{method} {path}: {describe(err)}") from err

    async def connect_websocket(self) -> None:
        """Open the websocket API and sign in to it."""
        try:
            self._ws = await self.session.ws_connect(
                self.url.replace("http", "ws", 1) + "/api/websocket",
                timeout=aiohttp.ClientWSTimeout(ws_close=REQUEST),
            )
            async with asyncio.timeout(REQUEST):
                hello = await self._ws.receive_json()
                if hello.get("type") != "auth_required":
                    raise SmokeError(f"websocket: expected auth_required, got {hello}")
                await self._ws.send_json({"type": "auth", "access_token": self.token})
                answer = await self._ws.receive_json()
        # A closed websocket answers a message that is no JSON text: TypeError.
        except (aiohttp.ClientError, TimeoutError, TypeError) as err:
            raise SmokeError(f"websocket: {describe(err)}") from err
        if answer.get("type") != "auth_ok":
            raise SmokeError(f"websocket: sign-in refused: {answer}")

    async def command(self, command: str, **fields: Any) -> Any:
        """A websocket command; its result, or SmokeError if it failed."""
        if self._ws is None:
            raise SmokeError("websocket: not connected")
        self._ws_id += 1
        try:
            await self._ws.send_json({"id": self._ws_id, "type": command, **fields})
            async with asyncio.timeout(REQUEST):
                while True:
                    answer = await self._ws.receive_json()
                    if (
                        answer.get("id") == self._ws_id
                        and answer.get("type") == "result"
                    ):
                        break
        except (aiohttp.ClientError, TimeoutError, TypeError) as err:
            raise SmokeError(f"websocket {command}: {describe(err)}") from err
        if not answer.get("success"):
            raise SmokeError(f"websocket {command}: {answer.get('error')}")
        return answer.get("result")

    async def close(self) -> None:
        """Close the websocket, if open."""
        if self._ws is not None:
            await self._ws.close()
