"""Model validation lists every problem with its path, in Bahasa Indonesia."""
from __future__ import annotations

from types import MappingProxyType

from workflows.errors import Problem
from workflows.registry import ModelPackage, load_model_dir
from workflows.validation import validate_package

from .conftest import MODELS


def _variant(edit_bpmn=None, drop=(), add=None) -> ModelPackage:
    files = dict(load_model_dir(MODELS / "revisi").files)
    for path in drop:
        files.pop(path)
    if edit_bpmn:
        text = files["process.bpmn"].decode()
        for old, new in edit_bpmn:
            assert old in text
            text = text.replace(old, new)
        files["process.bpmn"] = text.encode()
    files.update(add or {})
    return ModelPackage("revisi", MappingProxyType(files))


def _messages(pkg, **kwargs) -> list[str]:
    return [str(p) for p in validate_package(pkg, **kwargs)]


def test_example_model_is_valid():
    assert validate_package(load_model_dir(MODELS / "revisi")) == []
    assert validate_package(load_model_dir(MODELS / "paralel")) == []


def test_missing_form_for_user_task_is_reported():
    assert _messages(_variant(drop=["forms/review.json"])) == [
        "forms/review.json: formulir untuk tugas pengguna ini tidak ada"]


def test_missing_candidates_is_reported():
    pkg = _variant(edit_bpmn=[('<spiffworkflow:property name="candidates" value="\'user:\' + requester" />', "")])
    assert "process.bpmn#submit: tugas pengguna harus punya properti 'candidates'" in _messages(pkg)


def test_unsafe_script_condition_and_timer_are_all_reported():
    pkg = _variant(edit_bpmn=[
        ("reminded = True", "import os"),
        ("decision == 'approve'", "decision.__class__"),
        ("add_working_days(now(), 3)", "open('/etc/passwd'"),
    ])
    messages = _messages(pkg)
    assert any(m.startswith("process.bpmn#remind: skrip tidak valid") for m in messages)
    assert any(m.startswith("process.bpmn#f_approve: kondisi tidak valid") for m in messages)
    assert any(m.startswith("process.bpmn#review_timer: ekspresi timer tidak valid") for m in messages)
    assert len(messages) == 3


def test_user_task_outside_lanes_is_reported():
    pkg = _variant(edit_bpmn=[("<bpmn:flowNodeRef>review</bpmn:flowNodeRef>", "")])
    assert _messages(pkg) == ["process.bpmn#review: tugas pengguna tidak berada di lane mana pun"]


def test_no_executable_process_is_reported():
    pkg = _variant(edit_bpmn=[('isExecutable="true"', 'isExecutable="false"')])
    assert any("proses executable" in m for m in _messages(pkg))


def test_dtd_in_bpmn_is_reported_as_unsafe():
    pkg = _variant(edit_bpmn=[('<?xml version="1.0" encoding="UTF-8"?>',
                               '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e "e">]>')])
    assert _messages(pkg) == ["process.bpmn: XML ditolak: DTD/entitas tidak diizinkan (DTDForbidden)"]


def test_invalid_bpmn_is_reported():
    pkg = _variant(edit_bpmn=[('<bpmn:startEvent id="start" name="Mulai">', '<bpmn:startEvent id="start" bogus="1">')])
    assert any(m.startswith("process.bpmn: BPMN tidak valid") for m in _messages(pkg))


def test_model_toml_required_fields_and_bad_form_are_reported():
    pkg = _variant(add={"model.toml": b'title = "x"\n', "forms/review.json": b'{"type": 12}'})
    messages = _messages(pkg)
    assert "model.toml: 'owner_unit' wajib diisi" in messages and "model.toml: 'version' wajib diisi" in messages
    assert any(m.startswith("forms/review.json: JSON Schema tidak valid") for m in messages)


def test_extra_checks_problems_are_appended():
    def spbe_check(pkg):
        return [Problem("model.toml", "kode SPBE PB.01.01 tidak dikenal")]
    assert _messages(load_model_dir(MODELS / "revisi"), extra_checks=[spbe_check]) == [
        "model.toml: kode SPBE PB.01.01 tidak dikenal"]
