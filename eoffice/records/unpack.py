"""Reading a records package safely and checking it before anything is stored.

The zip rules are the engine's rules for model zips (workflows/registry.py): no absolute paths,
no `..` or backslashes (zip slip), no symlinks, no encrypted members, declared sizes never
trusted, a compression-ratio cap against zip bombs, file count and size caps. The caps differ
(a scanned letter may be far larger than a BPMN file) and only the package's own file names are
allowed. Then the manifest is checked against package.schema.json and every file against
checksums.sha256 and the manifest; PDFs are checked by content (415 when not a PDF).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from flask import current_app
from flask_babel import gettext as _
from jsonschema import Draft202012Validator

from eoffice.core import files
from eoffice.core.errors import InvalidInput
from eoffice.records.package import CHECKSUMS, MANIFEST, TRAIL
from workflows.registry import MAX_COMPRESSION_RATIO

MAX_FILES = 500
ALLOWED_PATH_RE = re.compile(r"^(manifest\.json|trail\.json|checksums\.sha256|documents/[a-z0-9_-]+\.pdf"
                             r"|attachments/[A-Za-z0-9_.-]+\.pdf)$")
CHECKSUM_LINE_RE = re.compile(r"^([0-9a-f]{64}) [ *](\S.*)$")
SCHEMA_PATH = Path(__file__).with_name("package.schema.json")


@dataclass(frozen=True)
class Package:
    manifest: dict
    trail: dict
    files: dict[str, bytes]  # every file but manifest, trail and checksums

    @property
    def main_pdf(self) -> bytes:
        return self.files[self.manifest["main_document"]]


@lru_cache(maxsize=1)
def schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _refuse(errors: list[tuple[str, str]]):
    raise InvalidInput([{"field": field, "message": message} for field, message in errors])


def _limits() -> tuple[int, int]:
    """(largest member, largest total) in bytes: a package holds a few upload-sized PDFs."""
    member = current_app.config["MAX_UPLOAD_BYTES"]
    return member, 4 * member


def path_problem(name: str) -> str | None:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return _("path absolut tidak diizinkan")
    if "\\" in name or ".." in PurePosixPath(name).parts:
        return _("path keluar dari folder paket (zip slip) tidak diizinkan")
    if not ALLOWED_PATH_RE.match(name):
        return _("berkas tidak dikenal dalam paket arsip")
    return None


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | str:
    """The member's bytes, or why it is refused (the declared sizes are never trusted)."""
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return _("symlink tidak diizinkan")
    if info.flag_bits & 0x1:
        return _("berkas terenkripsi tidak diizinkan")
    if info.file_size > limit:
        return _("berkas terlalu besar (batas %(limit)s byte)", limit=limit)
    if info.file_size > 64 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        return _("rasio kompresi mencurigakan (zip bomb) ditolak")
    with zf.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return _("berkas terlalu besar (batas %(limit)s byte)", limit=limit)
    if len(data) > 64 * 1024 and len(data) > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        return _("rasio kompresi mencurigakan (zip bomb) ditolak")
    return data


def read_zip(data: bytes | None) -> dict[str, bytes]:
    """Every member of a package zip by path; InvalidInput listing every unsafe member."""
    if not data:
        _refuse([("file", _("Unggah paket arsip (zip)."))])
    member_limit, total_limit = _limits()
    if len(data) > total_limit:
        _refuse([("file", _("Paket terlalu besar (batas %(limit)s byte).", limit=total_limit))])
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):  # the library's message is English: not shown to the user
        _refuse([("file", _("Bukan berkas zip yang valid."))])
    found, problems, total = {}, [], 0
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_FILES:
            _refuse([("file", _("Terlalu banyak berkas dalam paket (%(count)s, batas %(limit)s).",
                                 count=len(infos), limit=MAX_FILES))])
        for info in infos:
            if info.is_dir():
                continue
            reason = path_problem(info.filename)
            if reason is None and info.filename in found:
                reason = _("nama berkas ganda dalam paket")
            content = reason or _member(zf, info, member_limit)
            if isinstance(content, str):
                problems.append((info.filename, content))
                continue
            total += len(content)
            if total > total_limit:
                problems.append(("file", _("Isi paket terlalu besar (batas %(limit)s byte).", limit=total_limit)))
                break
            found[info.filename] = content
    if problems:
        _refuse(problems)
    return found


