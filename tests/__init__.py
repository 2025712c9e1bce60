"""Tests for the Peplink integration."""

# The shared modules that assert, registered before any of them is imported (a
# conftest.py, or the benchmark's, imports this package first), so that pytest
# shows what differs; it rewrites test modules and conftest.py files by itself.
try:
    import pytest
except ImportError:  # the smoke driver runs in Home Assistant's environment
    pass
else:
    pytest.register_assert_rewrite(
        "tests.code_keys",
        "tests.integration.actions",
        "tests.integration.common",
        "tests.integration.fault_matrix",
        "tests.integration.flows",
        "tests.integration.platform_snapshot",
        "tests.integration.trackers",
    )
