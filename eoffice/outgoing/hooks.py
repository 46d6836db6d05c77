"""Plugs outgoing letters into the process runtime (task handler, task listings) and sets the
letter-number pattern default (`LETTER_NUMBER_PATTERN`)."""
from __future__ import annotations

import os

from flask import Flask

from eoffice.outgoing.numbering import DEFAULT_PATTERN


def init_app(app: Flask) -> None:
    from eoffice.outgoing import services, tasks
    from eoffice.processes import hooks

    app.config.setdefault("LETTER_NUMBER_PATTERN", os.environ.get("LETTER_NUMBER_PATTERN", DEFAULT_PATTERN))
    hooks.TASK_HANDLERS[services.MODEL_ID] = tasks.OutgoingTasks()
    if tasks.enrich not in hooks.TASK_ENRICHERS:
        hooks.TASK_ENRICHERS.append(tasks.enrich)
    from eoffice.letters import access

    if services.on_paraf_path not in access.PATH_EXTENSIONS:
        access.PATH_EXTENSIONS.append(services.on_paraf_path)
