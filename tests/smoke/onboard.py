"""Onboard the demo's Home Assistant (scripts/develop), so that it opens on the sign-in page.

    python -m tests.smoke.onboard URL NAME USERNAME PASSWORD

Run by scripts/develop with the hass lane's Python. It waits for Home Assistant
to answer, then takes every onboarding step through the REST API, as the smoke
test does; a Home Assistant whose owner exists already is left as it is. The
units stay those of configuration.yaml: the browser's onboarding would set them
after the browser's language, US customary for English.

It returns once Home Assistant has started, not only answered: stopped while
it starts, Home Assistant ends at once, without saving what it holds (a router
added meanwhile would be lost).
"""

from __future__ import annotations

import argparse
import asyncio
from http import HTTPStatus
import sys
from typing import Any

import aiohttp

from tests.smoke.common import HASS_START, REQUEST, Report, SmokeError, poll, write
from tests.smoke.hass_api import HassClient
from tests.smoke.steps import onboard


async def _onboard(url: str, user: tuple[str, str, str]) -> None:
    async with aiohttp.ClientSession() as session:
        hass = HassClient(session, url)

        async def steps() -> list[dict[str, Any]] | None:
            try:
                async with session.get(
                    url + "/api/onboarding",
                    timeout=aiohttp.ClientTimeout(total=REQUEST),
                ) as response:
                    # Home Assistant serves only once onboarding is set up; once
                    # onboarded, it no longer has the view.
                    if response.status == HTTPStatus.NOT_FOUND:
                        return []
                    if response.status != HTTPStatus.OK:
                        return None
                    answer: list[dict[str, Any]] = await response.json()
            except (aiohttp.ClientError, TimeoutError):
                return None
            return answer

        undone = [
            step
            for step in await poll("Home Assistant start", HASS_START, steps)
            if not step["done"]
        ]
        if any(step["step"] == "user" for step in undone):
            await onboard(hass, Report(), user)
        else:
            await _sign_in(hass, user[1], user[2])

        async def running() -> bool | None:
            config = await hass.request("GET", "/api/config")
            return True if config["state"] == "RUNNING" else None

        await poll("Home Assistant started", HASS_START, running)


async def _sign_in(hass: HassClient, username: str, password: str) -> None:
    """Sign in as the demo's user, through the login flow the sign-in page uses."""
    client_id = hass.url + "/"
    flow = await hass.request(
        "POST",
        "/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id + "?auth_callback=1",
        },
    )
    result = await hass.request(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        json={"client_id": client_id, "username": username, "password": password},
    )
    if result.get("type") != "create_entry":
        raise SmokeError(f"sign-in as {username}: {result.get('errors')}")
    tokens = await hass.request(
        "POST",
        "/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": result["result"],
            "client_id": client_id,
        },
    )
    hass.token = tokens["access_token"]


def main() -> None:
    """Entry point: the URL, then the user's name, username and password."""
    parser = argparse.ArgumentParser(prog="python -m tests.smoke.onboard")
    parser.add_argument("url")
    parser.add_argument("name")
    parser.add_argument("username")
    parser.add_argument("password")
    args = parser.parse_args()
    try:
        asyncio.run(_onboard(args.url, (args.name, args.username, args.password)))
    except SmokeError as err:
        write(f"Onboarding failed: {err}")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
