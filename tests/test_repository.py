"""The repository as HACS and Home Assistant see it: manifest, hacs.json, texts, icons.

The translation keys are read from the integration's source with `ast`, so that a
key used in the code without text in translations/en.json (or text that no code
uses) fails here, not in front of a user.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
import importlib
from importlib.metadata import version as package_version
import json
from pathlib import Path
import re
import string
import tomllib
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant.const import Platform, __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from PIL import Image
import pytest
import voluptuous as vol
import yaml

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "peplink"
PACKAGE = "custom_components.peplink"
PLATFORMS = {platform.value for platform in Platform}


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


MANIFEST = _json(INTEGRATION / "manifest.json")
HACS = _json(ROOT / "hacs.json")
STRINGS = _json(INTEGRATION / "translations" / "en.json")
ICONS = _json(INTEGRATION / "icons.json")
SERVICES_YAML: dict[str, Any] = yaml.safe_load(
    (INTEGRATION / "services.yaml").read_text(encoding="utf-8")
)


def _placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a translated text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- what the code uses -----------------------------------------------------


@dataclass
class _EntityKey:
    """A translation key of an entity, as the code sets it."""

    platform: str
    key: str
    placeholders: set[str] | None  # None: not given in the same place
    where: str


@dataclass
class _DynamicEntityKey:
    """A key built with an f-string, e.g. f"{description.translation_key}_sim"."""

    platform: str
    pattern: re.Pattern[str]
    placeholders: set[str] | None
    where: str


@dataclass
class _ExceptionKey:
    key: str
    placeholders: set[str]
    where: str


@dataclass
class _CodeKeys:
    entities: list[_EntityKey] = field(default_factory=list)
    dynamic: list[_DynamicEntityKey] = field(default_factory=list)
    exceptions: list[_ExceptionKey] = field(default_factory=list)
    selectors: list[str] = field(default_factory=list)
    # Abort reasons of flows, by module (config_flow, repairs).
    abort_reasons: dict[str, set[str]] = field(default_factory=dict)
    # Placeholder names given to entities anywhere in each platform module.
    entity_placeholder_names: dict[str, set[str]] = field(default_factory=dict)

    def static_entity_keys(self, platform: str) -> set[str]:
        return {key.key for key in self.entities if key.platform == platform}

    def entity_key_exists(self, platform: str, key: str) -> bool:
        """Whether the code can give an entity of `platform` this key."""
        if key in self.static_entity_keys(platform):
            return True
        return any(
            dynamic.platform == platform and self._dynamic_match(dynamic, key)
            for dynamic in self.dynamic
        )

    def _dynamic_match(self, dynamic: _DynamicEntityKey, key: str) -> bool:
        match = dynamic.pattern.fullmatch(key)
        return match is not None and all(
            base in self.static_entity_keys(dynamic.platform) for base in match.groups()
        )


def _dict_keys(node: ast.expr | None, module: object) -> set[str] | None:
    """The keys of a literal dict (constants or module-level names)."""
    if not isinstance(node, ast.Dict):
        return None
    return {_resolve(key, module) for key in node.keys if key is not None}


def _resolve(node: ast.expr, module: object) -> str:
    """A string constant, or a module-level name bound to one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        value = getattr(module, node.id)
        assert isinstance(value, str), f"{node.id} is not a string"
        return value
    raise AssertionError(f"cannot resolve {ast.unparse(node)} to a string")


def _key_values(node: ast.expr) -> list[ast.expr]:
    """The alternatives of `"a" if cond else "b"`, or the node itself."""
    if isinstance(node, ast.IfExp):
        return [*_key_values(node.body), *_key_values(node.orelse)]
    return [node]


def _fstring_pattern(node: ast.JoinedStr) -> re.Pattern[str]:
    """A pattern for f"{description.translation_key}_sim": the base key is captured."""
    parts: list[str] = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(re.escape(str(value.value)))
        elif (
            isinstance(value, ast.FormattedValue)
            and isinstance(value.value, ast.Attribute)
            and value.value.attr == "translation_key"
        ):
            parts.append(r"(\w+?)")
        else:
            raise AssertionError(f"unexpected f-string key {ast.unparse(node)}")
    return re.compile("".join(parts))


