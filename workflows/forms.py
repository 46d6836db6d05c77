"""Form validation: JSON Schema (with `x-rules` date-order hints) giving [{"field","message"}] in Indonesian.

Each message is a `workflows.messages.Message` (an Indonesian str with its msgid and params) so the
app can show it in the user's language.

A form comes from an uploaded model, so validating with it must stay bounded whatever it says:
- `schema_problems` refuses at deploy what could reach outside or never end (workflows.schemas:
  only local `$ref`s, no endless reference loops, RE2-runnable patterns; workflows.nesting: at
  most 64 levels), and the same check runs once per form before a stored form is first used;
- the validators resolve `$ref` through a `referencing.Registry` that retrieves nothing (not
  jsonschema's deprecated fallback, which opened any URI, `file://` included, without a timeout);
- they search patterns with RE2 (workflows.patterns), never with Python's backtracking `re`;
- one validation evaluates at most MAX_STEPS keywords (a recursive form can apply itself twice
  at each level of the data: 2**depth evaluations), and `uniqueItems` compares in linear time
  (jsonschema compares objects pairwise);
- anything that still goes wrong while validating (a reference that cannot be resolved, a
  RecursionError) is a form error, not an exception.
Validators are built once per form and kept.
"""
from __future__ import annotations

import reprlib
import threading
from datetime import date, datetime
from typing import Any

from jsonschema import (
    Draft4Validator, Draft6Validator, Draft7Validator, Draft201909Validator, Draft202012Validator, FormatChecker,
    ValidationError, validators,
)
from jsonschema.exceptions import SchemaError
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable

from . import patterns
from .messages import Message, N_
from .nesting import MAX_DEPTH, too_deep
from .schemas import loop_problems, pattern_problems, walk

_MESSAGES = {
    "required": N_("wajib diisi"),
    "type": N_("tipe isian tidak sesuai"),
    "enum": N_("pilihan tidak dikenal"),
    "const": N_("nilai tidak sesuai"),
    "format": N_("format tidak sesuai"),
    "pattern": N_("format tidak sesuai"),
    "minLength": N_("terlalu pendek (minimal %(limit)s karakter)"),
    "maxLength": N_("terlalu panjang (maksimal %(limit)s karakter)"),
    "minimum": N_("nilai minimal %(limit)s"),
    "maximum": N_("nilai maksimal %(limit)s"),
    "exclusiveMinimum": N_("nilai harus lebih dari %(limit)s"),
    "exclusiveMaximum": N_("nilai harus kurang dari %(limit)s"),
    "minItems": N_("minimal %(limit)s butir"),
    "maxItems": N_("maksimal %(limit)s butir"),
    "additionalProperties": N_("isian tidak dikenal"),
}

RULE_KINDS = ("not_before", "after")


def schema_problems(schema: Any) -> list[str]:
    """Why a form document is not a usable JSON Schema with valid `x-rules` (empty when fine)."""
    if not isinstance(schema, dict):
        return [Message(N_("formulir harus berupa objek JSON Schema"))]
    if too_deep(schema):
        return [Message(N_("formulir terlalu dalam (lebih dari %(limit)s tingkat)"), limit=MAX_DEPTH)]
    dialect = _dialect(schema)
    if dialect is None:
        return [Message(N_("$schema %(dialect)s tidak didukung (pakai draft-04, draft-06, draft-07, 2019-09 atau "
                           "2020-12)"), dialect=repr(schema["$schema"])[:100])]
    found = walk(schema, dialect.base.ID_OF)
    if found.too_big:
        return found.problems
    problems = [*_metaschema_problems(found, dialect), *found.problems, *pattern_problems(found.objects)]
    if not found.problems:  # loops are looked for once every reference lands somewhere
        problems += loop_problems(found)
    unevaluated = [where for node, where in found.objects.values() if "unevaluatedProperties" in node]
    if unevaluated and any("patternProperties" in node for node, _ in found.objects.values()):
        # jsonschema evaluates patternProperties for unevaluatedProperties with Python's re
        problems.append(Message(N_("unevaluatedProperties di %(where)s tidak dapat dipakai dalam formulir yang "
                                   "memakai patternProperties"), where=min(unevaluated)))
    rules = schema.get("x-rules", [])
    for rule in rules if isinstance(rules, list) else [rules]:
        if not _rule_ok(rule):
            problems.append(Message(N_("x-rules tidak valid: %(rule)s (butuh 'field' dan 'not_before' atau 'after')"),
                                    rule=repr(rule)[:200]))
    return problems


