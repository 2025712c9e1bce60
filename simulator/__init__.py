"""A simulated Peplink router for tests, benchmarks and demos."""

from __future__ import annotations

from .faults import Fault
from .profiles import PROFILES
from .server import RouterSimulator, SimRequest

__all__ = ["PROFILES", "Fault", "RouterSimulator", "SimRequest"]
