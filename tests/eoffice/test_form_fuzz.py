"""Junk posted to every web form (each POST route of the app, signed in with the role that uses it):
empty bodies, blanks, wrong types, huge strings and numbers, impossible dates, control characters
and files that are not PDFs. None of it gets a server error, and every refusal the browser shows
says what is wrong in Bahasa Indonesia.

The fields of each form are read from the page that shows it, so a new field is fuzzed as soon as
the page has it."""
from __future__ import annotations

import functools
import io
import re
from html.parser import HTMLParser

import pytest

from tests.eoffice.letters.helpers import registered_letter, task_for_letter
from tests.eoffice.outgoing.helpers import draft, tasks_of
from tests.eoffice.processes.leave import start_leave, task_of

MISSING = 99999


class World:
    """The rows a form acts on, created on first use through the API (as the people who would)."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def incoming_letter(self) -> int:
        return registered_letter(self.client, self.token)["id"]

    def head_task(self) -> tuple[int, int]:
        letter = self.incoming_letter()
        return letter, task_for_letter(self.client, self.token("kadis.kominfo"), letter)["id"]

    def leave_task(self) -> int:
        instance = start_leave(self.client, self.token("staf.egov1"))
        return task_of(self.client, self.token("kasi.egov"), instance)["id"]

    def paraf_task(self) -> tuple[int, int]:
        letter = draft(self.client, self.token)["id"]
        return letter, tasks_of(self.client, self.token("kasi.egov"), letter)[0]["id"]


def _head_task(w: World) -> dict:
    letter, task = w.head_task()
    return {"letter_id": letter, "page": f"/letters/{letter}?task={task}"}


def _paraf_task(w: World) -> dict:
    letter, task = w.paraf_task()
    return {"letter_id": letter, "work_item_id": task, "page": f"/outgoing/{letter}"}


def _leave_task(w: World) -> dict:
    task = w.leave_task()
    return {"work_item_id": task, "page": f"/tasks/{task}"}


def _own_draft(w: World) -> dict:
    letter = draft(w.client, w.token)["id"]
    return {"letter_id": letter, "page": f"/outgoing/{letter}"}


def _tembusan(w: World) -> dict:
    from sqlalchemy import select

    from eoffice.app.extensions import db
    from eoffice.letters.models import Letter
    from tests.eoffice.outgoing.helpers import pos, signed_letter

    signed = signed_letter(w.client, w.token)
    copy = db.session.scalar(select(Letter.id).where(Letter.source_ref == str(signed["id"]), Letter.source == "tembusan",
                                                     Letter.addressed_to_position_id == pos("SEKDA")))
    return {"letter_id": copy, "page": f"/letters/{copy}"}


def _notified(w: World) -> dict:
    w.leave_task()  # the approver is notified of the new task
    return {"page": "/notifications/", "fields": {"id", "next"}}


# endpoint: (who posts it, what the route needs: url arguments, the page that shows the form, the
# form's action when it differs from the route's, fields the view reads beyond those on the page)
ROUTES = {
    "auth.login": (None, lambda w: {"page": "/login"}),
    "auth.logout": ("staf.egov1", lambda w: {"page": "/home"}),
    "auth.set_language": ("staf.egov1", lambda w: {"code": "xx", "page": "/home", "form": "/lang/id"}),
    "admin.upload": ("admin", lambda w: {"page": "/admin/"}),
    "admin.publish": ("admin", lambda w: {"draft_id": MISSING, "page": "/admin/"}),
    "admin.edit_spbe": ("admin", lambda w: {"model_id": "cuti", "page": "/admin/models/cuti"}),
    "admin.retire": ("admin", lambda w: {"model_id": "cuti", "page": "/admin/models/cuti"}),
    "admin.reactivate": ("admin", lambda w: {"model_id": "tidak-ada", "page": "/admin/models/cuti"}),
    "dispositions.act": ("kadis.kominfo", _head_task),
    "dispositions.cancel": ("kadis.kominfo", lambda w: {"disposition_id": MISSING, "page": "/home"}),
    "letters.new": ("tu.kominfo", lambda w: {"page": "/letters/new"}),
    "letters.dispose_delivered": ("sekda", _tembusan),
    "letters.classification_list": ("admin", lambda w: {"page": "/letters/classifications"}),
    "letters.import_holidays": ("admin", lambda w: {"page": "/letters/classifications"}),
    "notifications.mark_read": ("kasi.egov", _notified),
    "org.new_delegation": ("admin", lambda w: {"page": "/org/delegations/new"}),
    "org.end_delegation": ("admin", lambda w: {"delegation_id": MISSING, "page": "/org/delegations"}),
    "outgoing.new": ("staf.egov1", lambda w: {"page": "/outgoing/new"}),
    "outgoing.submit": ("staf.egov1", _own_draft),
    "outgoing.complete": ("kasi.egov", _paraf_task),
    "processes.start": ("staf.egov1", lambda w: {"model_id": "cuti", "page": "/processes/cuti/start"}),
    "processes.task": ("kasi.egov", _leave_task),
    "records.import_package": ("tu.kominfo", lambda w: {"page": "/records/"}),
    "signing.passphrase": ("kasi.egov", lambda w: {"page": "/signing/passphrase"}),
    "verification.verify_upload": (None, lambda w: {"page": "/verify"}),
    "spbe.new_record": ("admin", lambda w: {"page": "/spbe/records/new"}),
    "spbe.edit_record": ("admin", lambda w: {"code": "RAL.01", "page": "/spbe/records/RAL.01/edit"}),
    "spbe.retire_record": ("admin", lambda w: {"code": "RAL.01", "page": "/spbe/records/RAL.01"}),
    "spbe.reactivate_record": ("admin", lambda w: {"code": "RAX.99", "page": "/spbe/records/RAL.01"}),
    "spbe.delete_record": ("admin", lambda w: {"code": "RAL.01", "page": "/spbe/records/RAL.01"}),
    "spbe.import_records": ("admin", lambda w: {"page": "/spbe/import"}),
}

HUGE_TEXT = "Ω" * 200_000
HUGE_NUMBER = "9" * 40
NOT_PDF = b"PK\x03\x04 this is a zip header, not a PDF" + b"\x00" * 64


def _junk(fields: set[str], file_fields: set[str]) -> dict[str, dict]:
    """Each kind of junk as form data for these fields (files as (stream, name) pairs)."""
    plain = fields - file_fields

    def every(value) -> dict:
        return {f: value for f in plain} | {f: value for f in file_fields}

    return {
        "empty body": {},
        "blank fields": every(""),
        "wrong types": every(["abc", "-1", "1.5e999"]),
        "huge strings": every(HUGE_TEXT),
        "huge numbers": every(HUGE_NUMBER),
        "impossible dates": every("2026-02-30"),
        "control characters": every("a\x00b\u202e\r\n"),
        "not a pdf": {f: "1" for f in plain} | {f: (io.BytesIO(NOT_PDF), "surat.pdf") for f in file_fields or {"file"}},
        "empty file": {f: "1" for f in plain} | {f: (io.BytesIO(b""), "kosong.pdf") for f in file_fields or {"file"}},
    }


class _Forms(HTMLParser):
    """Field names of each POST form of a page, by action path."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path, self.forms, self.files, self._action = page_path, {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._action = (attrs.get("action") or self.page_path).split("?")[0]
            self.forms.setdefault(self._action, set())
            self.files.setdefault(self._action, set())
        elif tag in ("input", "select", "textarea", "button") and self._action and attrs.get("name"):
            self.forms[self._action].add(attrs["name"])
            if attrs.get("type") == "file":
                self.files[self._action].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._action = None


