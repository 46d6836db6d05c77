"""Uploaded models and submitted data cannot reach the network or disk, nor freeze or crash the server.

Each test names the attack it stops (a security review's findings): remote and file `$ref`s, `$ref`
cycles, catastrophic regular expressions, deeply nested JSON.
"""
from __future__ import annotations

import json
import time
from types import MappingProxyType

import pytest
from jsonschema import Draft202012Validator

from workflows.errors import FormInvalid
from workflows.forms import _field_of, _message_of, validate_form
from workflows.nesting import MAX_DEPTH
from workflows.patterns import MAX_PATTERN_LENGTH
from workflows.registry import ModelPackage, load_model_dir
from workflows.validation import validate_package

from .conftest import MODELS, start_revisi


def _package(files: dict[str, str | dict]) -> ModelPackage:
    """The revisi model with some files replaced (dicts are written as JSON)."""
    merged = dict(load_model_dir(MODELS / "revisi").files)
    for path, content in files.items():
        merged[path] = (json.dumps(content) if isinstance(content, dict) else content).encode()
    return ModelPackage("revisi", MappingProxyType(merged))


def _problems(files: dict[str, str | dict]) -> list[str]:
    return [str(p) for p in validate_package(_package(files))]


def _nested(levels: int, leaf: str = "{}") -> str:
    return '{"not": ' * levels + leaf + "}" * levels


# -- nesting ------------------------------------------------------------------------------------
def test_form_file_nested_100k_deep_is_refused_at_deploy_without_recursion_error():
    assert _problems({"forms/review.json": _nested(100_000)}) == [
        f"forms/review.json: formulir terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"]


def test_form_nested_just_past_the_limit_is_refused_and_at_the_limit_accepted():
    review = {"type": "object", "required": ["decision"], "properties": {"decision": {"type": "string"}}}
    deep = json.loads(_nested(MAX_DEPTH - 3, json.dumps(review)))  # review is 3 deep (itself, properties, decision)
    assert _problems({"forms/review.json": deep}) == []
    assert _problems({"forms/review.json": {"not": deep}}) == [
        f"forms/review.json: formulir terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"]


def test_model_toml_nested_100k_deep_is_refused_without_recursion_error():
    meta = load_model_dir(MODELS / "revisi").files["model.toml"].decode()
    deep = meta + "\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert _problems({"model.toml": deep}) == [f"model.toml: model.toml terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"]


def test_form_data_nested_100k_deep_is_a_form_error_not_a_crash(engine, session, deployed):
    deep: dict = {}
    for _ in range(100_000):
        deep = {"x": deep}
    with pytest.raises(FormInvalid) as info:
        start_revisi(engine, session, extra=deep)
    assert info.value.errors == [{"field": "_form",
                                  "message": f"data formulir terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"}]


def test_form_data_at_the_nesting_limit_is_accepted():
    data: dict = {}
    for _ in range(MAX_DEPTH - 1):
        data = {"x": data}
    assert validate_form({"type": "object"}, data) == []
    assert validate_form({"type": "object"}, {"x": data})[0]["field"] == "_form"


# -- regular expressions -------------------------------------------------------------------------
CATASTROPHIC = "^(a+)+$"  # Python's re needs seconds for 27 characters, doubling with each one more
ATTACK = "a" * 27 + "!"


def _timed(schema: dict, data: dict) -> tuple[list[dict], float]:
    began = time.perf_counter()
    errors = validate_form(schema, data)
    return errors, time.perf_counter() - began


def test_catastrophic_pattern_is_answered_within_half_a_second():
    schema = {"type": "object", "properties": {"kode": {"type": "string", "pattern": CATASTROPHIC}}}
    errors, took = _timed(schema, {"kode": ATTACK})
    assert errors == [{"field": "kode", "message": "format tidak sesuai"}]
    assert took < 0.5


def test_catastrophic_pattern_properties_name_is_answered_within_half_a_second():
    schema = {"type": "object", "patternProperties": {CATASTROPHIC: {"type": "string"}},
              "additionalProperties": False}
    errors, took = _timed(schema, {ATTACK: "x"})
    assert errors == [{"field": "_form", "message": "isian tidak dikenal"}]
    assert took < 0.5