def _scan() -> _CodeKeys:
    found = _CodeKeys()
    for path in sorted(INTEGRATION.glob("*.py")):
        module = importlib.import_module(f"{PACKAGE}.{path.stem}")
        platform = path.stem if path.stem in PLATFORMS else None
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = found.entity_placeholder_names.setdefault(path.stem, set())
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
                if "reason" in keywords and isinstance(
                    keywords["reason"], ast.Constant
                ):
                    found.abort_reasons.setdefault(path.stem, set()).add(
                        _resolve(keywords["reason"], module)
                    )
                if "translation_key" not in keywords:
                    if platform and "translation_placeholders" in keywords:
                        names |= (
                            _dict_keys(keywords["translation_placeholders"], module)
                            or set()
                        )
                    continue
                key_node = keywords["translation_key"]
                given = _dict_keys(keywords.get("translation_placeholders"), module)
                func = ast.unparse(node.func)
                if func.endswith("async_create_issue"):
                    continue  # see _issue_keys
                if "translation_domain" in keywords:
                    found.exceptions.append(
                        _ExceptionKey(_resolve(key_node, module), given or set(), where)
                    )
                elif func.endswith("SelectorConfig"):
                    found.selectors.append(_resolve(key_node, module))
                else:
                    assert platform, (
                        f"{where}: {func}(translation_key=...) outside an entity "
                        "platform needs translation_domain"
                    )
                    names |= given or set()
                    _add_entity_keys(found, platform, key_node, given, module, where)
            elif isinstance(node, ast.Assign | ast.AnnAssign) and platform:
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                for target in targets:
                    attr = getattr(target, "attr", getattr(target, "id", None))
                    if attr == "_attr_translation_key" and node.value is not None:
                        _add_entity_keys(
                            found, platform, node.value, None, module, where
                        )
                    if attr == "_attr_translation_placeholders":
                        names |= _dict_keys(node.value, module) or set()
    return found


def _add_entity_keys(
    found: _CodeKeys,
    platform: str,
    node: ast.expr,
    given: set[str] | None,
    module: object,
    where: str,
) -> None:
    for value in _key_values(node):
        if isinstance(value, ast.JoinedStr):
            found.dynamic.append(
                _DynamicEntityKey(platform, _fstring_pattern(value), given, where)
            )
        elif isinstance(value, ast.Attribute) and value.attr == "translation_key":
            continue  # the key of the description it was copied from
        else:
            found.entities.append(
                _EntityKey(platform, _resolve(value, module), given, where)
            )


CODE = _scan()


@dataclass
class _IssueKey:
    key: str
    placeholders: set[str] | None
    where: str


def _issue_keys() -> list[_IssueKey]:
    """Repair issue keys; a key passed in as a parameter is read at the callers."""
    modules = {
        path: (
            ast.parse(path.read_text(encoding="utf-8")),
            importlib.import_module(f"{PACKAGE}.{path.stem}"),
        )
        for path in sorted(INTEGRATION.glob("*.py"))
    }
    keys: list[_IssueKey] = []
    forwarded: list[tuple[str, int, set[str] | None]] = []
    for path, (tree, module) in modules.items():
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [arg.arg for arg in func.args.args]
            for node in ast.walk(func):
                if not (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func).endswith("async_create_issue")
                ):
                    continue
                keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
                key = keywords["translation_key"]
                given = _dict_keys(keywords.get("translation_placeholders"), module)
                if isinstance(key, ast.Name) and key.id in params:
                    forwarded.append((func.name, params.index(key.id), given))
                else:
                    keys.append(
                        _IssueKey(
                            _resolve(key, module), given, f"{path.name}:{node.lineno}"
                        )
                    )
    for name, index, given in forwarded:
        for path, (tree, module) in modules.items():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func).split(".")[-1] == name
                ):
                    keys.append(
                        _IssueKey(
                            _resolve(node.args[index], module),
                            given,
                            f"{path.name}:{node.lineno}",
                        )
                    )
    return keys


ISSUES = _issue_keys()


# --- manifest and hacs.json ---------------------------------------------------


def test_manifest_key_order() -> None:
    """Domain and name first, then the rest in alphabetical order, as hassfest wants."""
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert set(keys) == {
        "domain",
        "name",
        "codeowners",
        "config_flow",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "loggers",
        "requirements",
        "version",
    }


def test_manifest_values() -> None:
    assert MANIFEST["domain"] == "peplink" == INTEGRATION.name
    assert MANIFEST["name"] == "Peplink"
    assert MANIFEST["config_flow"] is True
    assert MANIFEST["iot_class"] == "local_polling"
    assert MANIFEST["integration_type"] == "hub"
    assert MANIFEST["requirements"] == []
    assert MANIFEST["loggers"] == [PACKAGE]
    assert isinstance(MANIFEST["codeowners"], list)
    assert MANIFEST["documentation"].startswith("https://")
    assert MANIFEST["issue_tracker"].startswith(MANIFEST["documentation"])
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert MANIFEST["version"] == pyproject["project"]["version"]
    assert AwesomeVersion(MANIFEST["version"]).strategy == AwesomeVersionStrategy.SEMVER


