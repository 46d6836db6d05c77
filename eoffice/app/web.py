"""Request plumbing shared by every blueprint: request ids, security headers, error pages and JSON
errors (who is signed in is `eoffice.auth.guards`)."""
from __future__ import annotations

import uuid
from datetime import datetime

from flask import Flask, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from eoffice.app.extensions import db
from eoffice.app.i18n import translate_errors, translate_message
from eoffice.core import clock
from eoffice.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from eoffice.core.http import format_wib
from eoffice.core.policy import can


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    app.before_request(_assign_request_id)
    app.after_request(_security_headers)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(StaleDataError, lambda e: domain_error(Conflict(_("Data telah diubah oleh orang lain. Muat ulang halaman."))))
    app.register_error_handler(IntegrityError, _integrity_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.globals.update(nav_link=nav_link, now=clock.now, can=can)
    app.jinja_env.filters["wib"] = format_wib
    app.jinja_env.filters["wib_date"] = lambda dt: format_wib(dt, "d MMM yyyy")
    app.jinja_env.filters["wib_iso"] = lambda value: format_wib(datetime.fromisoformat(value)) if value else "–"


def _assign_request_id() -> None:
    g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex


def home_page():
    """Start page: the inbox when it is installed."""
    target = nav_link("inbox.index")
    if target:
        return redirect(target)
    return render_template("home.html")


def nav_link(endpoint: str) -> str | None:
    """The URL of an endpoint, or None while that capability is not installed."""
    from flask import current_app

    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint)


# Scripts, styles, frames and form targets of this site only; no inline script or style (the
# templates carry none: styles are classes of eoffice.css, the diagram's SVG comes without its
# <style>), no plugins, no <base>, framed only by this site. `data:` images are Bootstrap's icons.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
# A PDF shown inline is drawn by the browser's own viewer, which a page policy (object-src 'none')
# would stop in some browsers: PDFs say only who may frame them.
PDF_SECURITY_POLICY = "frame-ancestors 'self'"


def _security_headers(response):
    policy = PDF_SECURITY_POLICY if response.mimetype == "application/pdf" else CONTENT_SECURITY_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
    return response


def domain_error(exc: DomainError):
    """The one answer to a domain error: the transaction rolled back, a JSON error or an error page."""
    db.session.rollback()
    errors = translate_errors(getattr(exc, "errors", []))  # engine messages in the request's language
    if wants_json():
        if isinstance(exc, InvalidInput):
            return jsonify(error="invalid input", message=_("Isian tidak valid"), errors=errors), exc.status
        return jsonify(error=exc.message or type(exc).__name__, message=_clear_message(exc)), exc.status
    titles = {403: _("Akses ditolak"), 404: _("Tidak ditemukan"), 409: _("Konflik"),
              422: _("Isian tidak valid")}
    message = "; ".join(e["message"] for e in errors) if isinstance(exc, InvalidInput) else _clear_message(exc)
    return render_template("error.html", title=titles.get(exc.status, _("Kesalahan")),
                           message=message, errors=errors), exc.status


def _integrity_error(exc: IntegrityError):
    """A unique key another request took a moment earlier (two creations of the same record at
    once): the use case is rolled back and refused as a conflict. Rows created on first use do not
    get here (they insert-or-ignore); this answers what is left instead of a 500, and logs it."""
    from flask import current_app

    current_app.logger.warning("integrity error answered as a conflict: %s", type(exc.orig).__name__, exc_info=exc)
    return domain_error(Conflict(
        _("Data yang sama baru saja disimpan oleh permintaan lain. Muat ulang halaman lalu coba lagi.")))


def _clear_message(exc: DomainError) -> str:
    """The sentence a person reads: a NotFound's own text names internals, so it is never shown."""
    if isinstance(exc, NotFound):
        return _("Halaman atau data yang Anda cari tidak ditemukan.")
    if isinstance(exc, PermissionDenied) and not exc.message:
        return _("Anda tidak berwenang melakukan tindakan ini.")
    return translate_message(exc.message) or _("Kesalahan")


def _csrf_error(exc):
    if wants_json():
        return jsonify(error="csrf"), 400
    return render_template("error.html", title=_("Sesi formulir kedaluwarsa"),
                           message=_("Token keamanan formulir tidak valid. Muat ulang halaman lalu coba lagi."),
                           errors=[]), 400


def _too_many_requests(exc: RateLimitExceeded):
    """Past a rate limit (eoffice/app/ratelimit.py): say when to come back, in words and Retry-After."""
    from eoffice.app.ratelimit import retry_after

    db.session.rollback()
    seconds = retry_after()
    message = _("Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam %(seconds)d detik.", seconds=seconds)
    if wants_json():
        response = jsonify(error="too many requests", message=message, retry_after=seconds)
    else:
        response = render_template("error.html", title=_("Terlalu banyak permintaan"), message=message, errors=[])
    return response, 429, {"Retry-After": str(seconds)}


def _http_error(exc: HTTPException):
    if wants_json():
        return jsonify(error=exc.name.lower(), message=exc.description), exc.code
    messages = {404: _("Halaman atau data yang Anda cari tidak ditemukan."),
                413: _("Berkas terlalu besar."), 405: _("Metode tidak diizinkan.")}
    return render_template("error.html", title=str(exc.code),
                           message=messages.get(exc.code, exc.description), errors=[]), exc.code
