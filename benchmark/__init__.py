"""The benchmark (scripts/bench); its module name keeps it out of the test run."""

import pytest

# Before benchmark.measure is imported: pytest shows what differs when it asserts.
pytest.register_assert_rewrite("benchmark.measure")
