"""Fixtures of every test: the router simulator on 127.0.0.1 and clients of it."""

from __future__ import annotations

import aiohttp
import pytest

# Imported before the hass fixture runs, so that Home Assistant finds this
# integration rather than the test plugin's own custom_components package.
import custom_components.peplink  # noqa: F401
from custom_components.peplink.api import Credentials, PeplinkClient
from simulator import RouterSimulator
from simulator.certificate import generate_certificate
from tests.constants import ADMIN

# The simulated router's fixtures, from the module the benchmark shares: pytest
# finds them here by their names.
from tests.fixtures import (
    http_session as http_session,
    profile as profile,
    sim_clock as sim_clock,
    simulator as simulator,
)
from tests.helpers import ClientFactory

# cryptography remembers the datetime type of the first certificate it makes.
# Made here, before any test freezes time, that is the real type, which the
# frozen clock's datetimes extend; made first in a frozen test, it would be the
# frozen type, and a certificate made later in real time would fail.
generate_certificate()


@pytest.fixture
def make_client(
    simulator: RouterSimulator, http_session: aiohttp.ClientSession
) -> ClientFactory:
    """Build clients of the simulator: admin by default, or other credentials."""

    def factory(credentials: Credentials = ADMIN, **kwargs: object) -> PeplinkClient:
        # The client's own request timeout: none of these tests waits for it
        # in real time, so a busy machine cannot make one fail.
        options: dict[str, object] = {"port": simulator.port, "https": simulator.https}
        options.update(kwargs)
        return PeplinkClient(
            simulator.host,
            credentials,
            session=http_session,
            **options,  # type: ignore[arg-type]
        )

    return factory
