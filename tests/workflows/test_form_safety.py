"""Uploaded models and submitted data cannot reach the network or disk, nor freeze or crash the server.

Each test names the attack it stops (a security review's findings): remote and file `$ref`s, `$ref`
cycles, catastrophic regular expressions, deeply nested JSON.
"""
from __future__ import annotations

import http.server
import json
import sys
import threading
import time
from types import MappingProxyType

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from workflows.errors import FormInvalid
from workflows import forms
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
ATTACK = "a" * 32 + "!"  # old code: about a minute


def _timed(schema: dict, data: dict) -> tuple[list[dict], float]:
    began = time.perf_counter()
    errors = validate_form(schema, data)
    return errors, time.perf_counter() - began


def test_catastrophic_pattern_is_answered_within_two_seconds():
    schema = {"type": "object", "properties": {"kode": {"type": "string", "pattern": CATASTROPHIC}}}
    errors, took = _timed(schema, {"kode": ATTACK})
    assert errors == [{"field": "kode", "message": "format tidak sesuai"}]
    assert took < 2.0


def test_catastrophic_pattern_properties_name_is_answered_within_two_seconds():
    schema = {"type": "object", "patternProperties": {CATASTROPHIC: {"type": "string"}},
              "additionalProperties": False}
    errors, took = _timed(schema, {ATTACK: "x"})
    assert errors == [{"field": "_form", "message": "isian tidak dikenal"}]
    assert took < 2.0


def test_regex_format_data_that_overflows_or_stalls_python_re_is_a_quick_form_error():
    schema = {"type": "object", "properties": {"pola": {"type": "string", "format": "regex"}}}
    for value in ["(" * 1000 + ")" * 1000, "|".join(["a" * 10] * 100_000)]:
        errors, took = _timed(schema, {"pola": value})
        assert errors == [{"field": "pola", "message": "format tidak sesuai"}]
        assert took < 2.0
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
    assert took < 2.0


def _as_before(schema: dict, data: dict) -> list[dict]:
    """What validate_form answered before: jsonschema's own validator for the form's draft, same mapping."""
    validator = validator_for(schema, default=Draft202012Validator)
    found = validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(data)
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


# -- $ref ----------------------------------------------------------------------------------------
class _RecordingServer:
    """An HTTP server on 127.0.0.1 that answers every GET with a schema and records the paths asked for."""

    def __init__(self):
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                body = b'{"type": "integer"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/schema.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server():
    server = _RecordingServer()
    yield server
    server.close()


def _form_with_ref(ref: str) -> dict:
    return {"type": "object", "required": ["decision"],
            "properties": {"decision": {"type": "string"}, "alamat": {"$ref": ref}}}


def test_remote_ref_is_never_fetched_at_validation_or_deploy(http_server):
    form = _form_with_ref(http_server.url)
    errors = validate_form(form, {"decision": "approve", "alamat": "Jl. Merdeka 1"})
    assert [e["field"] for e in errors] == ["_form"]
    assert _problems({"forms/review.json": form}) == [
        f"forms/review.json: $ref {http_server.url} di #/properties/alamat ditolak: hanya JSON pointer ke formulir "
        "ini sendiri (mis. #/$defs/alamat) yang diizinkan"]
    assert http_server.requests == []


def test_validators_resolve_through_a_registry_that_fetches_nothing(http_server):
    from referencing.exceptions import Unresolvable

    from workflows.forms import _new_validator  # what validate_form builds once the static checks pass

    for form in [_form_with_ref(http_server.url), {"$id": http_server.url, **_form_with_ref("other.json")}]:
        with pytest.raises(Unresolvable):
            list(_new_validator(form).iter_errors({"decision": "approve", "alamat": "x"}))
    assert http_server.requests == []


_opened: list[str] = []


def _record_opens(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], str) and args[0].endswith("rahasia.json"):
        _opened.append(args[0])


sys.addaudithook(_record_opens)  # audit hooks cannot be removed; this one only notes one file name


def test_file_ref_never_reads_the_server_file(tmp_path):
    secret = tmp_path / "rahasia.json"
    secret.write_text('{"type": "integer"}')
    form = _form_with_ref(secret.as_uri())
    _opened.clear()
    errors = validate_form(form, {"decision": "approve", "alamat": "teks"})
    assert [e["field"] for e in errors] == ["_form"]  # not the file's "must be an integer"
    assert any(f"$ref {secret.as_uri()} di #/properties/alamat ditolak" in p
               for p in _problems({"forms/review.json": form}))
    assert _opened == []


@pytest.mark.parametrize("form, cycle", [
    ({"$ref": "#"}, "# → #"),
    ({"type": "object", "allOf": [{"$ref": "#"}]}, "# → #/allOf/0 → #"),
    ({"definitions": {"a": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}},
     "#/definitions/a → #/definitions/a"),
    ({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"not": {"$ref": "#/$defs/a"}}}, "$ref": "#/$defs/a"},
     "#/$defs/a → #/$defs/b → #/$defs/b/not → #/$defs/a"),
])
def test_self_referencing_ref_is_refused_at_deploy_and_is_a_form_error_not_recursion_error(form, cycle):
    assert _problems({"forms/review.json": form}) == [f"forms/review.json: $ref melingkar tanpa akhir: {cycle}"]
    assert validate_form(form, {"x": 1}) == [{"field": "_form", "message": f"$ref melingkar tanpa akhir: {cycle}"}]


