"""Constants of the tests: the simulated routers' credentials and profile facts."""

from __future__ import annotations

from custom_components.peplink.api import AdminCredentials, ApiClientCredentials

# The credentials every simulator of the tests knows (see helpers.new_simulator).
ADMIN = AdminCredentials("admin", "s3cret-admin-pass")
API_CLIENT = ApiClientCredentials("0396c250111dcaef02058007bb72217e", "de5cd1c5-secret")
READ_ONLY_CLIENT = ApiClientCredentials(
    "9270c250111cabab02058007bb72217e", "cf5f-ro-secret"
)

# The router of the balance profile, the default one.
BALANCE_SERIAL = "AB12-BC34-DE56"
BALANCE_NAME = "Example Site Balance 710"
# The serial number of a router no simulator profile is.
OTHER_SERIAL = "9999-8888-7777"

# kbps x seconds per MB, as the simulator (and Peplink's UI) counts traffic.
KBPS_SECONDS_PER_MB = 8000
