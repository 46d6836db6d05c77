"""Bahasa Indonesia by default, English complete: every marked string has an English translation."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from eoffice.app.capabilities import CAPABILITIES
from tools.i18n_extract import catalog_path, source_messages

CATALOGS = ["core", "workflows"] + [c for c in CAPABILITIES if source_messages(c)]


@pytest.mark.parametrize("capability", CATALOGS)
def test_every_marked_string_has_an_english_translation(capability):
    path = catalog_path(capability)
    assert path.exists(), f"missing English catalog {path}"
    with path.open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    missing = sorted(set(source_messages(capability)) - translated)
    assert missing == [], f"untranslated in {capability}: {missing[:10]}"


def test_interface_speaks_indonesian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Masuk ke e-Office" in page and "Kata sandi" in page


def test_english_can_be_chosen(client):
    client.post("/lang/en", data={"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in to e-Office" in page and "Password" in page


BAD_LEAVE = {"leave_type": "liburan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "x"}


def _start_errors(app, client, headers, query=""):
    with app.app_context():  # a fresh context, as every real request has: the language is chosen anew
        response = client.post(f"/api/v1/process-models/cuti/instances{query}", json={"data": BAD_LEAVE},
                               headers=headers)
    assert response.status_code == 422
    body = response.get_json()
    return body["message"], {e["field"]: e["message"] for e in body["errors"]}


def test_api_field_errors_are_indonesian_by_default(app, client, token):
    message, errors = _start_errors(app, client, token("staf.egov1"))
    assert message == "Isian tidak valid"
    assert errors == {"leave_type": "pilihan tidak dikenal", "reason": "terlalu pendek (minimal 3 karakter)"}


@pytest.mark.parametrize("query, language", [("?lang=en", None), ("", "en-US,en;q=0.9,id;q=0.5")])
def test_api_field_errors_speak_english_when_asked_by_lang_or_accept_language(app, client, token, query, language):
    headers = {**token("staf.egov1"), **({"Accept-Language": language} if language else {})}
    message, errors = _start_errors(app, client, headers, query)
    assert message == "Invalid input"
    assert errors == {"leave_type": "unknown choice", "reason": "too short (at least 3 characters)"}


def test_api_lang_parameter_wins_over_accept_language(app, client, token):
    headers = {**token("staf.egov1"), "Accept-Language": "en"}
    _message, errors = _start_errors(app, client, headers, "?lang=id")
    assert errors["leave_type"] == "pilihan tidak dikenal"


def test_service_messages_of_the_api_speak_english(app, client, token):
    with app.app_context():
        response = client.post("/api/v1/process-models/cuti/instances?lang=en", json={"data": [1]},
                               headers=token("staf.egov1"))
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "data", "message": "form data must be an object"}]


def _post_bad_start_form(app, client):
    with app.app_context():
        response = client.post("/processes/cuti/start", data={"leave_type": "", "reason": "x"})
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_web_form_errors_are_indonesian_by_default(app, client, login):
    login("staf.egov1")
    page = _post_bad_start_form(app, client)
    assert 'data-error="leave_type">wajib diisi' in page
    assert 'data-error="reason">terlalu pendek (minimal 3 karakter)' in page


def test_web_form_re_rendered_in_english_shows_english_errors(app, client, login):
    login("staf.egov1")
    client.post("/lang/en", data={"next": "/processes"})
    page = _post_bad_start_form(app, client)
    assert 'data-error="leave_type">is required' in page
    assert 'data-error="reason">too short (at least 3 characters)' in page
    assert "wajib diisi" not in page


def _unmarked_messages() -> list[str]:
    """User-facing literals in eoffice/ that bypass gettext: error messages, flash(), field-error dicts."""
    import ast
    from pathlib import Path

    import eoffice

    shown = {"InvalidInput", "PermissionDenied", "Conflict", "UnsupportedMedia", "flash"}
    translators = {"_", "gettext", "lazy_gettext", "N_"}
    root = Path(eoffice.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            literals = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in shown and node.args:
                    literals.append(node.args[0])
                if name in translators and node.args and isinstance(node.args[0], ast.JoinedStr):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: f-string msgid")
            if isinstance(node, ast.Dict):
                literals += [v for k, v in zip(node.keys, node.values)
                             if isinstance(k, ast.Constant) and k.value == "message"]
            for value in literals:
                if isinstance(value, ast.JoinedStr) or (isinstance(value, ast.Constant) and isinstance(value.value, str)
                                                        and value.value.strip()):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(value)[:60]}")
    return found


def test_service_and_form_messages_are_marked_for_translation():
    assert _unmarked_messages() == []


def _model_problems(app, client, headers, data: bytes, query: str = "") -> list[str]:
    from tests.eoffice.admin.helpers import upload

    with app.app_context():
        response = upload(client, headers, data, query=query)
    assert response.status_code == 422
    return [e["message"] for e in response.get_json()["errors"]]


def test_model_upload_problems_from_the_engine_follow_the_chosen_language(app, client, token):
    from tests.eoffice.admin.helpers import folder_files, make_zip, renamed

    admin = token("admin")
    files = renamed(folder_files("surat_tugas"), "surat_tugas_uji")
    files.pop("forms/approve.json")
    data = make_zip(files)
    assert "forms/approve.json: formulir untuk tugas pengguna ini tidak ada" in _model_problems(app, client, admin, data)
    english = _model_problems(app, client, admin, data, "?lang=en")
    assert "forms/approve.json: the form for this user task is missing" in english
    assert _model_problems(app, client, admin, b"bukan zip", "?lang=en") == ["not a valid zip file"]