@pytest.mark.parametrize("ref, problem", [
    ("other.json#/a", "ditolak: hanya JSON pointer ke formulir ini sendiri (mis. #/$defs/alamat) yang diizinkan"),
    ("#alamat", "ditolak: hanya JSON pointer ke formulir ini sendiri (mis. #/$defs/alamat) yang diizinkan"),
    ("#/$defs/tidak_ada", "tidak menunjuk ke bagian mana pun dari formulir ini"),
    ("#/required", "tidak menunjuk ke skema"),
])
def test_deploy_refuses_refs_outside_the_form_or_to_nothing_naming_ref_and_field(ref, problem):
    assert _problems({"forms/review.json": _form_with_ref(ref)}) == [
        f"forms/review.json: $ref {ref} di #/properties/alamat {problem}"]


def test_deploy_refuses_a_nested_id_that_would_move_local_refs_elsewhere():
    form = _form_with_ref("#/$defs/alamat")
    form["$defs"] = {"alamat": {"$id": "http://127.0.0.1:9/", "type": "string"}}
    assert _problems({"forms/review.json": form}) == [
        "forms/review.json: '$id' di #/$defs/alamat tidak diizinkan: hanya akar formulir yang boleh punya '$id'"]


def test_deploy_checks_the_form_against_its_declared_draft():
    form = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
            "properties": {"jumlah": {"type": "integer", "exclusiveMinimum": 0}}}  # a boolean in draft-04
    assert [p.split(":")[1].strip() for p in _problems({"forms/review.json": form})] == ["JSON Schema tidak valid"]
    form["properties"]["jumlah"] = {"type": "integer", "minimum": 0, "exclusiveMinimum": True}
    assert _problems({"forms/review.json": form}) == []
    assert _problems({"forms/review.json": {"$schema": "http://json-schema.org/draft-03/schema#"}}) == [
        "forms/review.json: $schema 'http://json-schema.org/draft-03/schema#' tidak didukung (pakai draft-04, "
        "draft-06, draft-07, 2019-09 atau 2020-12)"]


def test_deploy_refuses_refs_doubling_at_each_level_before_they_freeze_a_submission():
    defs = {f"a{i}": {"allOf": [{"$ref": f"#/$defs/a{i + 1}"}, {"$ref": f"#/$defs/a{i + 1}"}]} for i in range(30)}
    form = {"$defs": {**defs, "a30": {"type": "object"}}, "$ref": "#/$defs/a0"}  # 2**30 schemas for one value
    assert _problems({"forms/review.json": form}) == [
        "forms/review.json: skema di # menerapkan terlalu banyak skema pada satu nilai (lebih dari 1000 lewat "
        "$ref/allOf/anyOf/oneOf)"]


def test_recursion_error_while_validating_is_a_form_error():
    # Each level of the data goes through a 62-long chain of $refs: allowed, but too deep for Python's stack.
    defs = {f"c{i}": {"$ref": f"#/$defs/c{i + 1}"} for i in range(61)}
    form = {"$defs": {**defs, "c61": {"type": "object", "properties": {"c": {"$ref": "#/$defs/c0"}}}},
            "$ref": "#/$defs/c0"}
    assert _problems({"forms/review.json": form}) == []
    data: dict = {}
    for _ in range(MAX_DEPTH - 2):
        data = {"c": data}
    assert validate_form(form, data) == [{"field": "_form", "message": "formulir tidak dapat diperiksa: rujukan $ref "
                                                                      "di formulir tidak dapat diselesaikan atau terlalu dalam"}]


LOCAL_REFS = [
    {"$defs": {"alamat": {"type": "object", "required": ["jalan"], "additionalProperties": False,
                          "properties": {"jalan": {"type": "string", "minLength": 3},
                                         "kode_pos": {"type": "string", "pattern": "^[0-9]{5}$"}}}},
     "type": "object", "required": ["rumah"],
     "properties": {"rumah": {"$ref": "#/$defs/alamat"}, "kantor": {"$ref": "#/$defs/alamat"}}},
    {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"jumlah": {"type": "integer",
                                                                                      "minimum": 1}},
     "type": "object", "properties": {"rumah": {"$ref": "#/definitions/jumlah"}}},
    {"$id": "https://eoffice.example/forms/pohon.json", "$defs": {"simpul": {
        "type": "object", "properties": {"jalan": {"type": "string"}, "rumah": {"$ref": "#/$defs/simpul"}}}},
     "$ref": "#/$defs/simpul"},
    {"$defs": {"nama jalan": {"type": "string", "maxLength": 5}}, "type": "object",
     "properties": {"rumah": {"type": "object", "properties": {"jalan": {"$ref": "#/$defs/nama%20jalan"}}}}},
]
LOCAL_DATA = [{}, {"rumah": {"jalan": "Jl. Merdeka", "kode_pos": "12345"}},
              {"rumah": {"jalan": "Jl", "kode_pos": "1234", "rt": 1}, "kantor": {}}, {"rumah": 0},
              {"rumah": {"rumah": {"jalan": 5, "rumah": {"jalan": "panjang sekali"}}}}]


