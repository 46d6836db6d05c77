"""Process model packages: load a `bpmn/<model_id>/` folder or an uploaded zip, safely and bounded."""
from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import stat
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Mapping

from .errors import ModelInvalid, Problem
from .messages import Message, N_
from .nesting import MAX_DEPTH, parse

MAX_FILES = 100
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 10 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MODEL_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
ALLOWED_PATH_RE = re.compile(r"^(process\.bpmn|model\.toml|README\.md|forms/[A-Za-z0-9_.-]+\.json)$")


@dataclass(frozen=True)
class ModelPackage:
    """The files of one process model, keyed by relative POSIX path; immutable."""

    model_id: str
    files: Mapping[str, bytes]

    @property
    def content_hash(self) -> str:
        """sha256 over the model id and every file (path and bytes), independent of file order."""
        digest = hashlib.sha256(self.model_id.encode())
        for path in sorted(self.files):
            data = self.files[path]
            digest.update(b"\0%s\0%d\0" % (path.encode(), len(data)))
            digest.update(data)
        return digest.hexdigest()

    @property
    def bpmn(self) -> bytes | None:
        return self.files.get("process.bpmn")

    def meta(self) -> dict:
        """model.toml as a dict ({} when missing); raises ValueError when it does not parse or nests too deep."""
        raw = self.files.get("model.toml")
        if raw is None:
            return {}
        return _toml(raw)

    def form(self, name: str) -> dict | None:
        """forms/<name>.json parsed, or None when absent; raises ValueError when not JSON or nested too deep
        (`nesting.TooDeep`, whose argument is the message to show)."""
        raw = self.files.get(f"forms/{name}.json")
        if raw is None:
            return None
        return parse(json.loads, raw.decode("utf-8"),
                     Message(N_("formulir terlalu dalam (lebih dari %(limit)s tingkat)"), limit=MAX_DEPTH))

    def text_files(self) -> dict[str, str]:
        return {path: data.decode("utf-8") for path, data in self.files.items()}


def _toml(raw: bytes) -> dict:
    return parse(tomllib.loads, raw.decode("utf-8"),
                 Message(N_("model.toml terlalu dalam (lebih dari %(limit)s tingkat)"), limit=MAX_DEPTH))


def _path_problem(name: str) -> str | None:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return Message(N_("path absolut tidak diizinkan"))
    if "\\" in name or ".." in PurePosixPath(name).parts:
        return Message(N_("path keluar dari folder model (zip slip) tidak diizinkan"))
    if not ALLOWED_PATH_RE.match(name):
        return Message(N_("berkas tidak dikenal (hanya process.bpmn, model.toml, README.md, forms/*.json)"))
    return None


def _check_totals(files: Mapping[str, bytes], problems: list[Problem]) -> None:
    if len(files) > MAX_FILES:
        problems.append(Problem("", Message(N_("terlalu banyak berkas (%(count)s, batas %(limit)s)"),
                                            count=len(files), limit=MAX_FILES)))
    total = sum(len(data) for data in files.values())
    if total > MAX_TOTAL_BYTES:
        problems.append(Problem("", Message(N_("ukuran paket terlalu besar (%(size)s byte, batas %(limit)s)"),
                                            size=total, limit=MAX_TOTAL_BYTES)))


def _package(model_id: str | None, files: dict[str, bytes], problems: list[Problem]) -> ModelPackage:
    if model_id is None or not MODEL_ID_RE.match(model_id):
        problems.append(Problem("", Message(N_("id model tidak valid: %(id)r (huruf, angka, '-' atau '_')"),
                                            id=model_id)))
    _check_totals(files, problems)
    if problems:
        raise ModelInvalid(problems)
    return ModelPackage(model_id, MappingProxyType(dict(files)))


def load_model_dir(path: str | Path, model_id: str | None = None) -> ModelPackage:
    """Load `bpmn/<model_id>/`; symlinks, unknown files and oversized files are refused."""
    root = Path(path)
    if root.is_symlink() or not root.is_dir():
        raise ModelInvalid([Problem(str(path), Message(N_("folder model tidak ditemukan")))])
    files, problems = {}, []
    for entry in sorted(root.rglob("*")):
        rel = entry.relative_to(root).as_posix()
        if entry.is_symlink():
            problems.append(Problem(rel, Message(N_("symlink tidak diizinkan"))))
        elif entry.is_dir():
            continue
        elif (reason := _path_problem(rel)) is not None:
            problems.append(Problem(rel, reason))
        elif entry.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(rel, Message(N_("berkas terlalu besar (batas %(limit)s byte)"), limit=MAX_FILE_BYTES)))
        else:
            files[rel] = entry.read_bytes()
        if len(files) + len(problems) > MAX_FILES:
            problems.append(Problem("", Message(N_("terlalu banyak berkas (batas %(limit)s)"), limit=MAX_FILES)))
            break
    return _package(model_id or root.name, files, problems)


