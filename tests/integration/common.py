"""Helpers shared by the integration's tests."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from tests.simulator import RouterSimulator


async def async_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: float,
    simulator: RouterSimulator | None = None,
) -> None:
    """Let `seconds` pass for Home Assistant (and the router, when given).

    Polls due in that time run, to the end of their background tasks.
    """
    if simulator is not None:
        simulator.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
