"""The one table scripts/bench prints, from the figures the measurements stored."""

from __future__ import annotations

import os
import platform
from typing import Any

from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED

from benchmark.measure import BUDGET_SECONDS, NAIVE_INTERVAL, NAIVE_SECONDS


def render(results: dict[str, Any]) -> str:
    """The one table scripts/bench prints."""
    out: list[str] = []
    add = out.append
    add(
        f"Peplink integration benchmark  (Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; simulator in-process over "
        "HTTP on 127.0.0.1; asyncio debug off; all entities enabled, "
        "client trackers included)"
    )
    add(
        f"naive = a fresh client (login) every {NAIVE_INTERVAL} s, each endpoint "
        "awaited in turn; for entity updates, always_update=True and "
        "entities that write on every update (plain CoordinatorEntity)"
    )
    if budget := results.get("budget"):
        add("")
        add(
            f"1. Requests per minute at default settings ({BUDGET_SECONDS // 60} "
            f"simulated min ours, {NAIVE_SECONDS // 60} naive)"
        )
        add(f"   {'profile / endpoint':<38}{'ours':>8}{'naive':>8}")
        for profile, figures in budget.items():
            names = sorted(set(figures["ours"]) | set(figures["naive"]))
            for name in names:
                add(
                    f"   {profile + ' ' + name:<38}"
                    f"{figures['ours'].get(name, 0):>8.2f}"
                    f"{figures['naive'].get(name, 0):>8.2f}"
                )
            ours = sum(figures["ours"].values())
            naive = sum(figures["naive"].values())
            add(
                f"   {profile + ' TOTAL':<38}{ours:>8.2f}{naive:>8.2f}"
                f"   ratio {naive / ours:.1f}x  target ours <= 20: "
                f"{'OK' if ours <= 20 else 'FAIL'}"
            )
            add(
                f"   {profile + ' logins per hour':<38}"
                f"{figures['ours_logins_per_hour']:>8.1f}"
                f"{figures['naive_logins_per_hour']:>8.1f}"
                f"   target ours 0: "
                f"{'OK' if figures['ours_logins_per_hour'] == 0 else 'FAIL'}"
            )
        add("")
        add("2. Adding the entry until all entities are loaded (latency 0)")
        for profile, figures in budget.items():
            add(
                f"   {profile:<12}{figures['setup_seconds'] * 1000:>8.0f} ms"
                f"   {figures['entities']} entities"
            )
    if latency := results.get("latency"):
        add("")
        add(
            f"3. Wall time of one full refresh, profile {latency['profile']} "
            f"({latency['requests']} coordinators), median"
        )
        add(
            f"   {'added latency':<16}{'slowest alone':>14}{'ours all':>10}"
            f"{'ratio':>8}{'naive poll':>12}{'naive/ours':>12}"
        )
        for row in latency["rows"]:
            ratio = row["together"] / row["slowest"]
            add(
                f"   {row['latency'] * 1000:>6.0f} ms{'':<7}"
                f"{row['slowest'] * 1000:>11.1f} ms{row['together'] * 1000:>7.1f} ms"
                f"{ratio:>7.2f}x{row['naive'] * 1000:>9.1f} ms"
                f"{row['naive'] / row['together']:>11.1f}x"
                + (
                    f"   target <= 1.2x: {'OK' if ratio <= 1.2 else 'FAIL'}"
                    if row["latency"]
                    else "   (no latency: loopback noise)"
                )
            )
        add(
            f"   CPU of a whole refresh incl. in-process simulator and HTTP: "
            f"ours {latency['cpu_ours'] * 1000:.1f} ms, "
            f"naive {latency['cpu_naive'] * 1000:.1f} ms"
        )
    if cpu := results.get("cpu"):
        add("")
        add(
            "4. Event-loop CPU per refresh: parse of canned JSON + coordinator "
            "update + entity writes, every polled coordinator, thread_time, median"
        )
        add(
            f"   {'clients':>8}{'WANs':>6}{'entities':>10}{'changed':>11}"
            f"{'unchanged':>11}{'naive unch.':>13}{'us/entity':>11}"
        )
        for (clients, wans), row in sorted(cpu.items()):
            add(
                f"   {clients:>8}{wans:>6}{row['entities']:>10}"
                f"{row['changed'] * 1000:>8.2f} ms{row['unchanged'] * 1000:>8.2f} ms"
                f"{row['naive_unchanged'] * 1000:>10.2f} ms"
                f"{row['changed'] * 1e6 / row['entities']:>11.1f}"
            )
        worst = cpu.get((1000, 16))
        if worst:
            add(
                f"   target < 10 ms at 1000 clients and 16 WANs (changed): "
                f"{worst['changed'] * 1000:.2f} ms "
                f"{'OK' if worst['changed'] < 0.010 else 'FAIL'}"
            )
    if writes := results.get("writes"):
        add("")
        add(
            f"5. State writes, profile balance ({writes['entities']} entities): "
            "state_changed / state_reported events"
        )
        for label, ours, naive in (
            ("one refresh, nothing changed", "nothing", "naive_nothing"),
            ("one refresh, one temperature changed", "one", "naive_one"),
            ("ten minutes of steady polling", "steady", "naive_steady"),
        ):
            add(
                f"   {label:<40}ours {writes[ours][EVENT_STATE_CHANGED]:>4} / "
                f"{writes[ours][EVENT_STATE_REPORTED]:<5}naive "
                f"{writes[naive][EVENT_STATE_CHANGED]:>4} / "
                f"{writes[naive][EVENT_STATE_REPORTED]}"
            )
    if memory := results.get("memory"):
        add("")
        add("6. Memory (tracemalloc, allocated during setup and still held)")
        add(
            f"   one entry, 1000 clients, 8 WANs ({memory['entities']} entities): "
            f"{memory['bytes'] / 2**20:.1f} MiB"
        )
    if ten := results.get("ten"):
        add(
            f"   ten routers, 100 clients each ({ten['entities']} entities): "
            f"{ten['memory_total'] / 2**20:.1f} MiB in all, first "
            f"{ten['memory_first'] / 2**20:.1f} MiB, each further "
            f"{ten['memory_marginal'] / 2**20:.1f} MiB"
        )
        add(
            f"   ten routers: setup {ten['setup_total'] * 1000:.0f} ms in all, "
            f"{ten['requests_per_minute']:.1f} requests a minute in all, "
            f"{ten['logins']} logins in 10 min"
        )
    return "\n".join(out)