def test_manifest_domain_matches_code() -> None:
    const = importlib.import_module(f"{PACKAGE}.const")
    assert MANIFEST["domain"] == const.DOMAIN


async def test_home_assistant_loads_the_manifest(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    """Home Assistant accepts the manifest of a custom integration (version included)."""
    integration = await async_get_integration(hass, "peplink")
    assert not integration.is_built_in
    assert integration.version == AwesomeVersion(MANIFEST["version"])
    assert integration.config_flow is True
    assert integration.iot_class == "local_polling"
    assert integration.integration_type == "hub"


TEST_PLUGIN = "pytest-homeassistant-custom-component"


def _pinned(requirements: Path) -> str:
    """The version of the test plugin a lane's requirements pin."""
    found = re.search(
        rf"^{TEST_PLUGIN}==(\S+)$", requirements.read_text(encoding="utf-8"), re.M
    )
    assert found is not None, f"{requirements} pins no {TEST_PLUGIN}"
    return found[1]


def test_hacs_json() -> None:
    assert set(HACS) <= {
        "name",
        "homeassistant",
        "render_readme",
        "content_in_root",
        "country",
        "filename",
        "hide_default_branch",
        "persistent_directory",
        "zip_release",
        "hacs",
    }
    assert HACS["name"] == MANIFEST["name"]
    assert HACS["homeassistant"] == "2025.4.0"
    stated = AwesomeVersion(HACS["homeassistant"])
    running = AwesomeVersion(HA_VERSION)
    assert running >= stated
    # The minimum lane, known by the test plugin it pins, runs the stated release
    # (its month); every other lane runs a newer plugin, so a newer release.
    plugin = AwesomeVersion(package_version(TEST_PLUGIN))
    minimum_lane_plugin = AwesomeVersion(_pinned(ROOT / "requirements" / "minimum.txt"))
    if plugin == minimum_lane_plugin:
        assert running.section(0) == stated.section(0)
        assert running.section(1) == stated.section(1)
    else:
        assert plugin > minimum_lane_plugin
        assert running > stated


# --- translations ---------------------------------------------------------------


def test_code_keys_were_found() -> None:
    """The scan itself works: it finds keys of every kind the code uses."""
    assert len(CODE.entities) >= 20
    assert CODE.dynamic
    assert len(CODE.exceptions) >= 10
    assert CODE.selectors == ["track_clients"]
    assert "wrong_router" in CODE.abort_reasons["config_flow"]
    assert {key.platform for key in CODE.entities} == {
        "binary_sensor",
        "button",
        "device_tracker",
        "select",
        "sensor",
        "switch",
    }


def test_entity_keys_have_text() -> None:
    texts = STRINGS["entity"]
    for used in CODE.entities:
        text = texts.get(used.platform, {}).get(used.key)
        assert text is not None, (
            f"{used.where}: no text for entity.{used.platform}.{used.key}"
        )
        assert text.get("name"), f"entity.{used.platform}.{used.key} has no name"
        if used.placeholders is not None:
            missing = _placeholders(text["name"]) - used.placeholders
            assert not missing, f"{used.where}: {used.key} does not give {missing}"


def test_dynamic_entity_keys_have_text() -> None:
    for dynamic in CODE.dynamic:
        texts = STRINGS["entity"].get(dynamic.platform, {})
        matching = [
            key
            for key in texts
            if CODE.entity_key_exists(dynamic.platform, key)
            and dynamic.pattern.fullmatch(key)
        ]
        assert matching, f"{dynamic.where}: no text matches {dynamic.pattern.pattern}"
        for key in matching:
            if dynamic.placeholders is not None:
                missing = _placeholders(texts[key]["name"]) - dynamic.placeholders
                assert not missing, f"{dynamic.where}: {key} does not give {missing}"


def test_every_entity_text_is_used() -> None:
    """No dead text, and every placeholder of a name is given by that platform."""
    for platform, texts in STRINGS["entity"].items():
        assert platform in PLATFORMS, f"entity.{platform} is not a platform"
        for key, text in texts.items():
            assert CODE.entity_key_exists(platform, key), (
                f"entity.{platform}.{key} is not used by {platform}.py"
            )
            missing = (
                _placeholders(text["name"]) - CODE.entity_placeholder_names[platform]
            )
            assert not missing, f"{platform}.py never gives {missing} for {key}"


def test_exception_keys_have_text() -> None:
    texts = STRINGS["exceptions"]
    for used in CODE.exceptions:
        assert used.key in texts, f"{used.where}: no text for exceptions.{used.key}"
        assert _placeholders(texts[used.key]["message"]) == used.placeholders, (
            f"{used.where}: placeholders of {used.key} differ from the text"
        )


def test_every_exception_text_is_used() -> None:
    used = {key.key for key in CODE.exceptions}
    assert set(STRINGS["exceptions"]) == used


def test_issue_keys_have_text() -> None:
    texts = STRINGS.get("issues", {})
    assert set(texts) == {issue.key for issue in ISSUES}, "issues: text and code differ"
    for issue in ISSUES:
        text = texts[issue.key]
        assert text["title"], issue.key
        assert text.get("description") or text.get("fix_flow"), issue.key
        shown = _placeholders(text["title"]) | _placeholders(
            text.get("description", "")
        )
        missing = shown - (issue.placeholders or set())
        assert not missing, f"{issue.where}: {issue.key} does not give {missing}"


def test_selector_and_abort_texts() -> None:
    for key in CODE.selectors:
        assert STRINGS["selector"][key]["options"], f"no options text for {key}"
    const = importlib.import_module(f"{PACKAGE}.const")
    assert set(STRINGS["selector"]["track_clients"]["options"]) == {
        track.value for track in const.TrackClients
    }
    for reason in CODE.abort_reasons["config_flow"]:
        assert reason in STRINGS["config"]["abort"], f"no text for abort {reason}"
    repair_aborts = {
        reason
        for issue in STRINGS.get("issues", {}).values()
        for reason in issue.get("fix_flow", {}).get("abort", {})
    }
    for reason in CODE.abort_reasons.get("repairs", set()):
        assert reason in repair_aborts, f"no text for the repair abort {reason}"


# --- actions and icons ------------------------------------------------------------


def _registered_services() -> dict[str, vol.Schema]:
    """The actions services.py registers, with their schemas, read from its source."""
    services = importlib.import_module(f"{PACKAGE}.services")
    path = INTEGRATION / "services.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, vol.Schema] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(
            "services.async_register"
        ):
            name = _resolve(node.args[1], services)
            schema = next(kw.value for kw in node.keywords if kw.arg == "schema")
            assert isinstance(schema, ast.Name)
            found[name] = getattr(services, schema.id)
    return found


