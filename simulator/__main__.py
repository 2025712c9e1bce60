"""Run a simulated router: python -m simulator --profile balance --port 8080."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
from pathlib import Path
import ssl

from .certificate import generate_certificate
from .demo import sms_now_and_then
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
    parser.add_argument(
        "--certificate",
        type=Path,
        help="with --https: a PEM file of the certificate and its key, made if "
        "missing, so that the router keeps its certificate across restarts",
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="the clock starts now and follows real time (counters grow, uptimes "
        "run); without it, it stands still at the profile's epoch",
    )
    parser.add_argument(
        "--sms-every",
        type=float,
        metavar="SECONDS",
        help="an SMS arrives on the first enabled cellular WAN at this interval "
        "(a single and a two-part message in turn)",
    )
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
        realtime=args.realtime,
    )
    certificate = None
    if args.https and args.certificate is not None:
        pem = _kept_certificate(args.certificate)
        certificate = (pem, pem)
    await sim.start(
        host=args.host, port=args.port, https=args.https, certificate=certificate
    )
    banner = (
        f"Peplink simulator ({args.profile}) listening on {sim.url}\n"
        f"  admin login:  {args.username} / {args.password}\n"
        f"  API client:   {args.client_id} / {args.client_secret} ({args.scope})\n"
    )
    if args.https:
        # As a client sees it: a bare handshake, which blocks, off the loop.
        presented = await asyncio.to_thread(
            ssl.get_server_certificate, (sim.host, sim.port)
        )
        banner += f"  certificate:  SHA-256 {_fingerprint(presented)}\n"
    banner += "Press Ctrl-C to stop."
    # A command-line tool: its output is for the person who started it.
    print(banner, flush=True)  # noqa: T201
    sms = (
        asyncio.create_task(sms_now_and_then(sim.state, args.sms_every))
        if args.sms_every
        else None
    )
    try:
        await asyncio.Event().wait()
    finally:
        if sms is not None:
            sms.cancel()
        await sim.stop()


def _kept_certificate(path: Path) -> bytes:
    """The certificate and key in `path`, made there on first use."""
    if path.is_file():
        return path.read_bytes()
    cert_pem, key_pem = generate_certificate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(cert_pem + key_pem)
    return cert_pem + key_pem


def _fingerprint(pem: str) -> str:
    """A certificate's SHA-256 fingerprint as the config flow shows it: AB:CD:…."""
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).digest().hex(":").upper()


def main() -> None:
    """Entry point."""
    args = _parse()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(args))


if __name__ == "__main__":
    main()