def _metaschema_problems(found, dialect: "_Dialect") -> list[str]:
    """The first metaschema error of the form, or of a schema reached only by a `$ref` (named by where it is).

    The metaschema's `format: regex` is left out: Python's re never compiles a model's pattern.
    """
    try:
        for part, where in [(found.root, "#"), *found.extra_roots]:
            try:
                dialect.base.check_schema(part, format_checker=dialect.meta_formats)
            except SchemaError as exc:
                at = "".join(f"/{step}" for step in exc.absolute_path)
                reason = exc.message if part is found.root else f"{exc.message} (di {where}{at})"
                return [Message(N_("JSON Schema tidak valid: %(reason)s"), reason=reason)]
    except RecursionError:  # not expected within MAX_DEPTH, but never a 500
        return [Message(N_("formulir terlalu dalam (lebih dari %(limit)s tingkat)"), limit=MAX_DEPTH)]
    return []


def _rule_ok(rule: Any) -> bool:
    """An x-rule names its field and the other field(s) as strings (its own message, if any, is a string too)."""
    return (isinstance(rule, dict) and isinstance(rule.get("field"), str) and any(k in rule for k in RULE_KINDS)
            and all(isinstance(rule[k], str) for k in (*RULE_KINDS, "message") if k in rule))


def _field_of(error) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return ".".join([*map(str, error.absolute_path), missing]).strip(".")
    return ".".join(map(str, error.absolute_path)) or "_form"


def _message_of(error) -> Message:
    msgid = _MESSAGES.get(error.validator, N_("isian tidak valid"))
    return Message(msgid, limit=error.validator_value) if "%(limit)s" in msgid else Message(msgid)


def _as_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        return None


def _rule_errors(schema: dict, data: dict) -> list[dict]:
    errors = []
    for rule in schema.get("x-rules", []):
        field = rule["field"]
        end = _as_date(data.get(field))
        for kind in RULE_KINDS:
            other = rule.get(kind)
            start = _as_date(data.get(other)) if other else None
            if end is None or start is None:
                continue
            broken = end < start if kind == "not_before" else end <= start
            if broken:
                default = (Message(N_("tidak boleh sebelum %(other)s"), other=other) if kind == "not_before"
                           else Message(N_("harus setelah %(other)s"), other=other))
                errors.append({"field": field, "message": rule.get("message", default)})
    return errors


# -- validators: jsonschema's, with every regular expression run by RE2 ---------------------------
def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not patterns.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, pattern_properties, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in pattern_properties.items():
        for key, value in instance.items():
            if patterns.search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator, additional, instance, schema):
    """jsonschema's `additionalProperties`, matching `patternProperties` names with RE2."""
    if not validator.is_type(instance, "object"):
        return
    known, named = schema.get("properties", {}), list(schema.get("patternProperties", {}))
    extras = sorted((key for key in instance
                     if key not in known and not any(patterns.search(p, key) for p in named)), key=str)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, extras))} unexpected)")


def _identity(value: Any) -> Any:
    """A hashable stand-in equal for values JSON Schema calls equal (1 == 1.0, True != 1, key order ignored)."""
    if value is True or value is False:
        return (bool, value)
    if isinstance(value, (int, float)):
        return (float, value)
    if isinstance(value, (list, tuple)):
        return (list, tuple(_identity(item) for item in value))
    if isinstance(value, dict):
        return (dict, frozenset((key, _identity(item)) for key, item in value.items()))
    return (type(value), value)


def _unique_items(validator, unique, instance, schema):
    """jsonschema's `uniqueItems` in linear time (it compares unsortable items pairwise)."""
    if not unique or not validator.is_type(instance, "array"):
        return
    _spend(len(instance))
    seen = set()
    for item in instance:
        key = _identity(item)
        if key in seen:
            yield ValidationError(f"{reprlib.repr(instance)} has non-unique elements")
            return
        seen.add(key)


MAX_STEPS = 20_000  # keyword evaluations (and uniqueItems items) in one validation; a form needs dozens
_steps = threading.local()


class _TooMuchWork(Exception):
    """The validation went over MAX_STEPS."""


def _spend(steps: int) -> None:
    left = getattr(_steps, "left", None)
    if left is not None:  # only validate_form sets a budget
        if left < steps:
            raise _TooMuchWork
        _steps.left = left - steps


def _counted(check):
    def counted(validator, value, instance, schema):
        _spend(1)
        return check(validator, value, instance, schema)
    return counted


