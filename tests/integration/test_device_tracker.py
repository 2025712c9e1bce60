"""Device trackers: the LAN clients the options ask for, and the router's GPS.

The trackers' behaviour is tested in test_device_tracker_*.py, with every platform.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from tests.integration.platform_snapshot import async_snapshot_platform


@pytest.fixture
def platforms() -> list[Platform]:
    """The device tracker platform only."""
    return [Platform.DEVICE_TRACKER]


@pytest.mark.parametrize("profile", ["balance", "max"])
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every tracker of the Balance (clients) and MAX (clients and GPS) profiles."""
    await async_snapshot_platform(hass, snapshot, init_integration)
