"""Loading model packages from folders and zips: bounded, and refusing zip slip, symlinks and bombs."""
from __future__ import annotations

import io
import os
import warnings
import zipfile

import pytest

from workflows.errors import ModelInvalid
from workflows.registry import MAX_FILE_BYTES, MAX_FILES, load_model_dir, load_model_zip

from .conftest import MODELS


def _zip(entries: dict[str, bytes], prefix: str = "", symlinks=(), method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(prefix + name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(prefix + name)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, target)
    return buffer.getvalue()


def _revisi_files() -> dict[str, bytes]:
    return dict(load_model_dir(MODELS / "revisi").files)


def _problems(data: bytes) -> str:
    with pytest.raises(ModelInvalid) as info:
        load_model_zip(data)
    return " | ".join(str(p) for p in info.value.problems)


def test_folder_loads_all_files_with_folder_name_as_id():
    pkg = load_model_dir(MODELS / "revisi")
    assert pkg.model_id == "revisi"
    assert set(pkg.files) == {"process.bpmn", "model.toml", "forms/submit.json", "forms/review.json",
                              "forms/start.json"}


def test_zip_with_top_folder_gives_same_content_hash_as_folder():
    folder = load_model_dir(MODELS / "revisi")
    zipped = load_model_zip(_zip(_revisi_files(), prefix="revisi/"))
    assert zipped.model_id == "revisi" and zipped.content_hash == folder.content_hash


def test_zip_without_folder_needs_an_id():
    assert "id model tidak valid" in _problems(_zip(_revisi_files()))
    assert load_model_zip(_zip(_revisi_files()), model_id="revisi").model_id == "revisi"


def test_zip_slip_is_refused():
    assert "zip slip" in _problems(_zip({**_revisi_files(), "../evil.json": b"{}"}, prefix="revisi/"))
    assert "zip slip" in _problems(_zip({"forms/../../x.json": b"{}", "process.bpmn": b""}))


def test_absolute_path_is_refused():
    assert "path absolut" in _problems(_zip({"/etc/cron.d/x": b"", "process.bpmn": b""}))


def test_symlink_is_refused():
    assert "symlink" in _problems(_zip(_revisi_files(), prefix="revisi/",
                                       symlinks=[("forms/x.json", b"/etc/passwd")]))


def test_zip_bomb_is_refused():
    assert "zip bomb" in _problems(_zip({"process.bpmn": b"\0" * (MAX_FILE_BYTES - 1)}, prefix="m/"))


def test_oversized_member_is_refused():
    big = os.urandom(MAX_FILE_BYTES + 1)
    assert "terlalu besar" in _problems(_zip({"process.bpmn": big}, prefix="m/", method=zipfile.ZIP_STORED))


def test_too_many_files_is_refused():
    entries = {f"forms/f{i}.json": b"{}" for i in range(MAX_FILES + 1)}
    assert "terlalu banyak berkas" in _problems(_zip(entries, prefix="m/"))


def test_unknown_file_kind_is_refused():
    assert "berkas tidak dikenal" in _problems(_zip({"process.bpmn": b"", "run.py": b""}, prefix="m/"))


def test_not_a_zip_is_refused_in_indonesian_without_the_library_message():
    problems = _problems(b"PK nope")
    assert "bukan berkas zip" in problems
    assert "File is not a zip file" not in problems


def test_symlink_in_folder_is_refused(tmp_path):
    model = tmp_path / "m"
    (model / "forms").mkdir(parents=True)
    (model / "process.bpmn").write_bytes(_revisi_files()["process.bpmn"])
    (model / "forms" / "x.json").symlink_to("/etc/passwd")
    with pytest.raises(ModelInvalid, match="symlink"):
        load_model_dir(model)


def _zip_with_copies(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns "Duplicate name" while writing
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buffer.getvalue()


def test_duplicate_process_bpmn_in_zip_is_refused_not_last_copy_wins():
    files = _revisi_files()
    entries = [(f"revisi/{name}", data) for name, data in files.items()]
    entries.append(("revisi/process.bpmn", b"<evil/>"))
    assert "revisi/process.bpmn: nama berkas ganda dalam zip (sama dengan revisi/process.bpmn)" in _problems(
        _zip_with_copies(entries))


@pytest.mark.parametrize("other", ["revisi/Forms/Review.json", "revisi/./forms/review.json",
                                   "revisi\\forms\\review.json", "revisi//forms/review.json"])
def test_member_names_equal_after_case_folding_or_normalisation_are_refused(other):
    entries = [(f"revisi/{name}", data) for name, data in _revisi_files().items()]
    entries.append((other, b"{}"))
    assert f"{other}: nama berkas ganda dalam zip (sama dengan revisi/forms/review.json)" in _problems(
        _zip_with_copies(entries))
