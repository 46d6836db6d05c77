"""Static checks of a form's JSON Schema: what the validator would do with it, decided before it runs.

`schema_problems` (workflows.forms) runs these at deploy, and once per form before a stored form is
first used, so a form that fails them never reaches jsonschema. The walk knows which keywords hold
subschemas; it never recurses (forms are bounded by `nesting.MAX_DEPTH`, but a walk should not
depend on that).
"""
from __future__ import annotations

from typing import Any, Iterator

from .messages import Message
from .patterns import pattern_problem

# Keywords whose value is one subschema, a list of subschemas, or a map of name -> subschema.
# `items` is one subschema (2020-12) or a list of them (earlier drafts); both are handled.
_ONE = ("not", "if", "then", "else", "additionalProperties", "unevaluatedProperties", "propertyNames",
        "items", "additionalItems", "unevaluatedItems", "contains")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_MAP = ("properties", "patternProperties", "dependentSchemas", "dependencies", "$defs", "definitions")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _shown(token: str) -> str:
    """A pointer token short enough for a message (a pattern used as a name may be 1000 characters)."""
    return _escape(token) if len(token) <= 60 else _escape(token[:40]) + "…"


def children(node: dict, where: str) -> Iterator[tuple[Any, str]]:
    """The subschemas directly under a schema object, with their JSON pointers."""
    for keyword in _ONE:
        value = node.get(keyword)
        if isinstance(value, (dict, bool)):
            yield value, f"{where}/{_escape(keyword)}"
    for keyword in _LIST:
        value = node.get(keyword)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (dict, bool)):
                    yield item, f"{where}/{_escape(keyword)}/{index}"
    for keyword in _MAP:
        value = node.get(keyword)
        if isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, (dict, bool)):  # `dependencies` may also hold lists of names
                    yield item, f"{where}/{_escape(keyword)}/{_escape(str(name))}"


def schema_objects(root: dict) -> dict[int, tuple[dict, str]]:
    """Every schema object of the document reachable through subschema keywords: id -> (object, pointer)."""
    found: dict[int, tuple[dict, str]] = {}
    stack = [(root, "#")]
    while stack:
        node, where = stack.pop()
        if not isinstance(node, dict) or id(node) in found:
            continue
        found[id(node)] = (node, where)
        stack.extend(children(node, where))
    return found


def pattern_problems(objects: dict[int, tuple[dict, str]]) -> list[Message]:
    """Patterns (`pattern`, `patternProperties` names) that are too long or that RE2 refuses."""
    problems = []
    for node, where in sorted(objects.values(), key=lambda found: found[1]):
        if isinstance(node.get("pattern"), str):
            problems.append(pattern_problem(node["pattern"], f"{where}/pattern"))
        if isinstance(node.get("patternProperties"), dict):
            for name in node["patternProperties"]:
                problems.append(pattern_problem(name, f"{where}/patternProperties/{_shown(name)}"))
    return [p for p in problems if p is not None]
