"""A client's clock that the test moves."""

from __future__ import annotations


class Clock:
    """Stands still until the test moves `now`."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now
