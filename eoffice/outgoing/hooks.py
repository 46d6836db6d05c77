"""The letter-number pattern default (`LETTER_NUMBER_PATTERN`, from the environment)."""
from __future__ import annotations

import os

from flask import Flask

from eoffice.outgoing.numbering import DEFAULT_PATTERN


def init_app(app: Flask) -> None:
    app.config.setdefault("LETTER_NUMBER_PATTERN", os.environ.get("LETTER_NUMBER_PATTERN", DEFAULT_PATTERN))
