"""Form validation: JSON Schema (with `x-rules` date-order hints) giving [{"field","message"}] in Indonesian."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

_MESSAGES = {
    "required": "wajib diisi",
    "type": "tipe isian tidak sesuai",
    "enum": "pilihan tidak dikenal",
    "const": "nilai tidak sesuai",
    "format": "format tidak sesuai",
    "pattern": "format tidak sesuai",
    "minLength": "terlalu pendek (minimal {} karakter)",
    "maxLength": "terlalu panjang (maksimal {} karakter)",
    "minimum": "nilai minimal {}",
    "maximum": "nilai maksimal {}",
    "exclusiveMinimum": "nilai harus lebih dari {}",
    "exclusiveMaximum": "nilai harus kurang dari {}",
    "minItems": "minimal {} butir",
    "maxItems": "maksimal {} butir",
    "additionalProperties": "isian tidak dikenal",
}

RULE_KINDS = ("not_before", "after")


def schema_problems(schema: Any) -> list[str]:
    """Why a form document is not a usable JSON Schema with valid `x-rules` (empty when fine)."""
    if not isinstance(schema, dict):
        return ["formulir harus berupa objek JSON Schema"]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [f"JSON Schema tidak valid: {exc.message}"]
    problems = []
    for rule in schema.get("x-rules", []):
        if not isinstance(rule, dict) or "field" not in rule or not any(k in rule for k in RULE_KINDS):
            problems.append(f"x-rules tidak valid: {rule!r} (butuh 'field' dan 'not_before' atau 'after')")
    return problems


def _field_of(error) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return ".".join([*map(str, error.absolute_path), missing]).strip(".")
    return ".".join(map(str, error.absolute_path)) or "_form"


def _message_of(error) -> str:
    template = _MESSAGES.get(error.validator, "isian tidak valid")
    return template.format(error.validator_value) if "{}" in template else template


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
                default = (f"tidak boleh sebelum {other}" if kind == "not_before"
                           else f"harus setelah {other}")
                errors.append({"field": field, "message": rule.get("message", default)})
    return errors


def validate_form(schema: dict | None, data: Any) -> list[dict]:
    """All problems of `data` against the form schema, as [{"field", "message"}]; [] when valid."""
    if schema is None:
        return []
    if not isinstance(data, dict):
        return [{"field": "_form", "message": "data formulir harus berupa objek"}]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [{"field": _field_of(e), "message": _message_of(e)}
              for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    if not errors:
        errors = _rule_errors(schema, data)
    return errors
