"""Template filter for the ISO datetimes of the disposition tree (shown in WIB)."""
from __future__ import annotations

from datetime import datetime

from flask import Flask


def _wib_iso(value: str | None) -> str:
    from eoffice.web import _format_wib

    return _format_wib(datetime.fromisoformat(value)) if value else "–"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["wib_iso"] = _wib_iso