def _json_file(members: dict[str, bytes], name: str) -> dict:
    if name not in members:
        _refuse([(name, _("%(name)s tidak ada dalam paket.", name=name))])
    try:
        value = json.loads(members[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        _refuse([(name, _("%(name)s bukan JSON yang valid: %(error)s", name=name, error=str(exc)))])
    if not isinstance(value, dict):
        _refuse([(name, _("%(name)s harus berupa objek JSON.", name=name))])
    return value


def check_manifest(manifest: dict) -> None:
    errors = sorted(schema_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        _refuse([(f"{MANIFEST}#/" + "/".join(str(p) for p in e.absolute_path), e.message) for e in errors[:20]])


def _listed_checksums(members: dict[str, bytes]) -> dict[str, str]:
    if CHECKSUMS not in members:
        _refuse([(CHECKSUMS, _("%(name)s tidak ada dalam paket.", name=CHECKSUMS))])
    listed, problems = {}, []
    for number, line in enumerate(members[CHECKSUMS].decode("utf-8", "replace").splitlines(), start=1):
        match = CHECKSUM_LINE_RE.match(line.strip())
        if match is None:
            problems.append((CHECKSUMS, _("baris %(number)s tidak berformat \"<sha256>  <path>\".", number=number)))
        else:
            listed[match.group(2)] = match.group(1)
    if problems:
        _refuse(problems)
    return listed


def check_checksums(members: dict[str, bytes], manifest: dict) -> None:
    """Every file (but checksums.sha256) listed once with a matching hash, and the manifest agreeing."""
    listed = _listed_checksums(members)
    problems = []
    for path in sorted(set(members) - {CHECKSUMS} | set(listed)):
        if path not in listed:
            problems.append((path, _("berkas tidak tercantum di checksums.sha256.")))
        elif path not in members:
            problems.append((path, _("berkas tercantum di checksums.sha256 tetapi tidak ada dalam paket.")))
        elif hashlib.sha256(members[path]).hexdigest() != listed[path]:
            problems.append((path, _("checksum SHA-256 tidak cocok: berkas berubah atau rusak.")))
    declared = {f["path"]: f for f in manifest["files"]}
    for path in sorted(set(members) - {MANIFEST, TRAIL, CHECKSUMS} | set(declared)):
        entry = declared.get(path)
        if entry is None:
            problems.append((path, _("berkas tidak tercantum di manifest.json.")))
        elif path not in members:
            problems.append((path, _("berkas tercantum di manifest.json tetapi tidak ada dalam paket.")))
        elif entry["sha256"] != hashlib.sha256(members[path]).hexdigest() or entry["size"] != len(members[path]):
            problems.append((path, _("SHA-256 atau ukuran berkas tidak cocok dengan manifest.json.")))
    if manifest["main_document"] not in declared:
        problems.append((f"{MANIFEST}#/main_document", _("dokumen utama tidak tercantum di daftar berkas.")))
    if problems:
        _refuse(problems)


def read_package(data: bytes | None) -> Package:
    """A checked package: safe zip, valid manifest, matching checksums, PDFs that are PDFs.

    Raises InvalidInput (422) or UnsupportedMedia (415); reads only, stores nothing."""
    members = read_zip(data)
    manifest = _json_file(members, MANIFEST)
    check_manifest(manifest)
    trail = _json_file(members, TRAIL)
    check_checksums(members, manifest)
    for entry in manifest["files"]:
        files.check_pdf(members[entry["path"]], entry["path"])
    documents = {p: d for p, d in members.items() if p not in (MANIFEST, TRAIL, CHECKSUMS)}
    return Package(manifest=manifest, trail=trail, files=documents)
