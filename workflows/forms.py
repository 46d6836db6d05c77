"""Form validation: JSON Schema (with `x-rules` date-order hints) giving [{"field","message"}] in Indonesian.

Each message is a `workflows.messages.Message` (an Indonesian str with its msgid and params) so the
app can show it in the user's language.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .messages import Message, N_
from .nesting import MAX_DEPTH, too_deep

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
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [Message(N_("JSON Schema tidak valid: %(reason)s"), reason=exc.message)]
    problems = []
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


_validators: dict[int, tuple[dict, Draft202012Validator]] = {}
_MAX_VALIDATORS = 512


def _validator(schema: dict) -> Draft202012Validator:
    """The validator of a schema, built once per schema object (forms are shared, read-only dicts)."""
    found = _validators.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    if len(_validators) >= _MAX_VALIDATORS:
        _validators.clear()
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
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
    errors = [{"field": _field_of(e), "message": _message_of(e)}
              for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    if not errors:
        errors = _rule_errors(schema, data)
    return errors
