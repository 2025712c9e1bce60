"""Sensors: what each profile shows, as the integration decides it.

Their values, how they change between polls, and their availability are tested in
test_sensor_*.py, with every platform.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import PROFILES
from tests.integration.platform_snapshot import async_snapshot_platform


@pytest.fixture
def platforms() -> list[Platform]:
    """The sensor platform only."""
    return [Platform.SENSOR]


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every sensor of every profile, those disabled by default included."""
    await async_snapshot_platform(hass, snapshot, init_integration)
