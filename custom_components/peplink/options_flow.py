"""Options of the Peplink integration: which clients to track, and the location."""

from __future__ import annotations

from typing import Any

from homeassistant.components.device_tracker.const import CONF_CONSIDER_HOME
from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .const import (
    CONF_TRACK_CLIENTS,
    CONF_TRACK_LOCATION,
    DEFAULT_CONSIDER_HOME,
    TrackClients,
)
from .coordinator import PeplinkConfigEntry
from .endpoints import LOCATION
from .flow_forms import SWITCH


class PeplinkOptionsFlow(OptionsFlow):
    """Which clients get a device tracker, how long they stay home, the location."""

    config_entry: PeplinkConfigEntry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and save the options; the integration reloads on change."""
        if user_input is not None:
            # The number selector answers a float; seconds are whole.
            user_input[CONF_CONSIDER_HOME] = int(user_input[CONF_CONSIDER_HOME])
            return self.async_create_entry(data=user_input)
        options = self.config_entry.options
        fields: dict[vol.Marker, Any] = {
            vol.Required(
                CONF_TRACK_CLIENTS,
                default=options.get(CONF_TRACK_CLIENTS, TrackClients.ALL.value),
            ): SelectSelector(
                SelectSelectorConfig(
                    options=[track.value for track in TrackClients],
                    translation_key=CONF_TRACK_CLIENTS,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            vol.Required(
                CONF_CONSIDER_HOME,
                default=options.get(
                    CONF_CONSIDER_HOME, int(DEFAULT_CONSIDER_HOME.total_seconds())
                ),
            ): NumberSelector(
                NumberSelectorConfig(
                    min=0,
                    max=3600,
                    step=1,
                    unit_of_measurement="s",
                    mode=NumberSelectorMode.BOX,
                )
            ),
        }
        if self._may_have_gps():
            fields[
                vol.Required(
                    CONF_TRACK_LOCATION, default=options.get(CONF_TRACK_LOCATION, True)
                )
            ] = SWITCH
        return self.async_show_form(step_id="init", data_schema=vol.Schema(fields))

    def _may_have_gps(self) -> bool:
        """Whether to offer location tracking.

        Only a loaded entry knows its router; with location tracking off the
        integration never asks, so the switch stays to turn it back on.
        """
        entry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            return True
        if entry.options.get(CONF_TRACK_LOCATION) is False:
            return True
        return entry.runtime_data.coordinator(LOCATION) is not None