def test_regex_format_data_that_overflows_or_stalls_python_re_is_a_quick_form_error():
    schema = {"type": "object", "properties": {"pola": {"type": "string", "format": "regex"}}}
    for value in ["(" * 1000 + ")" * 1000, "|".join(["a" * 10] * 100_000)]:
        errors, took = _timed(schema, {"pola": value})
        assert errors == [{"field": "pola", "message": "format tidak sesuai"}]
        assert took < 0.5
    assert validate_form(schema, {"pola": "^[0-9]{4}$"}) == []


def test_deploy_refuses_patterns_re2_cannot_run_or_too_long_naming_where():
    review = json.loads(load_model_dir(MODELS / "revisi").files["forms/review.json"])
    review["properties"]["note"]["pattern"] = "^(?=.*[0-9]).+$"
    review["patternProperties"] = {"a" * (MAX_PATTERN_LENGTH + 1): {"type": "string"}}
    assert _problems({"forms/review.json": review}) == [
        "forms/review.json: pola di #/patternProperties/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… terlalu panjang "
        f"({MAX_PATTERN_LENGTH + 1} karakter, batas {MAX_PATTERN_LENGTH})",
        "forms/review.json: pola di #/properties/note/pattern tidak valid atau tidak didukung (invalid perl "
        "operator: (?=); lookahead, lookbehind dan backreference tidak tersedia"]


def test_deploy_refuses_unevaluated_properties_beside_pattern_properties():
    form = {"type": "object", "patternProperties": {"^x-": {}}, "unevaluatedProperties": False}
    assert _problems({"forms/review.json": form}) == [
        "forms/review.json: unevaluatedProperties di # tidak dapat dipakai dalam formulir yang memakai "
        "patternProperties"]


def test_a_stored_form_with_a_pattern_re2_refuses_gives_a_form_error_not_python_re():
    schema = {"type": "object", "properties": {"kode": {"type": "string", "pattern": "^(a+)+(?=!)"}}}
    errors, took = _timed(schema, {"kode": ATTACK})
    assert [e["field"] for e in errors] == ["_form"] and "#/properties/kode/pattern" in errors[0]["message"]
    assert took < 0.5


def _as_before(schema: dict, data: dict) -> list[dict]:
    """What validate_form answered before patterns ran on RE2: jsonschema's own validator, same mapping."""
    found = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data)
    return [{"field": _field_of(e), "message": _message_of(e)}
            for e in sorted(found, key=lambda e: list(map(str, e.absolute_path)))]


ORDINARY = {
    "type": "object",
    "properties": {
        "nip": {"type": "string", "pattern": "[0-9]{18}"},
        "telepon": {"type": "string", "pattern": "^(\\+62|0)8[0-9]{8,11}$"},
        "nama": {"type": "string", "pattern": "^[A-Za-z .'-]{1,100}$", "minLength": 3},
        "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "kode": {"type": "string", "pattern": "^\\u0041[A-Z]$"},
        "pola": {"type": "string", "format": "regex"},
    },
    "patternProperties": {"^x-": {"type": "string"}},
    "additionalProperties": False,
}


@pytest.mark.parametrize("data", [
    {"nip": "NIP 198001012005011001 (aktif)"},  # searched for, not anchored
    {"nip": "1980", "telepon": "08123", "nama": "Bu", "hash": "ABC"},
    {"telepon": "+6281234567890", "nama": "Siti Nur'aini", "hash": "0" * 64, "kode": "AB"},
    {"kode": "BB", "pola": "[a-", "x-catatan": 1, "lain": "?"},
    {"x-catatan": "ok", "pola": "^[0-9]+$"},
])
def test_ordinary_patterns_validate_with_the_same_errors_as_before(data):
    assert validate_form(ORDINARY, data) == _as_before(ORDINARY, data)


def test_pattern_dollar_is_the_end_of_the_text_as_in_json_schema():
    # Python's re let "$" match before a final newline: "1234\n" passed ^[0-9]{4}$
    schema = {"type": "object", "properties": {"tahun": {"type": "string", "pattern": "^[0-9]{4}$"}}}
    assert validate_form(schema, {"tahun": "2024\n"}) == [{"field": "tahun", "message": "format tidak sesuai"}]
    assert validate_form(schema, {"tahun": "2024"}) == []
