"""Uploaded and generated files: PDFs checked by content, stored content-addressed outside the web root.

Files are served only through views that check permissions first; the store itself never
decides who may read.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from eoffice.core.errors import InvalidInput, UnsupportedMedia


def storage_dir() -> Path:
    path = Path(current_app.config["STORAGE_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_pdf(data: bytes, field: str = "file") -> None:
    """Refuse anything that is not a readable PDF within the size cap."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if not data:
        raise InvalidInput(_("Berkas kosong."), field)
    if len(data) > limit:
        raise InvalidInput(_("Berkas terlalu besar (maksimal %(mb)s MB).", mb=limit // (1024 * 1024)), field)
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnsupportedMedia(_("Berkas harus berupa PDF."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise InvalidInput(_("PDF tidak memiliki halaman."), field)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnsupportedMedia(_("Berkas PDF rusak atau tidak dapat dibaca.")) from exc


def _path(digest: str) -> Path:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("bad digest")
    return storage_dir() / digest[:2] / digest[2:4] / digest


def store(data: bytes) -> str:
    """Store bytes under their SHA-256; idempotent, atomic (write to a temp file, then rename)."""
    digest = hashlib.sha256(data).hexdigest()
    target = _path(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
    return digest


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def discard(digest: str) -> None:
    """Remove a file stored by a use case that then failed (only when nothing else had stored it)."""
    try:
        _path(digest).unlink(missing_ok=True)
    except ValueError:
        pass


def read(digest: str) -> bytes:
    return _path(digest).read_bytes()


def exists(digest: str) -> bool:
    try:
        return _path(digest).exists()
    except ValueError:
        return False
