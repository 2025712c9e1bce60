"""SMS on a cellular WAN's SIM: arriving (for tests and the demo), and deleted.

The inbox is the profile's `sms` data of the WAN, as `cmd.sms.get` sends it:
messages grouped by sender. A SIM stores each part of a multi-part message
on its own, in the lowest free slot, so a deleted message's id is reused.
`cmd.sms.delete` is firmware 8.5.2's: profiles of older firmware list it as
unsupported.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .state import RouterState


def _inbox(state: RouterState, wan_id: int) -> dict[str, Any]:
    wan = state.wan(wan_id)
    if not wan.cellular:
        raise ValueError(f"WAN {wan_id} of {state.profile_name} is not cellular")
    inbox: dict[str, Any] = state.sms.setdefault(str(wan_id), {})
    inbox.setdefault("sms", [])
    return inbox


def _entries(inbox: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for thread in inbox["sms"] for entry in thread["message"]]


def receive_sms(state: RouterState, wan_id: int, sender: str, *parts: str) -> list[int]:
    """A message arrives now on a cellular WAN's active SIM; its parts' ids.

    Several parts make a multi-part message: one entry each, with the same
    timestamp, as the router lists them.
    """
    if not parts:
        raise ValueError("a message has at least one part")
    inbox = _inbox(state, wan_id)
    used = {entry["id"] for entry in _entries(inbox)}
    thread = next((t for t in inbox["sms"] if t["sender"] == sender), None)
    if thread is None:
        thread = {"sender": sender, "message": []}
        inbox["sms"].append(thread)
    timestamp = int(state.now())
    ids: list[int] = []
    for text in parts:
        message_id = next(i for i in range(1, len(used) + 2) if i not in used)
        used.add(message_id)
        ids.append(message_id)
        thread["message"].append(
            {
                "id": message_id,
                "date": datetime.fromtimestamp(timestamp, UTC).strftime("%b %d %H:%M"),
                "timestamp": timestamp,
                "length": str(len(text)),
                "message": text,
            }
        )
    return ids


def delete_sms(state: RouterState, wan_id: int, message_id: int | None) -> bool:
    """Delete one message part (None: all) of a WAN's SIM; whether it was there."""
    inbox = _inbox(state, wan_id)
    if message_id is None:
        inbox["sms"] = []
        return True
    for thread in inbox["sms"]:
        kept = [entry for entry in thread["message"] if entry["id"] != message_id]
        if len(kept) < len(thread["message"]):
            thread["message"] = kept
            inbox["sms"] = [t for t in inbox["sms"] if t["message"]]
            return True
    return False


def inbox_iccid(state: RouterState, wan_id: int) -> str | None:
    """The ICCID the inbox names its SIM by (firmware 8.2+), if any."""
    iccid = _inbox(state, wan_id).get("iccid")
    return str(iccid) if iccid is not None else None
