"""Setting Home Assistant up as a user would: onboarding, config and options flows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.smoke.common import (
    DOMAIN,
    ENTRY_LOADED,
    PROFILE,
    SIM_PASSWORD,
    SIM_USERNAME,
    TRACKER_STATES,
    TRACKERS_UP,
    Report,
    SmokeError,
    poll,
)
from tests.smoke.hass_api import HassClient


def _expect_step(result: dict[str, Any], kind: str, step_id: str | None = None) -> None:
    """Fail unless a flow answered a step of this kind (and id)."""
    if result.get("type") != kind or (
        step_id is not None and result.get("step_id") != step_id
    ):
        raise SmokeError(
            f"flow: expected {kind} {step_id or ''}, got {result.get('type')} "
            f"{result.get('step_id') or result.get('reason') or ''} "
            f"(errors: {result.get('errors')})"
        )


def _schema_defaults(result: dict[str, Any]) -> dict[str, Any]:
    """The defaults of a form's fields, as the frontend would prefill them."""
    return {
        item["name"]: item["default"]
        for item in result.get("data_schema", [])
        if "default" in item
    }


async def onboard(
    hass: HassClient,
    report: Report,
    user: tuple[str, str, str] = ("Smoke Test", "smoke", "smoke-test-password"),
) -> None:
    """Every onboarding step, as the frontend takes them; `user` is (name, username, password).

    The location, the units and the analytics stay as configured: only the
    browser's onboarding sets them (after its own language and time zone).
    """
    client_id = hass.url + "/"
    name, username, password = user
    created = await hass.request(
        "POST",
        "/api/onboarding/users",
        json={
            "client_id": client_id,
            "name": name,
            "username": username,
            "password": password,
            "language": "en",
        },
    )
    tokens = await hass.request(
        "POST",
        "/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": created["auth_code"],
            "client_id": client_id,
        },
    )
    hass.token = tokens["access_token"]
    await hass.request("POST", "/api/onboarding/core_config", json={})
    await hass.request("POST", "/api/onboarding/analytics", json={})
    await hass.request(
        "POST",
        "/api/onboarding/integration",
        json={"client_id": client_id, "redirect_uri": client_id + "?auth_callback=1"},
    )
    steps = await hass.request("GET", "/api/onboarding")
    undone = [step["step"] for step in steps if not step["done"]]
    if undone:
        raise SmokeError(f"onboarding: steps left undone: {undone}")
    report.say("Onboarded: user, core config, analytics, integration")


async def find_entry(hass: HassClient, entry_id: str) -> dict[str, Any] | None:
    """The config entry as the config panel lists it."""
    entries = await hass.request(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}"
    )
    return next((e for e in entries if e["entry_id"] == entry_id), None)


async def wait_loaded(
    hass: HassClient, entry_id: str, alive: Callable[[], None]
) -> dict[str, Any]:
    """Wait for the entry to be loaded; fail early on a state it stays in."""
    last: dict[str, Any] = {}

    async def loaded() -> dict[str, Any] | None:
        entry = await find_entry(hass, entry_id)
        if entry is None:
            raise SmokeError("the config entry is gone")
        last.update(entry)
        if entry["state"] in ("setup_error", "migration_error", "failed_unload"):
            raise SmokeError(
                f"config entry {entry['state']}: {entry.get('reason') or 'no reason given'}"
            )
        return entry if entry["state"] == "loaded" else None

    try:
        return await poll("config entry loaded", ENTRY_LOADED, loaded, alive)
    except SmokeError as err:
        if last.get("state") == "setup_retry":
            raise SmokeError(f"{err} (setup_retry: {last.get('reason')})") from err
        raise


async def add_router(
    hass: HassClient, report: Report, sim_port: int, alive: Callable[[], None]
) -> dict[str, Any]:
    """Add the simulated router through the config flow, as a user would."""
    flow = await hass.request(
        "POST",
        "/api/config/config_entries/flow",
        json={"handler": DOMAIN, "show_advanced_options": False},
    )
    _expect_step(flow, "form", "user")
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    result = await hass.request(
        "POST",
        path,
        json={"host": "127.0.0.1", "port": sim_port, "ssl": False, "verify_ssl": False},
    )
    _expect_step(result, "menu", "auth_method")
    result = await hass.request("POST", path, json={"next_step_id": "admin"})
    _expect_step(result, "form", "admin")
    result = await hass.request(
        "POST", path, json={"username": SIM_USERNAME, "password": SIM_PASSWORD}
    )
    _expect_step(result, "create_entry")
    entry_id: str = result["result"]["entry_id"]
    report.say(f"Config flow created the entry {result['title']!r}")
    return await wait_loaded(hass, entry_id, alive)


async def track_all_clients(hass: HassClient, report: Report, entry_id: str) -> None:
    """Set the options through the options flow: track all clients."""
    form = await hass.request(
        "POST", "/api/config/config_entries/options/flow", json={"handler": entry_id}
    )
    _expect_step(form, "form", "init")
    options = _schema_defaults(form)
    default = options.get("track_clients")
    options["track_clients"] = "all"
    result = await hass.request(
        "POST",
        f"/api/config/config_entries/options/flow/{form['flow_id']}",
        json=options,
    )
    _expect_step(result, "create_entry")
    report.say(f"Options set: track clients all (the default is {default!r})")


def is_client_tracker(entity: dict[str, Any]) -> bool:
    """A client's tracker, not the router's GPS tracker."""
    return entity["entity_id"].startswith("device_tracker.") and "_client_" in (
        entity.get("unique_id") or ""
    )


async def entry_entities(hass: HassClient, entry_id: str) -> list[dict[str, Any]]:
    """The entity registry's entries of the config entry."""
    entities = await hass.command("config/entity_registry/list")
    return [e for e in entities if e.get("config_entry_id") == entry_id]


async def enable_trackers(
    hass: HassClient, report: Report, entry_id: str, alive: Callable[[], None]
) -> list[str]:
    """Enable the client trackers (off by default) and wait for their states."""
    trackers = [e for e in await entry_entities(hass, entry_id) if is_client_tracker(e)]
    if not trackers:
        raise SmokeError(
            f"no client trackers in the entity registry (profile {PROFILE} has clients)"
        )
    delayed = False
    for tracker in trackers:
        if tracker["disabled_by"] is None:
            continue
        result = await hass.command(
            "config/entity_registry/update",
            entity_id=tracker["entity_id"],
            disabled_by=None,
        )
        delayed = delayed or "reload_delay" in result
    entity_ids = [tracker["entity_id"] for tracker in trackers]
    if delayed:
        # Home Assistant reloads the entry itself once enabling stops; a reload
        # of ours would race with that one.
        report.say(
            f"Enabled {len(trackers)} client trackers; waiting for Home Assistant's reload"
        )
    else:
        await hass.request(
            "POST", f"/api/config/config_entries/entry/{entry_id}/reload"
        )
        report.say(f"Enabled {len(trackers)} client trackers; reloaded the entry")

    async def all_up() -> bool | None:
        # Until the entry reloads, Home Assistant shows enabled entities as
        # unavailable.
        states = await hass.request("GET", "/api/states")
        tracked = {s["entity_id"]: s["state"] for s in states}
        up = all(tracked.get(e) in TRACKER_STATES for e in entity_ids)
        return True if up else None

    await poll("states of the enabled client trackers", TRACKERS_UP, all_up, alive)
    await wait_loaded(hass, entry_id, alive)
    report.say("Client trackers have states")
    return entity_ids
