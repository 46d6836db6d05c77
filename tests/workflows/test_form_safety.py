"""Uploaded models and submitted data cannot reach the network or disk, nor freeze or crash the server.

Each test names the attack it stops (a security review's findings): remote and file `$ref`s, `$ref`
cycles, catastrophic regular expressions, deeply nested JSON.
"""
from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from workflows.errors import FormInvalid
from workflows.forms import validate_form
from workflows.nesting import MAX_DEPTH
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
