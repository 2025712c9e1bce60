"""The processes the smoke test starts, and how they are stopped whatever happens."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
from dataclasses import dataclass
import os
from pathlib import Path
import signal
import socket

from tests.smoke.common import Report

PR_SET_PDEATHSIG = 1


@dataclass
class Started:
    """A process the smoke test started."""

    label: str
    proc: asyncio.subprocess.Process
    # What to show when it ends before its time.
    log: Path
    # How long it may take to stop before it is killed.
    grace: float

    def exited(self) -> str | None:
        """Why it is no longer running, if it is not."""
        if self.proc.returncode is None:
            return None
        return (
            f"{self.label} exited with status {self.proc.returncode}:\n{tail(self.log)}"
        )


def free_port() -> int:
    """A port of 127.0.0.1 free now (Home Assistant takes no port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# Looked up before any fork: a child only calls it.
_PRCTL = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)


def _die_with_parent() -> None:
    """In a child: be killed if the smoke test itself is killed without cleaning up."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


async def start_process(
    argv: list[str], output: Path, *, cwd: Path, env: dict[str, str] | None = None
) -> asyncio.subprocess.Process:
    """Start a process in a session of its own, its output going to ``output``.

    Its own session: Ctrl-C reaches only the smoke test, which stops the
    processes in order and waits for them.
    """
    with output.open("wb") as out:
        return await asyncio.create_subprocess_exec(
            *argv,
            cwd=cwd,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


async def stop_process(report: Report, started: Started) -> None:
    """Stop a process and its group: SIGTERM, then SIGKILL after its grace time."""
    proc = started.proc
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), started.grace)
        except TimeoutError:
            report.notes.append(
                f"{started.label} did not stop within {started.grace:.0f} s: killed"
            )
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
    # Anything the process left behind in its group goes too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def tail(path: Path, lines: int = 25) -> str:
    """The last lines of a file, for a failure message."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"  ({path.name}: nothing written)"
    return "\n".join(f"  | {line}" for line in text[-lines:])
