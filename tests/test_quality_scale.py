"""quality_scale.yaml: every rule of the Integration Quality Scale, met or exempt.

The rules are those of Home Assistant core's hassfest
(`script/hassfest/quality_scale.py`, `ALL_RULES`); a rule hassfest adds must
be added here, and then to the file. Where a rule's status is a fact of the
repository (a file, a manifest key, a module's attribute), it is checked too.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from typing import Any

from homeassistant.config_entries import ConfigFlow
import pytest
import voluptuous as vol
import yaml

from tests.repository import INTEGRATION, MANIFEST, PACKAGE, ROOT

BRONZE = (
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow",
    "config-flow-test-coverage",
    "dependency-transparency",
    "docs-actions",
    "docs-conditions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-triggers",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
)
SILVER = (
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
)
GOLD = (
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
)
PLATINUM = ("async-dependency", "inject-websession", "strict-typing")
ALL_RULES = (*BRONZE, *SILVER, *GOLD, *PLATINUM)

# hassfest's schema: todo and done may carry a comment, exempt must.
RULE_SCHEMA = vol.Any(
    vol.In(["todo", "done"]),
    vol.Schema({vol.Required("status"): vol.In(["todo", "done"]), "comment": str}),
    vol.Schema({vol.Required("status"): "exempt", vol.Required("comment"): str}),
)
SCHEMA = vol.Schema({vol.Required("rules"): {vol.In(ALL_RULES): RULE_SCHEMA}})

QUALITY_SCALE: dict[str, Any] = yaml.safe_load(
    (INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8")
)
RULES: dict[str, Any] = QUALITY_SCALE["rules"]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLATFORMS = ("binary_sensor", "button", "device_tracker", "select", "sensor", "switch")


def status(rule: str) -> str:
    """The status the file gives a rule."""
    value = RULES[rule]
    return str(value["status"] if isinstance(value, dict) else value)


def test_rule_list_is_hassfests() -> None:
    """The copy of hassfest's list: 54 rules, none twice."""
    assert len(set(ALL_RULES)) == len(ALL_RULES) == 54


def test_file_is_valid_for_hassfest() -> None:
    SCHEMA(QUALITY_SCALE)


def test_every_rule_is_met_or_exempt_with_a_reason() -> None:
    """Every rule through platinum is listed, done or exempt, and says why."""
    assert set(RULES) == set(ALL_RULES)
    for rule in ALL_RULES:
        assert status(rule) in {"done", "exempt"}, rule
        assert isinstance(RULES[rule], dict), f"{rule} gives no reason"
        assert RULES[rule]["comment"].strip(), f"{rule} gives no reason"


def test_rules_in_tier_order() -> None:
    """Listed as hassfest lists them, so that a missing rule is easy to spot."""
    assert list(RULES) == list(ALL_RULES)


# What the file says that the repository shows.


def test_integration_owner() -> None:
    assert status("integration-owner") == "done"
    assert MANIFEST["codeowners"]
    for owner in MANIFEST["codeowners"]:
        assert re.fullmatch(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?", owner)


def test_license_is_the_one_pyproject_names() -> None:
    """The Apache License 2.0 in full, as pyproject.toml declares (HACS needs one)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (
        "Apache License\n                           Version 2.0, January 2004" in text
    )
    assert "END OF TERMS AND CONDITIONS" in text
    assert "[name of copyright owner]" not in text
    assert len(text.split()) > 1500


def test_brands() -> None:
    assert status("brands") == "done"
    assert (INTEGRATION / "brand" / "icon.png").is_file()


def test_dependency_transparency_exempt_without_requirements() -> None:
    assert status("dependency-transparency") == "exempt"
    assert MANIFEST["requirements"] == []


def test_no_triggers_or_conditions_of_its_own() -> None:
    """Exempt from documenting them: the integration provides none."""
    assert status("docs-triggers") == status("docs-conditions") == "exempt"
    for module in ("device_trigger", "trigger", "device_condition", "condition"):
        assert not (INTEGRATION / f"{module}.py").exists()


def has_own_step(step: str) -> bool:
    """Whether the config flow has this step itself, not only Home Assistant's."""
    flow = importlib.import_module(f"{PACKAGE}.config_flow").PeplinkConfigFlow
    return getattr(flow, step, None) not in (None, getattr(ConfigFlow, step, None))


def test_discovery() -> None:
    """Discovered by DHCP, which a custom integration declares in its manifest."""
    assert status("discovery") == status("discovery-update-info") == "done"
    assert MANIFEST.get("dhcp")
    assert has_own_step("async_step_dhcp")


def test_flows_and_setup() -> None:
    integration = importlib.import_module(PACKAGE)
    assert MANIFEST["config_flow"] is True
    assert hasattr(integration, "async_setup")  # action-setup
    assert hasattr(integration, "async_unload_entry")  # config-entry-unloading
    assert hasattr(integration, "async_remove_config_entry_device")  # stale-devices
    assert has_own_step("async_step_reauth")
    assert has_own_step("async_step_reconfigure")
    diagnostics = importlib.import_module(f"{PACKAGE}.diagnostics")
    assert hasattr(diagnostics, "async_get_config_entry_diagnostics")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_parallel_updates(platform: str) -> None:
    """Reads from coordinators in parallel; one command at a time."""
    module = importlib.import_module(f"{PACKAGE}.{platform}")
    assert module.PARALLEL_UPDATES in (0, 1)


def test_strict_typing() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["mypy"]["strict"] is True
    assert (INTEGRATION / "api" / "py.typed").is_file()


@pytest.mark.parametrize(
    ("rule", "section"),
    [
        ("docs-actions", "## Actions"),
        ("docs-configuration-parameters", "## Configuration"),
        ("docs-data-update", "## How often data is updated"),
        ("docs-examples", "## Automation examples"),
        ("docs-installation-instructions", "## Installation"),
        ("docs-installation-parameters", "## Configuration"),
        ("docs-known-limitations", "## Known limitations"),
        ("docs-removal-instructions", "## Removal"),
        ("docs-supported-devices", "## Supported routers and firmware"),
        ("docs-supported-functions", "## Devices and entities"),
        ("docs-troubleshooting", "## Troubleshooting"),
        ("docs-use-cases", "## Use cases"),
    ],
)
def test_documented(rule: str, section: str) -> None:
    """The README has the section the rule's comment points to."""
    assert status(rule) == "done"
    assert f"\n{section}\n" in README
