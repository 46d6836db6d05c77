"""What the processes capability itself plugs into the runtime: the leave request's handler."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.processes import leave

PLUGIN = Plugin("processes", handlers={leave.MODEL_ID: leave.LeaveTasks()})
