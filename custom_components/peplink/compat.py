"""What differs between the Home Assistant releases the integration supports."""

from __future__ import annotations

try:
    # Newer releases (2026.10 has it, 2025.4 not) type repair flow steps apart.
    from homeassistant.components.repairs import RepairsFlowResult  # type: ignore[attr-defined, unused-ignore]
except ImportError:
    from homeassistant.data_entry_flow import FlowResult as RepairsFlowResult  # type: ignore[assignment, unused-ignore]

__all__ = ["RepairsFlowResult"]
