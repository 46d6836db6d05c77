"""Domain rules of the leave request (model `cuti`) that BPMN cannot express.

A requester never decides their own request, even when they act as Plh for their superior's
position: the decision waits for the official (or escalates to the next superior).
"""
from __future__ import annotations

from flask_babel import gettext as _

from eoffice.core.errors import PermissionDenied
from eoffice.app.plugins import TaskHandler

MODEL_ID = "cuti"


class LeaveTasks(TaskHandler):
    def before(self, ctx, data: dict) -> dict:
        if ctx.item.task_name == "review" and ctx.item.instance.started_by == ctx.actor.login:
            raise PermissionDenied(_("Anda tidak dapat memutuskan permohonan Anda sendiri."))
        return data
