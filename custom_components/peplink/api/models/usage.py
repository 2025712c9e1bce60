"""Traffic and bandwidth allowances, in kbit/s and MB."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import math
from typing import Any

from ..parsing import as_bool, as_dict, as_float, as_str, indexed_entries

_RATE_TO_KBPS = {"bps": 0.001, "kbps": 1.0, "mbps": 1000.0, "gbps": 1_000_000.0}
_SIZE_TO_MB = {"b": 1e-6, "kb": 0.001, "mb": 1.0, "gb": 1000.0, "tb": 1_000_000.0}


def _scaled(
    value: Any, unit: Any, scales: Mapping[str, float], default: str
) -> float | None:
    """Convert an amount in the section's unit; an unknown unit is not guessed.

    Amounts are never negative, and one too large to hold once converted is
    not an amount either.
    """
    number = as_float(value, minimum=0)
    factor = scales.get((as_str(unit) or default).lower())
    if number is None or factor is None:
        return None
    return _finite(number * factor)


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class WanTraffic:
    """Rates (kbit/s) and totals (MB) of one WAN."""

    download_rate: float | None
    upload_rate: float | None
    downloaded: float | None
    uploaded: float | None


@dataclass(frozen=True, slots=True)
class Traffic:
    """Traffic of the router and its WANs (``status.traffic``).

    Rates are in kbit/s and totals in MB, whatever unit the router reports.
    The router lists only the WANs that carry traffic.
    """

    wans: dict[int, WanTraffic]
    lifetime_downloaded: float | None
    lifetime_uploaded: float | None

    @property
    def download_rate(self) -> float | None:
        """Sum of the WANs' download rates; unknown where one of them is."""
        return _sum(wan.download_rate for wan in self.wans.values())

    @property
    def upload_rate(self) -> float | None:
        """Sum of the WANs' upload rates; unknown where one of them is."""
        return _sum(wan.upload_rate for wan in self.wans.values())

    @classmethod
    def from_api(cls, data: Any) -> Traffic:
        """Read the ``bandwidth``, ``traffic`` and ``lifetime`` sections."""
        body = as_dict(data)
        bandwidth = as_dict(body.get("bandwidth"))
        totals = as_dict(body.get("traffic"))
        lifetime = as_dict(body.get("lifetime"))
        rates = dict(indexed_entries(bandwidth))
        counters = dict(indexed_entries(totals))
        wans = {}
        for wan_id in [*rates, *(key for key in counters if key not in rates)]:
            rate = as_dict(rates.get(wan_id, {}).get("overall"))
            total = as_dict(counters.get(wan_id, {}).get("overall"))
            wans[wan_id] = WanTraffic(
                download_rate=_scaled(
                    rate.get("download"), bandwidth.get("unit"), _RATE_TO_KBPS, "kbps"
                ),
                upload_rate=_scaled(
                    rate.get("upload"), bandwidth.get("unit"), _RATE_TO_KBPS, "kbps"
                ),
                downloaded=_scaled(
                    total.get("download"), totals.get("unit"), _SIZE_TO_MB, "mb"
                ),
                uploaded=_scaled(
                    total.get("upload"), totals.get("unit"), _SIZE_TO_MB, "mb"
                ),
            )
        overall = as_dict(as_dict(lifetime.get("all")).get("overall"))
        return cls(
            wans=wans,
            lifetime_downloaded=_scaled(
                overall.get("download"), lifetime.get("unit"), _SIZE_TO_MB, "mb"
            ),
            lifetime_uploaded=_scaled(
                overall.get("upload"), lifetime.get("unit"), _SIZE_TO_MB, "mb"
            ),
        )


def _sum(values: Iterable[float | None]) -> float | None:
    """Sum the values; None when one of them is unknown (no WAN: 0)."""
    total = 0.0
    for value in values:
        if value is None:
            return None
        total += value
    return _finite(total)


@dataclass(frozen=True, slots=True)
class Allowance:
    """A bandwidth allowance monitor of a WAN, or of one SIM of a cellular WAN (MB)."""

    # Read by diagnostics only: enabled, limit, start; wan_id and sim_id repeat
    # the key, which diagnostics drop.

    wan_id: int
    sim_id: int | None
    enabled: bool | None
    usage: float | None
    limit: float | None
    percent: float | None
    start: str | None


def _allowance(wan_id: int, sim_id: int | None, data: Mapping[str, Any]) -> Allowance:
    unit = data.get("unit")
    return Allowance(
        wan_id=wan_id,
        sim_id=sim_id,
        enabled=as_bool(data.get("enable")),
        usage=_scaled(data.get("usage"), unit, _SIZE_TO_MB, "mb"),
        limit=_scaled(data.get("limit"), unit, _SIZE_TO_MB, "mb"),
        percent=as_float(data.get("percent"), minimum=0),
        start=as_str(data.get("start")),
    )


def parse_allowances(data: Any) -> dict[tuple[int, int | None], Allowance]:
    """Read ``status.wan.connection.allowance``, keyed by (WAN id, SIM id).

    Cellular WANs report one monitor per SIM; other WANs a flat object.
    """
    allowances: dict[tuple[int, int | None], Allowance] = {}
    for wan_id, wan in indexed_entries(data):
        if "usage" in wan or "enable" in wan:
            allowances[wan_id, None] = _allowance(wan_id, None, wan)
            continue
        for sim_id, sim in indexed_entries(wan):
            allowances[wan_id, sim_id] = _allowance(wan_id, sim_id, sim)
    return allowances
