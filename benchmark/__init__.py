"""The benchmark (scripts/bench); its module name keeps it out of the test run."""
