"""Instance views for the diagram and the history page: path taken, waiting elements, human steps."""
from __future__ import annotations

from sqlalchemy.orm import Session

from .diagram import render_svg
from .models import ProcessInstance
from .workitems import instance_items


def path_taken(instance: ProcessInstance) -> list[str]:
    """BPMN element ids the instance has completed, in first-reached order (kept across compaction)."""
    return list(instance.path or [])


def waiting_elements(instance: ProcessInstance) -> list[str]:
    """BPMN element ids the instance waits at (ready user tasks, waiting events)."""
    return list(instance.waiting or []) if instance.status == "running" else []


def instance_svg(instance: ProcessInstance, embed_style: bool = True) -> str:
    """The instance's diagram with its path and waiting elements highlighted (see `render_svg`)."""
    return render_svg(instance.version.bpmn_xml, taken=path_taken(instance), waiting=waiting_elements(instance),
                      title=instance.version.title, embed_style=embed_style)


def human_steps(session: Session, instance: ProcessInstance) -> list[dict]:
    """Who did what and when: every work item of the instance as plain data."""
    return [{"work_item_id": i.id, "task": i.task_name, "title": i.title, "lane": i.lane, "state": i.state,
             "created_at": i.created_at, "due_at": i.due_at, "completed_at": i.completed_at,
             "completed_by": i.completed_by, "acting_for": i.acting_for} for i in instance_items(session, instance.id)]