SERVICES = _registered_services()


def test_services_yaml_matches_registered_actions() -> None:
    assert SERVICES, "services.py registers no action"
    assert set(SERVICES_YAML) == set(SERVICES)
    for name, schema in SERVICES.items():
        fields = set(SERVICES_YAML[name]["fields"])
        assert fields == {str(key) for key in schema.schema}, name
        for key in schema.schema:
            assert SERVICES_YAML[name]["fields"][str(key)].get("required", False) == (
                isinstance(key, vol.Required)
            ), f"{name}.{key}: required differs from the schema"


def test_service_texts() -> None:
    assert set(STRINGS["services"]) == set(SERVICES)
    for name, service in SERVICES_YAML.items():
        text = STRINGS["services"][name]
        assert text["name"]
        assert text["description"]
        assert set(text["fields"]) == set(service["fields"]), name
        for field_text in text["fields"].values():
            assert field_text["name"]
            assert field_text["description"]


def test_icons_match_entities_and_actions() -> None:
    assert set(ICONS) <= {"entity", "services"}
    for platform, icons in ICONS["entity"].items():
        for key, icon in icons.items():
            assert CODE.entity_key_exists(platform, key), (
                f"icons.json: entity.{platform}.{key} is not used by the code"
            )
            assert key in STRINGS["entity"].get(platform, {}), (
                f"icons.json: entity.{platform}.{key} has no text"
            )
            assert set(icon) <= {"default", "state", "range"}
            assert icon["default"].startswith("mdi:")
            states = set(icon.get("state", {}))
            if platform in ("switch", "binary_sensor"):
                assert states <= {"on", "off"}, f"{platform}.{key}"
            elif states:
                known = set(STRINGS["entity"][platform][key].get("state", {}))
                assert states <= known, f"icons.json: unknown states of {key}"
            assert all(
                value.startswith("mdi:") for value in icon.get("state", {}).values()
            )
    assert set(ICONS["services"]) == set(SERVICES)
    for icon in ICONS["services"].values():
        assert icon["service"].startswith("mdi:")


# --- brand ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "size"), [("icon.png", 256), ("icon@2x.png", 512)])
def test_brand_icon(name: str, size: int) -> None:
    """A square PNG of the brands repository's size, with a transparent background."""
    path = INTEGRATION / "brand" / name
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        alpha = image.getchannel("A")
        assert alpha.getpixel((0, 0)) == 0, "the corner should be transparent"
        assert alpha.getbbox() is not None, "the icon is empty"
    assert path.stat().st_size < 100_000
