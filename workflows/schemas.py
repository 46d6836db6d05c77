"""Static checks of a form's JSON Schema: what the validator would do with it, decided before it runs.

`schema_problems` (workflows.forms) runs these at deploy, and once per form before a stored form is
first used, so a form that fails them never reaches jsonschema. They are:

- `$ref` (and `$dynamicRef`, `$recursiveRef`) must be a JSON pointer into the form itself (`#`,
  `#/$defs/alamat`): nothing is ever fetched (`http://…`, `file://…`, another form), and the
  target must exist and be a schema. `$id` is allowed only at the root, so `#…` always means this
  document.
- References must not loop without consuming the data: a chain of `$ref`s, `allOf`/`anyOf`/
  `oneOf`, `not`, `if`/`then`/`else` and `dependentSchemas` (all applied to the same value) that
  comes back to where it started never ends. A loop through `properties`, `items` and the like
  is fine (recursive data: it stops where the data stops). Such chains are also bounded in
  length (MAX_CHAIN) and in how many schemas they apply to one value (MAX_APPLIED, which stops
  an `allOf` of `allOf`s of … doubling at every level).
- Patterns must be runnable by RE2 (workflows.patterns).
- A form holds at most MAX_SCHEMAS schema objects: jsonschema's own metaschema check costs about a
  millisecond for each, so it is only made on forms of a sane size.

The walk knows which keywords hold subschemas and never recurses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import unquote

from .messages import Message, N_
from .patterns import pattern_problem

MAX_SCHEMAS = 1000  # schema objects in one form (jsonschema's metaschema check takes ~1 ms for each)
MAX_CHAIN = 64  # schemas applied in a row to one value through references and in-place applicators
MAX_APPLIED = 1000  # schemas applied in all to one value by one schema through them

# Keywords whose value is one subschema, a list of subschemas, or a map of name -> subschema.
# `items` is one subschema (2020-12) or a list of them (earlier drafts); both are handled.
_ONE = ("not", "if", "then", "else", "additionalProperties", "unevaluatedProperties", "propertyNames",
        "items", "additionalItems", "unevaluatedItems", "contains")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_MAP = ("properties", "patternProperties", "dependentSchemas", "dependencies", "$defs", "definitions")
# Applied to the same value as the schema holding them (the others apply to a part of it, or nowhere).
_IN_PLACE = frozenset({"not", "if", "then", "else", "allOf", "anyOf", "oneOf", "dependentSchemas", "dependencies"})
REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _shown(text: str, limit: int = 60) -> str:
    """Text short enough for a message (a pattern used as a name may be 1000 characters)."""
    return text if len(text) <= limit else text[:limit * 2 // 3] + "…"


def children(node: dict, where: str) -> Iterator[tuple[Any, str, str]]:
    """The subschemas directly under a schema object: (subschema, its JSON pointer, keyword)."""
    for keyword in _ONE:
        value = node.get(keyword)
        if isinstance(value, (dict, bool)):
            yield value, f"{where}/{_escape(keyword)}", keyword
    for keyword in _LIST:
        value = node.get(keyword)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (dict, bool)):
                    yield item, f"{where}/{_escape(keyword)}/{index}", keyword
    for keyword in _MAP:
        value = node.get(keyword)
        if isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, (dict, bool)):  # `dependencies` may also hold lists of names
                    yield item, f"{where}/{_escape(keyword)}/{_escape(str(name))}", keyword


def schema_objects(root: dict, where: str = "#", limit: int = MAX_SCHEMAS) -> dict[int, tuple[dict, str]]:
    """Every schema object under `root` reachable through subschema keywords: id -> (object, pointer).

    Stops once it has found more than `limit`.
    """
    found: dict[int, tuple[dict, str]] = {}
    stack = [(root, where)]
    while stack and len(found) <= limit:
        node, at = stack.pop()
        if not isinstance(node, dict) or id(node) in found:
            continue
        found[id(node)] = (node, at)
        stack.extend((child, pointer) for child, pointer, _ in children(node, at))
    return found


_NOWHERE = object()


def _pointed(root: dict, ref: str) -> Any:
    """What a local `#…` JSON pointer designates in `root`, or _NOWHERE (anchors and URIs designate nothing)."""
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return _NOWHERE
    node: Any = root
    for token in fragment.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif (isinstance(node, list) and token.isascii() and token.isdigit() and str(int(token)) == token
              and int(token) < len(node)):
            node = node[int(token)]
        else:
            return _NOWHERE
    return node


@dataclass
class Walk:
    """A form's schema objects (subschemas and everything a reference reaches) and what is wrong with them."""

    root: dict
    objects: dict[int, tuple[dict, str]]
    extra_roots: list[tuple[dict, str]] = field(default_factory=list)  # referenced, not under a keyword
    in_place: dict[int, list[int]] = field(default_factory=dict)
    problems: list[Message] = field(default_factory=list)
    too_big: bool = False  # nothing else was looked at


