"""The README says what the UI shows: its labels, entity IDs and device count."""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from simulator import RouterSimulator
from tests.repository import ROOT, STRINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")
# The prose with its line breaks as spaces, as a reader sees it.
PROSE = " ".join(README.split())
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)


def _section(title: str) -> str:
    """The README's text under a `## title` heading, up to the next one."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert found is not None, f"no section {title}"
    return found[1]


def _table_labels(text: str, header: str) -> list[str]:
    """The first column of the table whose header row starts with `header`."""
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.startswith(header)))
    labels = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        labels.append(line.split("|")[1].strip())
    return labels


def _table_labels_all(text: str, header: str) -> list[str]:
    """The first column of every table whose header row starts with `header`."""
    labels = []
    rest = text
    while header in rest:
        labels += _table_labels(rest, header)
        rest = rest[rest.index(header) + len(header) :]
    return labels


def _bold(text: str) -> set[str]:
    """What the text puts in bold, line breaks read as spaces."""
    return {
        " ".join(words.split()) for words in re.findall(r"\*\*(.+?)\*\*", text, re.S)
    }


def _entity_ids(node: Any) -> Iterator[str]:
    """Every value under an `entity_id` key, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "entity_id":
                yield from [value] if isinstance(value, str) else value
            else:
                yield from _entity_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from _entity_ids(item)


CONFIG = STRINGS["config"]["step"]
FLOW_LABELS = {
    label for step in CONFIG.values() for label in step.get("data", {}).values()
}
OPTIONS = STRINGS["options"]["step"]["init"]["data"]
SELECTORS = STRINGS["selector"]


def test_configuration_labels_are_the_forms() -> None:
    """Each field in the README's table is named as on the form."""
    labels = _table_labels(_section("Configuration"), "| field |")
    assert labels
    assert set(labels) <= FLOW_LABELS
    # Every field of the first form is explained.
    assert set(CONFIG["user"]["data"].values()) <= set(labels)


def test_option_labels_are_the_forms() -> None:
    labels = _table_labels(_section("Configuration"), "| option |")
    assert set(labels) == set(OPTIONS.values())
    choices = set(SELECTORS["track_clients"]["options"].values())
    assert choices <= _bold(_section("Configuration"))


def test_sign_in_methods_are_the_menus() -> None:
    """The README names the sign-in methods as the menu and the selector do."""
    methods = set(CONFIG["auth_method"]["menu_options"].values())
    assert methods <= _bold(README)
    assert methods == set(SELECTORS["sign_in_method"]["options"].values())


def test_steps_use_the_forms_words() -> None:
    """Every form label the setup steps put in bold is one the UI shows."""
    steps = _section("Installation") + _section("Try it without a router")
    shown = FLOW_LABELS | set(CONFIG["auth_method"]["menu_options"].values())
    form_words = {word for word in _bold(steps) if word in shown}
    assert set(CONFIG["user"]["data"].values()) - {"Host", "Port"} <= form_words
    # No label of an older form is left.
    for stale in ("Use HTTPS", "Verify the SSL certificate", "Away after"):
        assert stale not in README


# Named by Home Assistant from the device class, with no text of ours.
NAMED_BY_HOME_ASSISTANT = {"Restart"}


def _name_pattern(name: str) -> str:
    """A translated name as the README writes it: a placeholder as N or *profile*."""
    parts = re.split(r"\{\w+\}", name)
    return r"(?:N|\*\w+\*)".join(re.escape(part) for part in parts)


def test_entity_names_are_the_uis() -> None:
    """The entity tables name each entity as Home Assistant shows it."""
    names = [
        _name_pattern(text["name"])
        for platform in STRINGS["entity"].values()
        for text in platform.values()
    ]
    listed = [
        name
        for label in _table_labels_all(_section("Devices and entities"), "| entity |")
        for name in label.split(", ")
    ]
    assert len(listed) > 30
    unknown = [
        name
        for name in listed
        if name not in NAMED_BY_HOME_ASSISTANT
        and not any(re.fullmatch(pattern, name) for pattern in names)
    ]
    assert not unknown


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize("profile", ["max"])
async def test_entity_ids_of_the_examples_exist(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    """The examples are written for the max profile: their entities exist."""
    entity_ids = {
        entity_id
        for block in YAML_BLOCK.findall(README)
        for entity_id in _entity_ids(yaml.safe_load(block))
    }
    assert len(entity_ids) >= 5
    assert not {
        entity_id
        for entity_id in entity_ids
        if entity_registry.async_get(entity_id) is None
    }


@pytest.mark.parametrize("profile", ["max"])
async def test_device_count_of_the_demo(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: RouterSimulator,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The demo's router shows as many devices as the README says: itself and its WANs."""
    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert len(devices) == 1 + len(simulator.state.wan_order)
    said = re.findall(r"\*\*(\d+) devices\*\*", _section("Try it without a router"))
    assert said == [str(len(devices))]
    router = next(device for device in devices if device.via_device_id is None)
    assert f"**{router.name}**" in PROSE