def _format_checker(base: FormatChecker, regex: bool) -> FormatChecker:
    """A copy of `base` whose `regex` format is RE2's (or absent)."""
    checker = FormatChecker(formats=())
    checker.checkers = {name: check for name, check in base.checkers.items() if name != "regex"}
    if regex:
        checker.checkers["regex"] = (patterns.is_regex, ())
    return checker


class _Dialect:
    """One supported JSON Schema draft: jsonschema's validator, and ours with RE2 patterns."""

    def __init__(self, base):
        self.base = base
        self.meta_formats = _format_checker(base.FORMAT_CHECKER, regex=False)
        self.formats = _format_checker(base.FORMAT_CHECKER, regex=True)
        keywords = {**base.VALIDATORS, "pattern": _pattern, "patternProperties": _pattern_properties,
                    "additionalProperties": _additional_properties, "uniqueItems": _unique_items}
        self.validator = validators.extend(base, {name: _counted(check) for name, check in keywords.items()})


def _dialect_id(validator) -> str:
    meta = validator.META_SCHEMA
    return str(meta.get("$id", meta.get("id"))).rstrip("#")


_DIALECTS = {_dialect_id(v): _Dialect(v) for v in (
    Draft4Validator, Draft6Validator, Draft7Validator, Draft201909Validator, Draft202012Validator)}
_DEFAULT = _DIALECTS[_dialect_id(Draft202012Validator)]


def _dialect(schema: dict) -> _Dialect | None:
    """The draft a form declares with `$schema` (2020-12 when it declares none); None when not supported."""
    if "$schema" not in schema:
        return _DEFAULT
    declared = schema["$schema"]
    return _DIALECTS.get(declared.rstrip("#")) if isinstance(declared, str) else None


def _refuse(uri: str):
    """The registry's retrieve: a form's `$ref` is never fetched (http, file or anything else)."""
    raise NoSuchResource(ref=uri)


_NOTHING_REMOTE = Registry(retrieve=_refuse)


def _new_validator(schema: dict, dialect: _Dialect | None = None):
    """A validator of the form resolving `$ref` inside it only (the static checks are not made here)."""
    dialect = dialect or _dialect(schema) or _DEFAULT
    return dialect.validator(schema, format_checker=dialect.formats, registry=_NOTHING_REMOTE)


_validators: dict[int, tuple[dict, Any]] = {}
_MAX_VALIDATORS = 512


def _validator(schema: dict):
    """The validator of a schema, or the problems that keep it from being used.

    Built once per schema object (forms are shared, read-only dicts); a form stored before a check
    existed is held to it here, so it can only ever give form errors.
    """
    found = _validators.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    if len(_validators) >= _MAX_VALIDATORS:
        _validators.clear()
    problems = schema_problems(schema)
    validator = problems or _new_validator(schema)
    _validators[id(schema)] = (schema, validator)  # the schema is kept, so its id is not reused
    return validator


def validate_form(schema: dict | None, data: Any) -> list[dict]:
    """All problems of `data` against the form schema, as [{"field", "message"}]; [] when valid.

    Data nested deeper than `nesting.MAX_DEPTH` is refused whether or not there is a form.
    """
    if too_deep(data):
        return [{"field": "_form", "message": Message(N_("data formulir terlalu dalam (lebih dari %(limit)s tingkat)"),
                                                      limit=MAX_DEPTH)}]
    if schema is None:
        return []
    if not isinstance(data, dict):
        return [{"field": "_form", "message": Message(N_("data formulir harus berupa objek"))}]
    validator = _validator(schema)
    if isinstance(validator, list):
        return [{"field": "_form", "message": problem} for problem in validator]
    _steps.left = MAX_STEPS
    try:
        found = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    except _TooMuchWork:
        return [{"field": "_form", "message": Message(N_("data terlalu banyak atau formulir terlalu rumit untuk "
                                                         "diperiksa (lebih dari %(limit)s langkah)"), limit=MAX_STEPS)}]
    except (RecursionError, Unresolvable, patterns.PatternError):
        return [{"field": "_form", "message": Message(N_("formulir tidak dapat diperiksa: rujukan $ref di formulir "
                                                         "tidak dapat diselesaikan atau terlalu dalam"))}]
    finally:
        _steps.left = None
    errors = [{"field": _field_of(e), "message": _message_of(e)} for e in found]
    if not errors:
        errors = _rule_errors(schema, data)
    return errors
