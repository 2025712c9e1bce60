"""The options flow: which clients to track, for how long, and the router's position."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.peplink.const import CONF_TRACK_CLIENTS, CONF_TRACK_LOCATION
from simulator import RouterSimulator
from tests.integration.common import added_entry
from tests.integration.flows import schema_defaults


async def test_options_defaults_and_save(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = added_entry(hass, simulator)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    # Not loaded: whether the router has GPS is unknown, so location is offered.
    assert schema_defaults(result) == {
        CONF_TRACK_CLIENTS: "all",
        "consider_home": 180,
        CONF_TRACK_LOCATION: True,
    }

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_TRACK_CLIENTS: "wireless",
            "consider_home": 300.0,
            CONF_TRACK_LOCATION: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_TRACK_CLIENTS: "wireless",
        "consider_home": 300,
        CONF_TRACK_LOCATION: False,
    }

    # The form then shows the saved values.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert schema_defaults(result) == {
        CONF_TRACK_CLIENTS: "wireless",
        "consider_home": 300,
        CONF_TRACK_LOCATION: False,
    }


async def test_options_refuse_out_of_range(
    hass: HomeAssistant, simulator: RouterSimulator
) -> None:
    entry = added_entry(hass, simulator)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TRACK_CLIENTS: "all", "consider_home": 3601}
        )
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TRACK_CLIENTS: "some", "consider_home": 60}
        )


@pytest.mark.parametrize(
    ("profile", "options", "saved"),
    [
        ("balance", {}, {}),
        ("max", {}, {CONF_TRACK_LOCATION: True}),
        # Tracking off means the router's location was never asked for.
        ("max", {CONF_TRACK_LOCATION: False}, {CONF_TRACK_LOCATION: False}),
    ],
    ids=["no_gps", "gps", "tracking_off"],
)
@pytest.mark.parametrize("platforms", [[]])
async def test_options_location_only_with_gps(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    saved: dict[str, Any],
) -> None:
    """A loaded entry offers the location where its router has GPS."""
    entry = init_integration
    assert entry.state is ConfigEntryState.LOADED

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert (CONF_TRACK_LOCATION in schema_defaults(result)) is bool(saved)

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TRACK_CLIENTS: "none", "consider_home": 0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_TRACK_CLIENTS: "none",
        "consider_home": 0,
        **saved,
    }
    await hass.async_block_till_done()
