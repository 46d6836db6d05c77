"""Zips of model folders for upload tests (built in the test from bpmn/<id>, optionally altered)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def folder_files(model_id: str) -> dict[str, bytes]:
    base = ROOT / "bpmn" / model_id
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def renamed(files: dict[str, bytes], new_id: str, version: str = "1.0") -> dict[str, bytes]:
    """The same model under another id (a service the office does not have yet)."""
    toml = files["model.toml"].decode()
    toml = re.sub(r'^id = ".*"$', f'id = "{new_id}"', toml, flags=re.M)
    toml = re.sub(r'^version = ".*"$', f'version = "{version}"', toml, flags=re.M)
    return {**files, "model.toml": toml.encode()}


def make_zip(files: dict[str, bytes], folder: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            zf.writestr(f"{folder}/{path}" if folder else path, data)
    return buffer.getvalue()


def upload(client, headers, data: bytes, note: str = "", query: str = ""):
    return client.post(f"/api/v1/process-models{query}", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), "model.zip"), "note": note})


def surat_tugas_data() -> dict:
    """A valid start form of the surat_tugas service."""
    return {"purpose": "Menghadiri rapat koordinasi SPBE provinsi", "destination": "Serang",
            "start_date": "2026-12-07", "end_date": "2026-12-08", "funding": "dpa_opd"}
