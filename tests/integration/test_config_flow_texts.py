"""The config and options flows' texts: every form and field has one, in HA's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import homeassistant
import voluptuous as vol

from custom_components.peplink.config_flow import PeplinkConfigFlow
from custom_components.peplink.flow_base import PeplinkFlowBase
from custom_components.peplink.flow_forms import (
    ADMIN,
    API_CLIENT,
    connection_fields,
    credential_fields,
    sign_in_method_field,
)
from tests.repository import STRINGS, placeholders, read_json

CONNECTION = connection_fields({})
BOTH_METHODS = {**credential_fields(ADMIN, {}), **credential_fields(API_CLIENT, {})}
# Every form the config flow shows, with every field it may hold.
FORMS: dict[str, dict[vol.Marker, Any]] = {
    "user": CONNECTION,
    "dhcp_confirm": CONNECTION,
    "admin": credential_fields(ADMIN, {}),
    "admin_certificate": credential_fields(ADMIN, {}),
    "api_client": credential_fields(API_CLIENT, {}),
    "api_client_certificate": credential_fields(API_CLIENT, {}),
    "reauth_confirm": BOTH_METHODS,
    "reconfigure": {**CONNECTION, **sign_in_method_field(ADMIN), **BOTH_METHODS},
    "reconfigure_admin": credential_fields(ADMIN, {}),
    "reconfigure_api_client": credential_fields(API_CLIENT, {}),
    "certificate": {},
    "certificate_changed": {},
}
# Steps that show no form of their own: a menu, or another step's form.
NOT_FORMS = {"auth_method", "reauth", "dhcp"}
HA_STRINGS = read_json(Path(homeassistant.__file__).parent / "strings.json")
HA_DATA = HA_STRINGS["common"]["config_flow"]["data"]


def test_every_step_is_listed() -> None:
    """FORMS lists each step the flow defines, so none goes without text."""
    steps = {
        name.removeprefix("async_step_")
        for flow in (PeplinkConfigFlow, PeplinkFlowBase)
        for name in vars(flow)
        if name.startswith("async_step_")
    }
    assert steps == set(FORMS) | NOT_FORMS
    assert set(STRINGS["config"]["step"]) == set(FORMS) | {"auth_method"}


def test_every_form_and_field_has_text() -> None:
    for step, fields in FORMS.items():
        text = STRINGS["config"]["step"][step]
        assert text["title"], step
        assert text["description"], step
        names = {str(field) for field in fields}
        assert set(text.get("data", {})) == names, step
        assert set(text.get("data_description", {})) == names, step


def test_placeholders_of_the_forms() -> None:
    """What each text shows is what its step gives."""
    given = {
        "user": set(),
        "dhcp_confirm": {"host"},
        "admin": {"host"},
        "admin_certificate": {"host", "fingerprint"},
        "api_client": {"host"},
        "api_client_certificate": {"host", "fingerprint"},
        "reauth_confirm": {"name", "host"},
        "reconfigure": {"name"},
        "reconfigure_admin": {"name", "host"},
        "reconfigure_api_client": {"name", "host"},
        "certificate": {"host", "fingerprint"},
        "certificate_changed": {"host", "fingerprint", "trusted"},
        "auth_method": {"host"},
    }
    for step, names in given.items():
        text = STRINGS["config"]["step"][step]
        shown = placeholders(text["title"]) | placeholders(text["description"])
        assert shown == names, step
    assert placeholders(STRINGS["config"]["flow_title"]) == {"host"}


def test_labels_are_home_assistants_words() -> None:
    """The labels every integration's forms use, as the README names them."""
    for step in ("user", "dhcp_confirm", "reconfigure"):
        data = STRINGS["config"]["step"][step]["data"]
        for key in ("host", "port", "ssl", "verify_ssl", "username", "password"):
            if key in data:
                assert data[key] == HA_DATA[key], (step, key)
    options = STRINGS["options"]["step"]["init"]["data"]
    assert options["consider_home"] == "Consider home"


def test_sign_in_method_choices() -> None:
    """Both methods, named as the add flow's menu names them."""
    menu = STRINGS["config"]["step"]["auth_method"]["menu_options"]
    assert STRINGS["selector"]["sign_in_method"]["options"] == menu
