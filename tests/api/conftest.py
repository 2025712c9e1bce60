"""Fixtures of the client's tests."""

from __future__ import annotations

import pytest

from tests.api.clock import Clock


@pytest.fixture
def clock() -> Clock:
    """A clock to give a client (`make_client(clock=clock)`)."""
    return Clock()
