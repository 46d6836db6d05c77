"""Shared steps of the records tests: a disposed letter with reports, packages read back, counts of stored things."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from sqlalchemy import func, select

from tests.eoffice.letters.helpers import complete, position_id, registered_letter, sample_pdf, task_for_letter


def disposed_letter(client, token, **overrides) -> dict:
    """A DISKOMINFO letter disposed to two Kabid; Kabid IKP reports back with a PDF attached."""
    from eoffice.core import files

    letter = registered_letter(client, token, **overrides)
    kadis, kabid_ikp = token("kadis.kominfo"), token("kabid.ikp")
    task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, task["id"], {
        "action": "dispose", "recipients": [position_id("KABID.APTIKA"), position_id("KABID.IKP")],
        "instructions": ["Koordinasi"], "note": "Mohon ditindaklanjuti"}).status_code == 200
    attachment = sample_pdf("Laporan hasil rapat")
    digest = files.store(attachment)
    task = task_for_letter(client, kabid_ikp, letter["id"])
    assert complete(client, kabid_ikp, task["id"], {"action": "report", "report": "Rapat sudah dihadiri",
                                                    "report_file": digest}).status_code == 200
    return {**letter, "report_pdf": attachment}


def open_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def names_in_order(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def checksum_lines(entries: dict[str, bytes]) -> dict[str, str]:
    lines = entries["checksums.sha256"].decode().splitlines()
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


def repack(entries: dict[str, bytes], *, fix_checksums: bool = True) -> bytes:
    """The entries zipped again; with `fix_checksums` the manifest and checksums agree with the files."""
    entries = dict(entries)
    if fix_checksums:
        manifest = json.loads(entries["manifest.json"])
        for item in manifest["files"]:
            if item["path"] in entries:
                item["sha256"], item["size"] = sha256(entries[item["path"]]), len(entries[item["path"]])
        entries["manifest.json"] = json.dumps(manifest).encode()
        entries["checksums.sha256"] = "".join(f"{sha256(d)}  {p}\n" for p, d in sorted(entries.items())
                                              if p != "checksums.sha256").encode()
    return make_zip(list(entries.items()))


def import_package(client, headers, data: bytes, addressed_to: str = "KADIS.BKPSDM", filename="paket.zip"):
    return client.post("/api/v1/records/import", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), filename), "addressed_to": str(position_id(addressed_to))})


def stored_things(app) -> dict:
    """What an import could leave behind: letters, imports, agenda counters and files in the store."""
    from pathlib import Path

    from eoffice.app.extensions import db
    from eoffice.letters.models import AgendaCounter, Letter
    from eoffice.records.models import RecordsImport

    return {"letters": db.session.scalar(select(func.count()).select_from(Letter)),
            "imports": db.session.scalar(select(func.count()).select_from(RecordsImport)),
            "agenda": db.session.scalar(select(func.coalesce(func.sum(AgendaCounter.value), 0))),
            "files": sorted(str(p) for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file())}