def _zip_prefix(names: list[str]) -> str:
    """The single top folder to strip when the zip wraps the model in `<model_id>/`."""
    if "process.bpmn" in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names if "/" in n}
    plain = [n for n in names if "/" not in n]
    return f"{tops.pop()}/" if len(tops) == 1 and not plain else ""


def _name_key(name: str) -> str:
    """What a member name means on any file system: separators, `.` segments, Unicode form and case folded."""
    path = posixpath.normpath(name.replace("\\", "/").lstrip("/"))
    return unicodedata.normalize("NFC", path).casefold()


def _duplicates(names: list[str]) -> dict[int, str]:
    """Index of each name repeating an earlier one (case-insensitively, after normalisation) → the earlier name."""
    first: dict[str, str] = {}
    repeated = {}
    for index, name in enumerate(names):
        key = _name_key(name)
        if key in first:
            repeated[index] = first[key]
        else:
            first[key] = name
    return repeated


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | str:
    """The member's bytes, or the reason it is refused (never trusting the declared sizes)."""
    if (info.external_attr >> 16) and stat.S_ISLNK(info.external_attr >> 16):
        return Message(N_("symlink tidak diizinkan"))
    if info.flag_bits & 0x1:
        return Message(N_("berkas terenkripsi tidak diizinkan"))
    if info.file_size > MAX_FILE_BYTES:
        return Message(N_("berkas terlalu besar (batas %(limit)s byte)"), limit=MAX_FILE_BYTES)
    if info.file_size > 64 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        return Message(N_("rasio kompresi mencurigakan (zip bomb) ditolak"))
    with zf.open(info) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return Message(N_("berkas terlalu besar (batas %(limit)s byte)"), limit=MAX_FILE_BYTES)
    return data


def load_model_zip(data: bytes, model_id: str | None = None) -> ModelPackage:
    """Load a model from zip bytes; zip slip, absolute paths, symlinks, bombs and caps refused."""
    if len(data) > MAX_TOTAL_BYTES:
        raise ModelInvalid([Problem("", Message(N_("berkas zip terlalu besar (batas %(limit)s byte)"),
                                            limit=MAX_TOTAL_BYTES))])
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:  # its message is English library text: not shown to the user
        raise ModelInvalid([Problem("", Message(N_("bukan berkas zip yang valid")))]) from exc
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES:
            raise ModelInvalid([Problem("", Message(N_("terlalu banyak berkas (%(count)s, batas %(limit)s)"),
                                                    count=len(infos), limit=MAX_FILES))])
        prefix = _zip_prefix([i.filename for i in infos])
        files, problems, total = {}, [], 0
        repeated = _duplicates([i.filename for i in infos])
        for index, info in enumerate(infos):
            if index in repeated:  # never "the last copy wins": which copy is meant is unknowable
                problems.append(Problem(info.filename, Message(
                    N_("nama berkas ganda dalam zip (sama dengan %(other)s)"), other=repeated[index])))
                continue
            name = info.filename[len(prefix):] if prefix else info.filename
            reason = _path_problem(info.filename if not prefix else name)
            content = reason if reason else _read_member(zf, info)
            if isinstance(content, str):
                problems.append(Problem(info.filename, content))
                continue
            total += len(content)
            if total > MAX_TOTAL_BYTES:
                problems.append(Problem("", Message(N_("ukuran isi zip terlalu besar (batas %(limit)s byte)"),
                                                    limit=MAX_TOTAL_BYTES)))
                break
            files[name] = content
    return _package(model_id or _model_id_from(files, prefix), files, problems)


def _model_id_from(files: Mapping[str, bytes], prefix: str) -> str | None:
    try:
        meta = _toml(files.get("model.toml", b""))
    except (ValueError, UnicodeDecodeError):
        meta = {}
    return meta.get("id") or (prefix.rstrip("/") or None)
