"""Generic HTML forms from a task's JSON Schema and UI hints, and typed data back from a posted form.

UI hints (`x-ui` per property): `widget` (select, radio, date, textarea, text, number, checkbox),
`labels` for enum values, `help`. `x-order` orders the fields. Unknown widgets fall back on the
property's type. Services validate; this module only shapes input and output (engine messages are
shown in the request's language).
"""
from __future__ import annotations

from typing import Any, Mapping

from eoffice.app.i18n import translate_message

_TYPE_WIDGET = {"integer": "number", "number": "number", "boolean": "checkbox"}


def _widget(prop: dict) -> str:
    hint = (prop.get("x-ui") or {}).get("widget")
    if hint:
        return hint
    if "enum" in prop:
        return "select"
    if prop.get("format") == "date":
        return "date"
    return _TYPE_WIDGET.get(prop.get("type"), "text")


def field_names(schema: dict | None) -> list[str]:
    props = (schema or {}).get("properties", {})
    order = [n for n in (schema or {}).get("x-order", []) if n in props]
    return order + [n for n in props if n not in order]


def fields(schema: dict | None, values: Mapping[str, Any] | None = None,
           errors: list[dict] | None = None) -> list[dict]:
    """What a template needs to draw each field: name, label, widget, options, value, error."""
    values, props = values or {}, (schema or {}).get("properties", {})
    required = set((schema or {}).get("required", []))
    messages: dict[str, list[str]] = {}
    for e in errors or []:
        messages.setdefault(e.get("field") or "_form", []).append(translate_message(e["message"]))
    result = []
    for name in field_names(schema):
        prop, hints = props[name], props[name].get("x-ui") or {}
        labels = hints.get("labels", {})
        value = values.get(name)
        result.append({
            "name": name, "label": prop.get("title", name), "widget": _widget(prop),
            "options": [(str(v), labels.get(str(v), str(v))) for v in prop.get("enum", [])],
            "required": name in required, "value": "" if value is None else value,
            "help": hints.get("help", ""), "error": "; ".join(messages.get(name, [])),
            "maxlength": prop.get("maxLength"),
        })
    return result


def form_errors(errors: list[dict] | None, schema: dict | None) -> list[str]:
    """Messages that belong to no field of the form (shown above it)."""
    names = set(field_names(schema))
    return [translate_message(e["message"]) for e in errors or [] if e.get("field") not in names]


def _coerce(prop: dict, raw: str) -> Any:
    kind = prop.get("type")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        return raw  # left as text: the schema check reports the type error on the field
    return raw


def parse(schema: dict | None, form: Mapping[str, str]) -> dict:
    """The declared fields of a posted form as typed data; empty inputs are left out."""
    props, data = (schema or {}).get("properties", {}), {}
    for name in field_names(schema):
        prop = props[name]
        if prop.get("type") == "boolean":
            data[name] = form.get(name) in ("on", "true", "1")
            continue
        raw = (form.get(name) or "").strip()
        if raw != "":
            data[name] = _coerce(prop, raw)
    return data


def display_values(schema: dict | None, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of each declared field present in `data`: enum labels, not codes."""
    props, shown = (schema or {}).get("properties", {}), []
    for name in field_names(schema):
        if data.get(name) in (None, ""):
            continue
        labels = (props[name].get("x-ui") or {}).get("labels", {})
        shown.append((props[name].get("title", name), labels.get(str(data[name]), str(data[name]))))
    return shown
