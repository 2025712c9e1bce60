"""Smoke test: the integration in a real Home Assistant, against the router simulator.

Run by scripts/smoke, with the Python and the Home Assistant of the hass lane;
pytest does not collect it. It starts the simulator (profile max, which has LAN
clients) and Home Assistant on free ports of 127.0.0.1, onboards through the
REST API, adds the router through the config flow, sets the options, enables
the client trackers, checks what Home Assistant made of it all, and reads
Home Assistant's log for anything about the integration. Whatever happens,
Ctrl-C included, it stops what it started and removes its temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
import re
import shutil
import signal
import sys
import tempfile
import time

import aiohttp

from tests.smoke.checks import check_log, check_setup
from tests.smoke.common import (
    DOMAIN,
    HASS_START,
    HASS_STOP,
    PROFILE,
    PROJECT,
    SIM_PASSWORD,
    SIM_USERNAME,
    SIMULATOR_START,
    SIMULATOR_STOP,
    Report,
    SmokeError,
    poll,
    write,
)
from tests.smoke.hass_api import HassClient
from tests.smoke.processes import Started, free_port, start_process, stop_process
from tests.smoke.steps import (
    add_router,
    enable_trackers,
    onboard,
    track_all_clients,
    wait_loaded,
)

CONFIGURATION = """\
# Written by the peplink smoke test: what onboarding and the REST and websocket
# APIs need, and no more, so that the log is about the integration.
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
logger:
  default: warning
"""


async def _run(
    args: argparse.Namespace,
    report: Report,
    workdir: Path,
    procs: dict[str, Started],
) -> None:
    """Start the simulator and Home Assistant, set everything up, check it."""
    config = workdir / "config"
    (config / "custom_components").mkdir(parents=True)
    # A copy: Home Assistant writes bytecode beside the code it loads.
    shutil.copytree(
        args.integration,
        config / "custom_components" / DOMAIN,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    hass_port = free_port()
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=hass_port))

    sim_out = workdir / "simulator.out"
    sim = await start_process(
        [
            sys.executable,
            "-m",
            "simulator",
            "--profile",
            PROFILE,
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--username",
            SIM_USERNAME,
            "--password",
            SIM_PASSWORD,
        ],
        sim_out,
        cwd=PROJECT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    procs["simulator"] = Started("the simulator", sim, sim_out, SIMULATOR_STOP)
    # Its output: the records of its log, and whatever it said before logging.
    hass_out = workdir / "hass.out"
    hass_proc = await start_process(
        [
            str(Path(sys.executable).parent / "hass"),
            "--config",
            str(config),
            "--skip-pip",
        ],
        hass_out,
        cwd=workdir,
    )
    procs["hass"] = Started("Home Assistant", hass_proc, hass_out, HASS_STOP)

    def alive() -> None:
        for started in procs.values():
            if why := started.exited():
                raise SmokeError(why)

    async def simulator_url() -> str | None:
        match = re.search(r"listening on (http://\S+)", sim_out.read_text())
        return match[1] if match else None

    sim_url = await poll("simulator start", SIMULATOR_START, simulator_url, alive)
    sim_port = int(sim_url.rsplit(":", 1)[1].rstrip("/"))
    report.say(f"Simulator ({PROFILE}) on {sim_url}")

    async with aiohttp.ClientSession() as session:
        hass = HassClient(session, f"http://127.0.0.1:{hass_port}")

        async def answers() -> bool | None:
            try:
                await hass.request("GET", "/api/onboarding")
            except SmokeError:
                return None
            return True

        await poll("Home Assistant start", HASS_START, answers, alive)
        report.say(f"Home Assistant answers on {hass.url}")
        try:
            await onboard(hass, report)
            version = (await hass.request("GET", "/api/config"))["version"]
            report.notes.insert(0, f"Home Assistant {version}")
            await hass.connect_websocket()
            entry = await add_router(hass, report, sim_port, alive)
            report.check(True, f"config flow added {entry['title']!r}")
            await track_all_clients(hass, report, entry["entry_id"])
            await wait_loaded(hass, entry["entry_id"], alive)
            trackers = await enable_trackers(hass, report, entry["entry_id"], alive)
            await check_setup(hass, report, entry, trackers)
        finally:
            await hass.close()


async def _main(args: argparse.Namespace) -> int:
    report = Report()
    write(
        f"== Smoke test: {DOMAIN} on a real Home Assistant, simulator profile {PROFILE}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="ha-smoke-"))
    procs: dict[str, Started] = {}
    # Ctrl-C, SIGTERM and a closed terminal end the run cleanly, even where the
    # caller started it with SIGINT ignored (a background job); once only, so
    # that a second Ctrl-C does not cut the cleanup short.
    task = asyncio.current_task()
    assert task is not None

    def interrupt(signum: signal.Signals) -> None:
        if task.cancelling():
            report.say(f"{signum.name}: still stopping what was started")
        else:
            report.say(f"{signum.name}: stopping")
            task.cancel()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, interrupt, signum)
    try:
        try:
            await _run(args, report, workdir, procs)
        except SmokeError as err:
            # A process that died is the cause, not the refused connection
            # that followed: give it a moment to be reaped, and name it first.
            await asyncio.sleep(1)
            dead = [why for started in procs.values() if (why := started.exited())]
            report.failures.extend(dead if str(err) in dead else [*dead, str(err)])
        finally:
            # Home Assistant first: the simulator answers its last polls.
            for name in ("hass", "simulator"):
                if name in procs:
                    await stop_process(report, procs[name])
            if procs:
                report.say("Stopped Home Assistant and the simulator")
        # After the stop: Home Assistant writes its log from a queue.
        check_log(workdir / "config" / "home-assistant.log", report)
    finally:
        if args.keep:
            write(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    write("\n== Summary")
    for line in report.notes:
        write(f"note  {line}")
    for line in report.passed:
        write(f"ok    {line}")
    for line in report.failures:
        write(f"FAIL  {line}")
    took = time.monotonic() - report.started
    if report.failures:
        write(f"\nSmoke test FAILED: {len(report.failures)} failures, in {took:.0f} s")
        return 1
    write(f"\nSmoke test passed: {len(report.passed)} checks, in {took:.0f} s")
    return 0


def main() -> None:
    """Entry point: scripts/smoke [--keep] [--integration PATH]."""
    parser = argparse.ArgumentParser(
        prog="scripts/smoke",
        description="The integration on a real Home Assistant against the simulator.",
    )
    parser.add_argument(
        "--integration",
        type=Path,
        default=PROJECT / "custom_components" / DOMAIN,
        help="the integration to test (default: this project's)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder, to look at it"
    )
    args = parser.parse_args()
    if not (args.integration / "manifest.json").is_file():
        parser.error(f"no integration in {args.integration}")
    try:
        sys.exit(asyncio.run(_main(args)))
    except (KeyboardInterrupt, asyncio.CancelledError):
        write("Smoke test interrupted: stopped what it started")
        sys.exit(130)


if __name__ == "__main__":
    main()
