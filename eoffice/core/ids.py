"""Row ids read from outside (URLs, forms, JSON): an integer the database can hold, or nothing.

Primary keys are INTEGER columns (32-bit on PostgreSQL); a larger number names no row, and SQLite
raises OverflowError past 64 bits, so such input is treated like any unknown id."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def as_id(value) -> int | None:
    """`value` (an int or a string of ASCII digits) as a row id, or None when it cannot be one."""
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number past MAX_ID does not match (404, never an overflow)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
