"""Binary sensors: WAN and SpeedFusion connectivity, as the integration decides it.

Their states, and how they follow the router, are tested in
test_binary_sensor_states.py, with every platform.
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
    """The binary sensor platform only."""
    return [Platform.BINARY_SENSOR]


@pytest.mark.usefixtures("sim_clock")
@pytest.mark.parametrize("profile", PROFILES)
async def test_snapshot(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """Every binary sensor of every profile."""
    await async_snapshot_platform(hass, snapshot, init_integration)