@pytest.mark.parametrize("form", LOCAL_REFS)
def test_forms_with_local_refs_deploy_and_validate_with_the_same_errors_as_before(form):
    assert _problems({"forms/review.json": form}) == []
    for data in LOCAL_DATA:
        assert validate_form(form, data) == _as_before(form, data)


# -- work per submission -------------------------------------------------------------------------
def test_form_applying_itself_twice_per_level_is_stopped_within_two_seconds():
    # Deployable (each loop goes through `items`, so it ends with the data) but 2**depth evaluations.
    form = {"$defs": {"lijst": {"type": "array", "allOf": [{"items": {"$ref": "#/$defs/lijst"}},
                                                           {"items": {"$ref": "#/$defs/lijst"}}]}},
            "type": "object", "properties": {"baris": {"$ref": "#/$defs/lijst"}}}
    assert _problems({"forms/review.json": form}) == []
    data: list = []
    for _ in range(20):
        data = [data]
    errors, took = _timed(form, {"baris": data})
    assert errors == [{"field": "_form", "message": f"data terlalu banyak atau formulir terlalu rumit untuk diperiksa "
                                                    f"(lebih dari {forms.MAX_STEPS} langkah)"}]
    assert took < 2.0


def test_unique_items_of_thousands_of_objects_is_answered_within_five_seconds():
    form = {"type": "object", "properties": {"baris": {"type": "array", "uniqueItems": True}}}
    rows = [{"no": i, "nama": f"Pegawai {i}"} for i in range(4000)]  # jsonschema: 8 million comparisons
    errors, took = _timed(form, {"baris": rows})
    assert errors == [] and took < 5.0
    errors, took = _timed(form, {"baris": [*rows, {"nama": "Pegawai 7", "no": 7.0}]})
    assert errors == [{"field": "baris", "message": "isian tidak valid"}] and took < 5.0


@pytest.mark.parametrize("items", [[1, 1.0], [0, False], [1, True], [{"a": 1}, {"a": 1.0}], [[1], [True]],
                                   [1, "1"], [{"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}], [None, None, 1]])
def test_unique_items_means_what_it_meant(items):
    form = {"type": "object", "properties": {"baris": {"type": "array", "uniqueItems": True}}}
    assert validate_form(form, {"baris": items}) == _as_before(form, {"baris": items})


def test_validators_are_built_once_per_form(monkeypatch):
    built = []
    checked = forms.schema_problems
    monkeypatch.setattr(forms, "schema_problems", lambda schema: built.append(schema) or checked(schema))
    form = {"type": "object", "properties": {"kode": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
    for value in ["ABC", "abc", "ABD"]:
        validate_form(form, {"kode": value})
    assert built == [form]


@pytest.mark.parametrize("rules", [5, [{"field": ["end_date"], "after": "start_date"}],
                                   [{"field": "end_date", "after": {"x": 1}}]])
def test_malformed_x_rules_are_refused_at_deploy_and_are_form_errors_not_a_crash(rules):
    form = {"type": "object", "x-rules": rules}
    assert [p.split(": ", 1)[1].startswith("x-rules tidak valid") for p in _problems({"forms/review.json": form})] == [
        True]
    assert [e["field"] for e in validate_form(form, {"end_date": "2024-01-01", "start_date": "2024-02-01"})] == [
        "_form"]


def test_form_with_thousands_of_subschemas_is_refused_at_once_not_checked_for_seconds():
    from workflows.schemas import MAX_SCHEMAS

    form = {"type": "object", "properties": {f"isian_{i}": {"type": "string"} for i in range(5 * MAX_SCHEMAS)}}
    began = time.perf_counter()
    assert _problems({"forms/review.json": form}) == [
        f"forms/review.json: formulir terlalu besar (lebih dari {MAX_SCHEMAS} skema)"]
    assert time.perf_counter() - began < 2.0


@pytest.mark.parametrize("expression", ["1" + " + 1" * 100_000, "-" * 100_000 + "1"])
def test_condition_nested_too_deep_to_compile_is_a_deploy_problem_not_recursion_error(expression):
    bpmn = load_model_dir(MODELS / "revisi").files["process.bpmn"].decode()
    assert "decision == 'approve'" in bpmn
    assert _problems({"process.bpmn": bpmn.replace("decision == 'approve'", expression)}) == [
        "process.bpmn#f_approve: kondisi tidak valid: terlalu dalam bersarang untuk dikompilasi"]
