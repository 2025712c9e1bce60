"""The actions as services.yaml and the texts describe them, and the icons."""

from __future__ import annotations

import voluptuous as vol

from tests.code_keys import CODE, SERVICES
from tests.repository import ICONS, SERVICES_YAML, STRINGS


def test_services_yaml_matches_registered_actions() -> None:
    assert SERVICES, "services.py registers no action"
    assert set(SERVICES_YAML) == set(SERVICES)
    for name, schema in SERVICES.items():
        fields = set(SERVICES_YAML[name]["fields"])
        assert fields == {str(key) for key in schema.schema}, name
        for key in schema.schema:
            assert SERVICES_YAML[name]["fields"][str(key)].get(
                "required", False
            ) == isinstance(key, vol.Required), (
                f"{name}.{key}: required differs from the schema"
            )


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