class _Refusal(HTMLParser):
    """The text a refused form shows: error boxes and messages, without the field names in <strong>."""

    MARKERS = ("alert-danger", "invalid-feedback", "text-danger")

    def __init__(self):
        super().__init__()
        self.depth, self.strong, self.main, self.parts, self.main_text = 0, 0, False, [], []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "main":
            self.main = True
        if self.depth:
            self.depth += 1
        elif any(m in classes for m in self.MARKERS):
            self.depth = 1
        if tag == "strong":
            self.strong += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.main = False
        if tag == "strong":
            self.strong = max(0, self.strong - 1)
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.strong:
            self.parts.append(data)
        if self.main:
            self.main_text.append(data)


INDONESIAN = {"tidak", "harus", "wajib", "atau", "dan", "yang", "tanggal", "berkas", "pilih", "isian", "diisi",
              "ditemukan", "terlalu", "kosong", "hanya", "jabatan", "halaman", "akses", "ditolak", "bukan", "salah",
              "unggah", "gunakan", "dikenal", "berupa", "sesi", "formulir", "muat", "ulang", "metode", "anda",
              "kode", "paling", "sedikit", "banyak", "dengan", "untuk", "sudah", "belum", "format", "sah", "nomor",
              "kata", "sandi", "penerima", "surat", "model", "rekam", "berwenang", "dapat", "kesalahan", "konflik"}
