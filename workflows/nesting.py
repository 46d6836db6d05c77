"""A bound on how deeply nested the data the engine takes from outside may be (forms, form data, model.toml).

Python's json and tomllib parsers recurse: a document nested some thousand levels deep raises
RecursionError (a 500 instead of a refusal), and one nested a few hundred deep parses but breaks
whatever walks it recursively afterwards (jsonschema, the JSON encoding of the workflow state). No
form needs more than a handful of levels, so anything deeper than MAX_DEPTH containers is refused
with a clear message; the depth is measured without recursion.
"""
from __future__ import annotations

from typing import Any, Callable

from .messages import Message

MAX_DEPTH = 64


class TooDeep(ValueError):
    """Nested deeper than MAX_DEPTH; `args[0]` is the Message to show."""


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` nests dicts/lists more than `limit` deep (`{}` and `[1]` are 1 deep); level by level."""
    level = [value] if isinstance(value, (dict, list, tuple)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below = []
        for item in level:
            below.extend(child for child in (item.values() if isinstance(item, dict) else item)
                         if isinstance(child, (dict, list, tuple)))
        level = below
    return False


def parse(loads: Callable[[Any], Any], text: Any, message: Message) -> Any:
    """`loads(text)`, raising TooDeep(message) when the document nests deeper than MAX_DEPTH."""
    try:
        value = loads(text)
    except RecursionError:  # thousands deep: the parser itself gave up
        raise TooDeep(message) from None
    if too_deep(value):
        raise TooDeep(message)
    return value
