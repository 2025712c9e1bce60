"""The integration as HACS and Home Assistant see it: manifest, hacs.json, brand icons."""

from __future__ import annotations

import importlib
from importlib.metadata import version as package_version
from pathlib import Path
import re
import tomllib

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from PIL import Image
import pytest

from tests.repository import HACS, INTEGRATION, MANIFEST, PACKAGE, ROOT


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
        "dhcp",
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
