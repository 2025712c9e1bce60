"""The Peplink integration."""
