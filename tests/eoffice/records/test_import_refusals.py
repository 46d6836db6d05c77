"""Bad packages are refused with clear errors (422, or 415 for a document that is not a PDF) and store nothing."""
from __future__ import annotations

import json
import stat
import zipfile

import pytest

from tests.eoffice.letters.helpers import registered_letter
from tests.eoffice.records.helpers import import_package, make_zip, open_zip, repack, sha256, stored_things


@pytest.fixture
def good(client, token) -> dict[str, bytes]:
    letter = registered_letter(client, token)
    response = client.get(f"/api/v1/letters/{letter['id']}/package.zip", headers=token("kadis.kominfo"))
    assert response.status_code == 200
    return open_zip(response.data)


def _refused(app, client, token, data: bytes, status: int = 422) -> dict:
    before = stored_things(app)
    response = import_package(client, token("tu.bkpsdm"), data)
    assert response.status_code == status, response.get_json()
    assert stored_things(app) == before  # no letter, no import row, no agenda number, no file
    return response.get_json()


def _fields(body: dict) -> set[str]:
    return {e["field"] for e in body["errors"]}


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def test_zip_slip_absolute_paths_and_symlinks_are_refused(app, client, token, good):
    for name in ("../../etc/cron.d/x", "documents/../../x.pdf", "/etc/passwd", "C:/evil.pdf", "documents\\x.pdf"):
        body = _refused(app, client, token, make_zip(list(good.items()) + [(name, b"x")]))
        assert name in _fields(body), name
    body = _refused(app, client, token, make_zip(list(good.items()) + [(_symlink("attachments/link.pdf"), b"/etc/passwd")]))
    assert any("symlink" in e["message"] for e in body["errors"])


def test_a_zip_bomb_and_a_file_that_is_not_a_zip_are_refused(app, client, token, good):
    bomb = make_zip(list(good.items()) + [("attachments/bomb.pdf", b"\0" * (8 * 1024 * 1024))])
    body = _refused(app, client, token, bomb)
    assert any("zip bomb" in e["message"] for e in body["errors"])
    body = _refused(app, client, token, b"PK\x03\x04 not really a zip")
    assert _fields(body) == {"file"}
    assert _fields(_refused(app, client, token, b"")) == {"file"}


def test_a_missing_or_invalid_manifest_is_refused(app, client, token, good):
    without = {k: v for k, v in good.items() if k != "manifest.json"}
    assert "manifest.json" in _fields(_refused(app, client, token, make_zip(list(without.items()))))
    broken = {**good, "manifest.json": b"{not json"}
    assert "manifest.json" in _fields(_refused(app, client, token, repack(broken, fix_checksums=False)))
    manifest = json.loads(good["manifest.json"])
    manifest["format"] = "something-else"
    manifest["letter"]["sifat"] = "sangat-penting"
    del manifest["letter"]["subject"]
    body = _refused(app, client, token, repack({**good, "manifest.json": json.dumps(manifest).encode()}))
    assert {"manifest.json#/format", "manifest.json#/letter/sifat", "manifest.json#/letter"} <= _fields(body)


def test_checksums_that_do_not_match_are_refused(app, client, token, good):
    tampered = {**good, "trail.json": good["trail.json"].replace(b"instance_started", b"instance_startex")}
    body = _refused(app, client, token, make_zip(list(tampered.items())))
    assert _fields(body) == {"trail.json"} and "checksum" in body["errors"][0]["message"]
    extra = make_zip(list(good.items()) + [("attachments/extra.pdf", good["documents/original.pdf"])])
    assert "attachments/extra.pdf" in _fields(_refused(app, client, token, extra))
    no_sums = {k: v for k, v in good.items() if k != "checksums.sha256"}
    assert "checksums.sha256" in _fields(_refused(app, client, token, make_zip(list(no_sums.items()))))
    # a swapped PDF with fresh checksums still disagrees with the manifest's sha256
    swapped = dict(good)
    swapped["documents/original.pdf"] = good["documents/original.pdf"] + b"\n% changed\n"
    swapped["checksums.sha256"] = "".join(f"{sha256(d)}  {p}\n" for p, d in sorted(swapped.items())
                                          if p != "checksums.sha256").encode()
    assert "documents/original.pdf" in _fields(_refused(app, client, token, make_zip(list(swapped.items()))))


def test_a_document_that_is_not_a_pdf_is_refused_with_415(app, client, token, good):
    body = _refused(app, client, token, repack({**good, "documents/original.pdf": b"GIF89a not a pdf"}), status=415)
    assert "PDF" in body["error"]


def test_fields_the_receiving_office_refuses_and_a_caller_who_is_not_its_pencatat(app, client, token, good):
    manifest = json.loads(good["manifest.json"])
    manifest["letter"]["classification"]["code"] = "999.9"
    body = _refused(app, client, token, repack({**good, "manifest.json": json.dumps(manifest).encode()}))
    assert _fields(body) == {"classification"}
    before = stored_things(app)
    for user in ("tu.kominfo", "kadis.bkpsdm", "admin"):
        assert import_package(client, token(user), repack(good)).status_code == 403, user
    assert stored_things(app) == before


def test_the_web_import_form_shows_the_errors_and_stores_nothing(app, client, login, good):
    import io

    from tests.eoffice.letters.helpers import position_id

    browser = login("tu.bkpsdm")
    assert "data-testid=\"import\"" in browser.get("/records/").get_data(as_text=True)
    before = stored_things(app)
    page = browser.post("/records/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(make_zip([("../evil.pdf", b"x")])), "paket.zip"),
        "addressed_to": str(position_id("KADIS.BKPSDM"))})
    assert page.status_code == 422 and "zip slip" in page.get_data(as_text=True)
    assert stored_things(app) == before
    ok = browser.post("/records/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(repack(good)), "paket.zip"), "addressed_to": str(position_id("KADIS.BKPSDM"))})
    assert ok.status_code == 302 and "/letters/" in ok.headers["Location"]
