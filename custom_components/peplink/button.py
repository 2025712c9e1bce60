"""Buttons: reboot the router, reset or rescan a cellular modem, new billing cycle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PeplinkClient
from .coordinator import PeplinkConfigEntry
from .endpoints import RouterIdentity
from .entity import (
    PeplinkAllowanceEntity,
    PeplinkEntity,
    PeplinkWanStatusEntity,
    async_add_allowance_entities,
    async_add_wan_entities,
)
from .errors import command_errors

# Commands go one at a time.
PARALLEL_UPDATES = 1

REBOOT = ButtonEntityDescription(
    key="reboot",
    device_class=ButtonDeviceClass.RESTART,
    entity_category=EntityCategory.CONFIG,
)


@dataclass(frozen=True, kw_only=True)
class PeplinkWanButtonDescription(ButtonEntityDescription):
    """A command for one WAN."""

    press_fn: Callable[[PeplinkClient, int], Awaitable[None]]


CELLULAR_BUTTONS: tuple[PeplinkWanButtonDescription, ...] = (
    PeplinkWanButtonDescription(
        key="reset_cellular_module",
        translation_key="reset_cellular_module",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client, wan_id: client.reset_cellular_module(wan_id),
    ),
    PeplinkWanButtonDescription(
        key="rescan_cellular_network",
        translation_key="rescan_cellular_network",
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client, wan_id: client.rescan_cellular_network(wan_id),
    ),
)


@dataclass(frozen=True, kw_only=True)
class PeplinkAllowanceButtonDescription(ButtonEntityDescription):
    """A command for a WAN's allowance, or one SIM's."""

    press_fn: Callable[[PeplinkClient, int, int | None], Awaitable[None]]


ALLOWANCE_BUTTONS: tuple[PeplinkAllowanceButtonDescription, ...] = (
    PeplinkAllowanceButtonDescription(
        key="new_billing_cycle",
        translation_key="new_billing_cycle",
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client, wan_id, sim_id: client.start_new_billing_cycle(
            wan_id, sim_id
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PeplinkConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the buttons, unless the sign-in may only read."""
    runtime = entry.runtime_data
    if runtime.client.read_only:
        return
    async_add_entities([PeplinkRebootButton(runtime.identity, REBOOT)])
    async_add_wan_entities(
        entry,
        async_add_entities,
        lambda wan: [
            PeplinkWanButton(runtime.wan, description, wan.wan_id)
            for description in CELLULAR_BUTTONS
            if wan.cellular is not None
        ],
    )
    async_add_allowance_entities(
        entry,
        async_add_entities,
        lambda allowances, key: [
            PeplinkAllowanceButton(allowances, description, *key)
            for description in ALLOWANCE_BUTTONS
        ],
    )


class PeplinkRebootButton(PeplinkEntity[RouterIdentity], ButtonEntity):
    """Reboot the router; its entities are unavailable until it answers again."""

    async def async_press(self) -> None:
        """Reboot, and stop showing the router's last values as current.

        The restart was asked for: the router's silence until it answers again
        is no error.
        """
        async with command_errors():
            await self.client.reboot()
        self.coordinator.config_entry.runtime_data.async_restarting()


class PeplinkWanButton(PeplinkWanStatusEntity, ButtonEntity):
    """A command for a WAN's cellular modem; unavailable while the WAN is unlisted."""

    entity_description: PeplinkWanButtonDescription

    async def async_press(self) -> None:
        """Send the command, then show the WAN's state."""
        await self.async_send_command(
            self.entity_description.press_fn(self.client, self.wan_id)
        )


class PeplinkAllowanceButton(PeplinkAllowanceEntity, ButtonEntity):
    """A command for a WAN's (or a SIM's) allowance."""

    entity_description: PeplinkAllowanceButtonDescription

    async def async_press(self) -> None:
        """Send the command, then show the router's new figures."""
        await self.async_send_command(
            self.entity_description.press_fn(self.client, self.wan_id, self.sim_id)
        )
