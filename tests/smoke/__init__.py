"""Smoke test on a real Home Assistant: run it with scripts/smoke, not pytest."""