def walk(root: dict, id_of: Callable[[dict], str | None]) -> Walk:
    """Follow subschemas and local references from the root; `id_of` is the draft's `$id` reader."""
    found = Walk(root, schema_objects(root))
    pending = list(found.objects)
    while pending:
        if len(found.objects) > MAX_SCHEMAS:
            found.problems = [Message(N_("formulir terlalu besar (lebih dari %(limit)s skema)"), limit=MAX_SCHEMAS)]
            found.too_big = True
            return found
        node, where = found.objects[pending.pop()]
        if node is not root and id_of(node) is not None:
            found.problems.append(Message(N_("'$id' di %(where)s tidak diizinkan: hanya akar formulir yang boleh "
                                             "punya '$id'"), where=where))
        edges = found.in_place[id(node)] = [id(child) for child, _, keyword in children(node, where)
                                            if keyword in _IN_PLACE and isinstance(child, dict)]
        for keyword in REFERENCES:
            ref = node.get(keyword)
            if not isinstance(ref, str):
                continue  # the metaschema check names it
            target = _pointed(root, ref) if ref.startswith("#") else _NOWHERE
            if not ref.startswith("#") or (target is _NOWHERE and not unquote(ref[1:]).startswith("/")):
                found.problems.append(Message(N_("%(keyword)s %(ref)s di %(where)s ditolak: hanya JSON pointer ke "
                                                 "formulir ini sendiri (mis. #/$defs/alamat) yang diizinkan"),
                                              keyword=keyword, ref=_shown(ref, 100), where=where))
            elif target is _NOWHERE:
                found.problems.append(Message(N_("%(keyword)s %(ref)s di %(where)s tidak menunjuk ke bagian mana "
                                                 "pun dari formulir ini"),
                                              keyword=keyword, ref=_shown(ref, 100), where=where))
            elif not isinstance(target, (dict, bool)):
                found.problems.append(Message(N_("%(keyword)s %(ref)s di %(where)s tidak menunjuk ke skema"),
                                              keyword=keyword, ref=_shown(ref, 100), where=where))
            elif isinstance(target, dict):
                edges.append(id(target))
                if id(target) not in found.objects:  # a schema somewhere no keyword puts one
                    added = {key: value for key, value in schema_objects(target, "#" + unquote(ref[1:])).items()
                             if key not in found.objects}
                    found.objects.update(added)
                    found.extra_roots.append((target, "#" + unquote(ref[1:])))
                    pending.extend(added)
    found.problems.sort()
    return found


def loop_problems(found: Walk) -> list[Message]:
    """References that loop without consuming the data; chains too long or applying too many schemas."""
    grey, black = 1, 2
    state: dict[int, int] = {}
    applied: dict[int, int] = {}
    chain: dict[int, int] = {}
    cycles: list[list[int]] = []
    long_chain = too_many = None

    def where(node_id: int) -> str:
        return found.objects[node_id][1]

    for start in sorted(found.objects, key=where):
        if start in state:
            continue
        state[start] = grey
        path, stack = [start], [(start, iter(found.in_place.get(start, ())))]
        while stack:
            node, edges = stack[-1]
            following = next(edges, None)
            if following is None:
                stack.pop()
                path.pop()
                state[node] = black
                below = found.in_place.get(node, ())
                applied[node] = min(MAX_APPLIED + 1, 1 + sum(applied.get(c, 0) for c in below))
                chain[node] = 1 + max((chain.get(c, 0) for c in below), default=0)
                if chain[node] > MAX_CHAIN and (long_chain is None or chain[node] >= chain[long_chain]):
                    long_chain = node  # the top of the longest chain
                if applied[node] > MAX_APPLIED and (too_many is None or applied[node] >= applied[too_many]):
                    too_many = node
            elif state.get(following) == grey:
                if len(cycles) < 5:  # the ones reported
                    cycles.append(path[path.index(following):] + [following])
            elif following not in state:
                state[following] = grey
                path.append(following)
                stack.append((following, iter(found.in_place.get(following, ()))))
    problems = [Message(N_("$ref melingkar tanpa akhir: %(cycle)s"),
                        cycle=" → ".join([*map(where, cycle[:8]), "…", where(cycle[-1])] if len(cycle) > 10
                                         else map(where, cycle)))
                for cycle in cycles]
    if cycles:
        return problems  # chain lengths mean nothing around a loop
    if long_chain is not None:
        problems.append(Message(N_("rantai $ref/allOf/anyOf/oneOf mulai %(where)s terlalu panjang (lebih dari "
                                   "%(limit)s skema berturut-turut untuk satu nilai)"),
                                where=where(long_chain), limit=MAX_CHAIN))
    if too_many is not None:
        problems.append(Message(N_("skema di %(where)s menerapkan terlalu banyak skema pada satu nilai (lebih dari "
                                   "%(limit)s lewat $ref/allOf/anyOf/oneOf)"), where=where(too_many), limit=MAX_APPLIED))
    return problems


def pattern_problems(objects: dict[int, tuple[dict, str]]) -> list[Message]:
    """Patterns (`pattern`, `patternProperties` names) that are too long or that RE2 refuses."""
    problems = []
    for node, where in sorted(objects.values(), key=lambda found: found[1]):
        if isinstance(node.get("pattern"), str):
            problems.append(pattern_problem(node["pattern"], f"{where}/pattern"))
        if isinstance(node.get("patternProperties"), dict):
            for name in node["patternProperties"]:
                problems.append(pattern_problem(name, f"{where}/patternProperties/{_escape(_shown(name))}"))
    return [p for p in problems if p is not None]
