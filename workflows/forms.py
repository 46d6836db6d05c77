"""Form validation: JSON Schema (with `x-rules` date-order hints) giving [{"field","message"}] in Indonesian.

Each message is a `workflows.messages.Message` (an Indonesian str with its msgid and params) so the
app can show it in the user's language.

A form comes from an uploaded model, so validating with it must stay bounded whatever it says:
`schema_problems` refuses at deploy what could not be (see workflows.schemas), the same check runs
once per form before a stored form is used, and the validators search patterns with RE2
(workflows.patterns), never with Python's backtracking `re`.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import SchemaError

from . import patterns
from .messages import Message, N_
from .nesting import MAX_DEPTH, too_deep
from .schemas import pattern_problems, schema_objects

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
    objects = schema_objects(schema)
    problems = pattern_problems(objects)
    try:  # the metaschema's `format: regex` is left out: Python's re never compiles a model's pattern
        Draft202012Validator.check_schema(schema, format_checker=_META_FORMATS)
    except SchemaError as exc:
        return [Message(N_("JSON Schema tidak valid: %(reason)s"), reason=exc.message), *problems]
    unevaluated = [where for node, where in objects.values() if "unevaluatedProperties" in node]
    if unevaluated and any("patternProperties" in node for node, _ in objects.values()):
        # jsonschema evaluates patternProperties for unevaluatedProperties with Python's re
        problems.append(Message(N_("unevaluatedProperties di %(where)s tidak dapat dipakai dalam formulir yang "
                                   "memakai patternProperties"), where=min(unevaluated)))
    for rule in schema.get("x-rules", []):
        if not isinstance(rule, dict) or "field" not in rule or not any(k in rule for k in RULE_KINDS):
            problems.append(Message(N_("x-rules tidak valid: %(rule)s (butuh 'field' dan 'not_before' atau 'after')"),
                                    rule=repr(rule)))
    return problems


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


def _format_checker(base: FormatChecker, regex: bool) -> FormatChecker:
    """A copy of `base` whose `regex` format is RE2's (or absent)."""
    checker = FormatChecker(formats=())
    checker.checkers = {name: check for name, check in base.checkers.items() if name != "regex"}
    if regex:
        checker.checkers["regex"] = (patterns.is_regex, ())
    return checker


_META_FORMATS = _format_checker(Draft202012Validator.FORMAT_CHECKER, regex=False)
_FORMATS = _format_checker(Draft202012Validator.FORMAT_CHECKER, regex=True)
_FormValidator = validators.extend(Draft202012Validator, {
    "pattern": _pattern, "patternProperties": _pattern_properties, "additionalProperties": _additional_properties})

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
    validator = problems or _FormValidator(schema, format_checker=_FORMATS)
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
    errors = [{"field": _field_of(e), "message": _message_of(e)}
              for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    if not errors:
        errors = _rule_errors(schema, data)
    return errors
