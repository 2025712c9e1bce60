"""Run a simulated router: python -m simulator --profile balance --port 8080."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .profiles import PROFILES
from .server import RouterSimulator


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description="Simulated Peplink router"
    )
    parser.add_argument("--profile", choices=PROFILES, default="balance")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--https", action="store_true", help="self-signed TLS")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--client-id", default="client-id")
    parser.add_argument("--client-secret", default="client-secret")
    parser.add_argument(
        "--scope", choices=("api", "api.read-only"), default="api", help="client scope"
    )
    return parser.parse_args()


async def _run(args: argparse.Namespace) -> None:
    sim = RouterSimulator(
        profile=args.profile,
        username=args.username,
        password=args.password,
        api_clients={args.client_id: (args.client_secret, args.scope)},
    )
    await sim.start(host=args.host, port=args.port, https=args.https)
    banner = (
        f"Peplink simulator ({args.profile}) listening on {sim.url}\n"
        f"  admin login:  {args.username} / {args.password}\n"
        f"  API client:   {args.client_id} / {args.client_secret} ({args.scope})\n"
        "Press Ctrl-C to stop."
    )
    # A command-line tool: its output is for the person who started it.
    print(banner, flush=True)  # noqa: T201
    try:
        await asyncio.Event().wait()
    finally:
        await sim.stop()


def main() -> None:
    """Entry point."""
    args = _parse()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(args))


if __name__ == "__main__":
    main()
