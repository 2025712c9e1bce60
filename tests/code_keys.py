"""What the integration's code uses, read from its source with `ast`.

The translation keys of entities, exceptions, selectors, flows and repair issues,
and the actions services.py and sms_services.py register, so that a key used in
the code without text in translations/en.json (or text that no code uses) fails
a test, not in front of a user.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
import importlib
import re

import voluptuous as vol

from tests.repository import INTEGRATION, PACKAGE, PLATFORM_NAMES


@dataclass
class _EntityKey:
    """A translation key of an entity, as the code sets it."""

    platform: str
    key: str
    placeholders: set[str] | None  # None: not given in the same place
    where: str


@dataclass
class _DynamicEntityKey:
    """A key built with an f-string, e.g. f"{description.translation_key}_sim".

    Built in a shared module (a base entity), it serves every platform: None.
    """

    platform: str | None
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
    # Placeholder names given to entities anywhere in each platform module, and
    # in shared modules (for every platform).
    entity_placeholder_names: dict[str, set[str]] = field(default_factory=dict)
    shared_placeholder_names: set[str] = field(default_factory=set)

    def static_entity_keys(self, platform: str) -> set[str]:
        return {key.key for key in self.entities if key.platform == platform}

    def entity_key_exists(self, platform: str, key: str) -> bool:
        """Whether the code can give an entity of `platform` this key."""
        if key in self.static_entity_keys(platform):
            return True
        return any(
            dynamic.platform in (platform, None)
            and self._dynamic_match(dynamic, platform, key)
            for dynamic in self.dynamic
        )

    def placeholder_names(self, platform: str) -> set[str]:
        """The placeholder names the code can give an entity of `platform`."""
        names = self.entity_placeholder_names.get(platform, set())
        return names | self.shared_placeholder_names

    def _dynamic_match(
        self, dynamic: _DynamicEntityKey, platform: str, key: str
    ) -> bool:
        match = dynamic.pattern.fullmatch(key)
        return match is not None and all(
            base in self.static_entity_keys(platform) for base in match.groups()
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


def _platform_of(stem: str) -> str | None:
    """The platform a module declares entities of: its own, or "router_sensor"'s."""
    if stem in PLATFORM_NAMES:
        return stem
    return next((name for name in PLATFORM_NAMES if stem.endswith(f"_{name}")), None)


def _scan() -> _CodeKeys:
    found = _CodeKeys()
    for path in sorted(INTEGRATION.glob("*.py")):
        module = importlib.import_module(f"{PACKAGE}.{path.stem}")
        platform = _platform_of(path.stem)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = found.entity_placeholder_names.setdefault(platform or path.stem, set())
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
                elif platform:
                    names |= given or set()
                    _add_entity_keys(found, platform, key_node, given, module, where)
                else:
                    # A base entity may only derive a key from its description's.
                    assert isinstance(key_node, ast.JoinedStr), (
                        f"{where}: {func}(translation_key=...) outside an entity "
                        "platform needs translation_domain"
                    )
                    found.shared_placeholder_names |= given or set()
                    found.dynamic.append(
                        _DynamicEntityKey(
                            None, _fstring_pattern(key_node), given, where
                        )
                    )
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


def _registered_services() -> dict[str, vol.Schema]:
    """The actions the services modules register, with their schemas, from source."""
    found: dict[str, vol.Schema] = {}
    for stem in ("services", "sms_services"):
        services = importlib.import_module(f"{PACKAGE}.{stem}")
        path = INTEGRATION / f"{stem}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
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
