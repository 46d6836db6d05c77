"""What the processes capability itself plugs into the runtime: the leave request's handler."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.processes import handlers

PLUGIN = Plugin("processes", handlers={handlers.MODEL_ID: handlers.LeaveTasks()})