ENGLISH = {"the", "must", "required", "invalid", "please", "should", "is", "are", "missing", "unknown", "error",
           "bad", "request", "field", "not", "allowed", "found", "browser", "server"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text.lower()))


def _refusal_text(html: str) -> str:
    parser = _Refusal()
    parser.feed(html)
    return " ".join(parser.parts).strip() or " ".join(parser.main_text).strip()


def _post_routes(app) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules()
                   if "POST" in r.methods and not r.rule.startswith("/api/")})


def test_every_post_route_of_the_web_ui_is_fuzzed(app):
    assert _post_routes(app) == sorted(ROUTES)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_junk_in_a_form_never_gets_a_server_error_and_refusals_are_indonesian(app, client, token, login, endpoint):
    from flask import url_for

    who, needs = ROUTES[endpoint]
    world = needs(World(client, token))
    page, form, extra = world.pop("page"), world.pop("form", None), world.pop("fields", set())
    if who:
        login(who)
    with app.test_request_context():
        url = url_for(endpoint, **world)
    shown = client.get(page, follow_redirects=True)
    forms = _Forms(shown.request.path)
    forms.feed(shown.get_data(as_text=True))
    fields, files = forms.forms.get(form or url, set()) | extra, forms.files.get(form or url, set())
    failures = []
    for kind, data in _junk(fields, files).items():
        if who:
            login(who)  # a junk logout or language switch must not change who posts the next one
        response = client.post(url, data=data, content_type="multipart/form-data")
        if response.status_code >= 500:
            failures.append((kind, response.status_code))
            continue
        if response.status_code < 400 or response.mimetype != "text/html":
            continue
        text = _refusal_text(response.get_data(as_text=True))
        words = _words(text)
        if not words & INDONESIAN or words & ENGLISH:
            failures.append((kind, response.status_code, text[:300]))
    assert failures == [], f"{url} with fields {sorted(fields)}"


QUERY_NAMES = {"page", "q", "from", "to", "status", "domain", "task", "opd", "direction", "classification", "unread",
               "next", "format", "model", "id", "limit", "offset"}
QUERY_JUNK = ["abc", HUGE_NUMBER, "-1", "2026-02-30", "Ω" * 5000]


def _pages(app) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules()
                  if "GET" in r.methods and not r.arguments and not r.rule.startswith(("/api/", "/static")))


@pytest.fixture
def cookies_by_path_only(monkeypatch):
    """Werkzeug's test client picks and stores cookies by host and path, but gets them from the
    whole URL decoded (`werkzeug.test` calls `get_current_url` twice a request): with some 500 kB
    of percent-encoded junk in each query that was half of this test's time. The same host and
    path without decoding the query: the same cookies, the app gets the same requests."""
    import werkzeug.test
    from werkzeug.wsgi import get_current_url

    monkeypatch.setattr(werkzeug.test, "get_current_url", functools.partial(get_current_url, strip_querystring=True))


@pytest.mark.parametrize("who", ["admin", "auditor.inspektorat", "tu.kominfo", "staf.egov1"])
def test_junk_in_a_page_query_never_gets_a_server_error(app, client, login, who, cookies_by_path_only):
    login(who)
    failures = []
    for page in _pages(app) + ["/spbe/records/RAL.01", "/admin/models/cuti", "/processes/cuti/start"]:
        for value in QUERY_JUNK:
            response = client.get(page, query_string=dict.fromkeys(QUERY_NAMES, value))
            if response.status_code >= 500:
                failures.append((page, value[:20], response.status_code))
        if page == "/logout":
            login(who)
    assert failures == []
