"""Tests for the Peplink integration."""
