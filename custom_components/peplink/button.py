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
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import UpdateFailed

from .api import PeplinkClient, Wan
from .const import DOMAIN
from .coordinator import (
    Allowances,
    PeplinkConfigEntry,
    PeplinkCoordinator,
    RouterIdentity,
    WanCoordinator,
)
from .entity import (
    PeplinkAllowanceEntity,
    PeplinkEntity,
    PeplinkWanStatusEntity,
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

NEW_BILLING_CYCLE = ButtonEntityDescription(
    key="new_billing_cycle",
    translation_key="new_billing_cycle",
    entity_category=EntityCategory.CONFIG,
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
    async_add_entities([PeplinkRebootButton(runtime.identity)])

    def wan_buttons(wan: Wan) -> list[Entity]:
        buttons: list[Entity] = []
        if wan.cellular is not None:
            buttons.extend(
                PeplinkWanButton(runtime.wan, wan, description)
                for description in CELLULAR_BUTTONS
            )
        if runtime.allowances is not None:
            buttons.extend(
                PeplinkBillingCycleButton(runtime.allowances, wan, sim_id)
                for (wan_id, sim_id) in runtime.allowances.data
                if wan_id == wan.wan_id
            )
        return buttons

    async_add_wan_entities(entry, async_add_entities, wan_buttons)


class PeplinkRebootButton(
    PeplinkEntity[PeplinkCoordinator[RouterIdentity]], ButtonEntity
):
    """Reboot the router; its entities are unavailable until it answers again."""

    entity_description = REBOOT

    def __init__(self, coordinator: PeplinkCoordinator[RouterIdentity]) -> None:
        """Describe the reboot button."""
        super().__init__(coordinator, REBOOT.key)

    async def async_press(self) -> None:
        """Reboot, and stop showing the router's last values as current."""
        runtime = self.coordinator.config_entry.runtime_data
        async with command_errors():
            await runtime.client.reboot()
        rebooting = UpdateFailed(translation_domain=DOMAIN, translation_key="rebooting")
        # The identity does not change with a reboot; the rest recovers on the
        # first poll the router answers.
        for coordinator in runtime.coordinators:
            if coordinator is not self.coordinator:
                coordinator.async_set_update_error(rebooting)


class PeplinkWanButton(PeplinkWanStatusEntity, ButtonEntity):
    """A command for a WAN's cellular modem; unavailable while the WAN is unlisted."""

    entity_description: PeplinkWanButtonDescription

    def __init__(
        self,
        coordinator: WanCoordinator,
        wan: Wan,
        description: PeplinkWanButtonDescription,
    ) -> None:
        """Describe one command of one WAN."""
        super().__init__(coordinator, wan, description.key)
        self.entity_description = description

    async def async_press(self) -> None:
        """Send the command, then show the WAN's state."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(
            lambda: self.entity_description.press_fn(client, self.wan_id)
        )


class PeplinkBillingCycleButton(PeplinkAllowanceEntity, ButtonEntity):
    """Start a new billing cycle of a WAN's (or a SIM's) allowance."""

    def __init__(
        self,
        coordinator: PeplinkCoordinator[Allowances],
        wan: Wan,
        sim_id: int | None,
    ) -> None:
        """Describe the button; per SIM where the WAN has SIMs."""
        key = (
            NEW_BILLING_CYCLE.key
            if sim_id is None
            else f"new_billing_cycle_sim{sim_id}"
        )
        super().__init__(coordinator, wan, sim_id, key)
        self.entity_description = NEW_BILLING_CYCLE
        if sim_id is not None:
            self._attr_translation_key = "new_billing_cycle_sim"
            self._attr_translation_placeholders = {"sim": str(sim_id)}

    async def async_press(self) -> None:
        """Reset the usage, then show the router's new figures."""
        client = self.coordinator.config_entry.runtime_data.client
        await self.async_write(
            lambda: client.start_new_billing_cycle(self.wan_id, self.sim_id)
        )
