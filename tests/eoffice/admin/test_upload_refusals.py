"""Every kind of bad model upload is refused with 422 naming the problem, and nothing is stored."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from tests.eoffice.admin.helpers import folder_files, make_zip, renamed, upload
from workflows.models import ProcessModel, ProcessVersion

MODEL = "surat_tugas_uji"
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="&xxe;" /></bpmn:process>
</bpmn:definitions>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="&lol3;" /></bpmn:process>
</bpmn:definitions>"""


def _files(changes: dict[str, bytes | None] | None = None) -> dict[str, bytes]:
    files = renamed(folder_files("surat_tugas"), MODEL)
    for path, data in (changes or {}).items():
        if data is None:
            files.pop(path)
        else:
            files[path] = data
    return files


def _toml_spbe(line: str, replacement: str) -> bytes:
    return _files()["model.toml"].replace(line.encode(), replacement.encode())


def _slip_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in _files().items():
            zf.writestr(path, data)
        zf.writestr("../../etc/cron.d/evil", b"* * * * * root rm -rf /")
    return buffer.getvalue()


BPMN = _files()["process.bpmn"]


def _with(path: str, data: bytes | None):
    return lambda: make_zip(_files({path: data}))


def _script(old: bytes, new: bytes):
    return _with("process.bpmn", BPMN.replace(old, new))


CASES = {
    "missing SPBE domain link": (_with("model.toml", _toml_spbe('RAK = ["RAK.01.01.01"]', "")), "tautan domain RAK"),
    "unknown SPBE code": (_with("model.toml", _toml_spbe("RAD.02.04.01", "RAD.02.04.77")), "RAD.02.04.77 tidak terdaftar"),
    "SPBE code of the wrong domain": (_with("model.toml", _toml_spbe('RAL = ["RAL.02.07.01"]', 'RAL = ["RAA.01.03.01"]')),
                                      "bukan RAL"),
    "invalid BPMN": (_script(b'targetRef="approve"', b'targetRef="nowhere"'), "process.bpmn"),
    "missing form": (_with("forms/approve.json", None), "forms/approve.json"),
    "XML external entity": (_with("process.bpmn", XXE), "DTD/entitas tidak diizinkan"),
    "entity expansion bomb": (_with("process.bpmn", BOMB), "DTD/entitas tidak diizinkan"),
    "zip slip": (_slip_zip, "zip slip"),
    "sandbox escape in a script": (_script(b"result = 'disetujui'", b"result = ().__class__.__bases__[0].__subclasses__()"),
                                   "skrip tidak valid"),
    "import in a script": (_script(b"result = 'ditolak'", b"import os; result = os.system('id')"), "skrip tidak valid"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_upload_is_refused_and_nothing_is_stored(client, token, db_session, case):
    build, expected = CASES[case]
    versions_before = db_session.scalar(select(func.count()).select_from(ProcessVersion))
    response = upload(client, token("admin"), build())
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert any(expected in e["message"] for e in errors), errors
    db_session.rollback()
    assert db_session.get(ProcessModel, MODEL) is None
    assert db_session.scalar(select(func.count()).select_from(ProcessVersion)) == versions_before


def test_a_retired_record_blocks_publishing(client, token):
    admin = token("admin")
    client.post("/api/v1/spbe/records/RAB.09.06.02/retire", headers=admin)
    response = upload(client, admin, make_zip(_files()))
    assert response.status_code == 422
    assert any("dipensiunkan" in e["message"] for e in response.get_json()["errors"])


def test_every_problem_is_named_at_once(client, token):
    files = _files({"forms/approve.json": None, "model.toml": _toml_spbe('RAK = ["RAK.01.01.01"]', "")})
    errors = upload(client, token("admin"), make_zip(files)).get_json()["errors"]
    assert {e["field"] for e in errors} >= {"forms/approve.json", "model.toml#spbe.RAK"}


def test_an_upload_without_a_file_is_refused(client, token):
    response = client.post("/api/v1/process-models", headers=token("admin"), data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "file"
