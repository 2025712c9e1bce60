"""The example dashboard names entities the integration creates."""

from __future__ import annotations

import re

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from tests.repository import ROOT

ENTITY_ID = re.compile(
    r"\b(?:sensor|binary_sensor|switch|select|button|device_tracker)\.[a-z0-9_]+"
)


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize("profile", ["max"])
async def test_dashboard_entities_exist(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    """Every entity ID of the dashboard, for the profile it was written for."""
    dashboard = (ROOT / "dashboards" / "peplink.yaml").read_text(encoding="utf-8")
    entity_ids = set(ENTITY_ID.findall(dashboard))
    assert len(entity_ids) > 30
    missing = {
        entity_id
        for entity_id in entity_ids
        if entity_registry.async_get(entity_id) is None
    }
    assert not missing
