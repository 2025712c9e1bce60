"""Every translation key the code uses has its text, and no text is left unused."""

from __future__ import annotations

import importlib

from tests.code_keys import CODE, ISSUES
from tests.repository import PACKAGE, PLATFORM_NAMES, STRINGS, placeholders

# Modules of flows whose texts are not the config flow's.
OTHER_FLOWS = {"repairs", "subentry_flow"}
# The config flow's abort reasons, whichever of its modules raises them.
CONFIG_FLOW_ABORTS = set().union(
    *(
        reasons
        for module, reasons in CODE.abort_reasons.items()
        if module not in OTHER_FLOWS
    )
)


def test_code_keys_were_found() -> None:
    """The scan itself works: it finds keys of every kind the code uses."""
    assert len(CODE.entities) >= 20
    assert CODE.dynamic
    assert len(CODE.exceptions) >= 10
    assert CODE.selectors == ["sign_in_method", "track_clients"]
    assert "wrong_router" in CONFIG_FLOW_ABORTS
    assert {key.platform for key in CODE.entities} == {
        "binary_sensor",
        "button",
        "device_tracker",
        "event",
        "notify",
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
            missing = placeholders(text["name"]) - used.placeholders
            assert not missing, f"{used.where}: {used.key} does not give {missing}"


def test_dynamic_entity_keys_have_text() -> None:
    for dynamic in CODE.dynamic:
        # A key derived in a base entity serves every platform.
        platforms = (
            [dynamic.platform]
            if dynamic.platform is not None
            else list(STRINGS["entity"])
        )
        matching = [
            (platform, key)
            for platform in platforms
            for key in STRINGS["entity"].get(platform, {})
            if CODE.entity_key_exists(platform, key) and dynamic.pattern.fullmatch(key)
        ]
        assert matching, f"{dynamic.where}: no text matches {dynamic.pattern.pattern}"
        for platform, key in matching:
            if dynamic.placeholders is not None:
                name = STRINGS["entity"][platform][key]["name"]
                missing = placeholders(name) - dynamic.placeholders
                assert not missing, f"{dynamic.where}: {key} does not give {missing}"


def test_every_entity_text_is_used() -> None:
    """No dead text, and every placeholder of a name is given by that platform."""
    for platform, texts in STRINGS["entity"].items():
        assert platform in PLATFORM_NAMES, f"entity.{platform} is not a platform"
        for key, text in texts.items():
            assert CODE.entity_key_exists(platform, key), (
                f"entity.{platform}.{key} is not used by {platform}.py"
            )
            missing = placeholders(text["name"]) - CODE.placeholder_names(platform)
            assert not missing, f"{platform}.py never gives {missing} for {key}"


def test_exception_keys_have_text() -> None:
    texts = STRINGS["exceptions"]
    for used in CODE.exceptions:
        assert used.key in texts, f"{used.where}: no text for exceptions.{used.key}"
        assert placeholders(texts[used.key]["message"]) == used.placeholders, (
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
        shown = placeholders(text["title"]) | placeholders(text.get("description", ""))
        missing = shown - (issue.placeholders or set())
        assert not missing, f"{issue.where}: {issue.key} does not give {missing}"


def test_selector_and_abort_texts() -> None:
    for key in CODE.selectors:
        assert STRINGS["selector"][key]["options"], f"no options text for {key}"
    const = importlib.import_module(f"{PACKAGE}.const")
    assert set(STRINGS["selector"]["track_clients"]["options"]) == {
        track.value for track in const.TrackClients
    }
    for reason in CONFIG_FLOW_ABORTS:
        assert reason in STRINGS["config"]["abort"], f"no text for abort {reason}"
    repair_aborts = {
        reason
        for issue in STRINGS.get("issues", {}).values()
        for reason in issue.get("fix_flow", {}).get("abort", {})
    }
    for reason in CODE.abort_reasons.get("repairs", set()):
        assert reason in repair_aborts, f"no text for the repair abort {reason}"


def test_sms_recipient_texts() -> None:
    """The subentry's button, steps, errors and aborts have their texts."""
    texts = STRINGS["config_subentries"]["sms_recipient"]
    assert texts["entry_type"]
    assert set(texts["initiate_flow"]) == {"user", "reconfigure"}
    for step in ("user", "reconfigure"):
        assert set(texts["step"][step]["data"]) == {"name", "number", "wan"}
        assert set(texts["step"][step]["data_description"]) == {
            "name",
            "number",
            "wan",
        }
    assert set(texts["error"]) == {"empty_name", "invalid_number"}
    assert set(texts["abort"]) == CODE.abort_reasons["subentry_flow"] | {
        "reconfigure_successful"
    }
