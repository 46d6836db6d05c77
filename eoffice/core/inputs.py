"""Text that no column can hold is refused where a request comes in: the NUL character.

PostgreSQL text cannot contain U+0000; psycopg raises DataError on any statement that carries one,
a lookup as much as an insert. So every path, query, form and JSON string is checked once before a
view runs, and the answer is a 422 naming the field, like any other bad input (uploaded files are
bytes and are not concerned)."""
from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, request
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput

NUL = "\x00"


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)


def _json_paths(value, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if NUL in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield where
            yield from _json_paths(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_paths(item, f"{path}[{index}]")


def _fields_with_nul() -> Iterator[str]:
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and NUL in value:
            yield name
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if NUL in str(name) or NUL in str(value):
                yield str(name)
    if request.is_json:
        yield from _json_paths(request.get_json(silent=True), "")


def refuse_nul() -> None:
    fields = list(dict.fromkeys(_fields_with_nul()))
    if fields:
        message = _("Isian tidak boleh mengandung karakter NUL.")
        raise InvalidInput([{"field": field.replace(NUL, "\\0"), "message": message} for field in fields])
