"""Typed, immutable views of the router's responses.

Every ``from_api`` reads field by field with the tolerant readers in ``parsing``:
a missing or malformed field becomes None and never fails the whole response.
"""
