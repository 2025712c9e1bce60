"""The repository's files as HACS and Home Assistant read them."""

from __future__ import annotations

import json
from pathlib import Path
import string
from typing import Any

from homeassistant.const import Platform
import yaml

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "peplink"
PACKAGE = "custom_components.peplink"
# Every platform Home Assistant has, by name (the integration sets up some).
PLATFORM_NAMES = {platform.value for platform in Platform}


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file of the repository."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


MANIFEST = read_json(INTEGRATION / "manifest.json")
HACS = read_json(ROOT / "hacs.json")
STRINGS = read_json(INTEGRATION / "translations" / "en.json")
ICONS = read_json(INTEGRATION / "icons.json")
SERVICES_YAML: dict[str, Any] = yaml.safe_load(
    (INTEGRATION / "services.yaml").read_text(encoding="utf-8")
)


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a translated text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
