"""The engine's message catalogue convention: Indonesian text that the app can translate.

The engine speaks Bahasa Indonesia and knows nothing of Flask or Babel. A user-facing message is
built as `Message(N_("terlalu pendek (minimal %(limit)s karakter)"), limit=3)`: it *is* the
Indonesian string (a `str`, so comparisons, joins and JSON keep working) and also carries its
`msgid` and `params`, so the application translates it at its boundary with
`gettext(msg.msgid, **msg.params)` (see `eoffice.app.i18n.translate_message`).

`N_` only marks a msgid for extraction: `python -m tools.i18n_extract workflows` collects every
`N_("…")` in this package into the English catalog the app loads.
"""
from __future__ import annotations

from typing import Any


def N_(msgid: str) -> str:
    """Mark `msgid` for extraction; returns it unchanged."""
    return msgid


class Message(str):
    """An Indonesian message (the str value) that remembers its msgid and Babel-style params."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> "Message":
        text = msgid % params if params else msgid
        self = super().__new__(cls, text)
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self):
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


__all__ = ["N_", "Message"]
