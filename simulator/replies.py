"""The bodies the simulated router answers with: success, failure, refusal."""

from __future__ import annotations

from typing import Any

UNSUPPORTED = {"stat": "fail", "code": 404, "message": "Unsupported request"}
INVALID_INFO_TYPE = {"stat": "fail", "message": "Invalid infoType"}


def ok(payload: Any = None) -> dict[str, Any]:
    """A success body; writes answer without `response`."""
    if payload is None:
        return {"stat": "ok"}
    return {"stat": "ok", "response": payload}


def fail(message: str, code: int | None = None) -> dict[str, Any]:
    """A stat:fail body."""
    body: dict[str, Any] = {"stat": "fail"}
    if code is not None:
        body["code"] = code
    body["message"] = message
    return body


def invalid(name: str) -> dict[str, Any]:
    """Bad argument; code 3 as the router answers for a bad connId."""
    return fail(f"invalid {name}", 3)
