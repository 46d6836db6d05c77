"""Plugs authentication into every request: the session's actor and the /home entry."""
from __future__ import annotations

from flask import Flask

from eoffice.auth import guards


def init_app(app: Flask) -> None:
    guards.init_app(app)
