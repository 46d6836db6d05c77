"""Small HTTP helpers every blueprint uses: a safe redirect target, PDF answers, the JSON body,
dates in the office's time zone."""
from __future__ import annotations

from flask import Response, request, url_for
from flask_babel import format_datetime, gettext as _

from eoffice.core import clock
from eoffice.core.errors import InvalidInput


def safe_next(target: str | None, fallback: str = "home") -> str:
    """A local path to go back to; anything else (other sites, `//host`, `/\\host`) goes to `fallback`."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return url_for(fallback)


def pdf_response(data: bytes, filename: str, inline: bool = True) -> Response:
    """A PDF answer that no shared cache keeps (letters are often confidential)."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def json_body() -> dict:
    """The request's JSON object, or InvalidInput."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_("Badan permintaan harus berupa objek JSON."), "body")
    return data


def format_wib(dt, fmt: str = "d MMM yyyy HH:mm") -> str:
    """A datetime in the office's time zone (WIB), in the request's language; "–" for none."""
    if dt is None:
        return "–"
    return format_datetime(clock.local(clock.aware(dt)), fmt)
