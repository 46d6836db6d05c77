"""The disposition tree of a letter as plain data (letter page, API, disposition sheet): three queries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.letters.dispositions.models import OPEN_STATUSES, Disposition
from eoffice.org.models import Employee, Position


def is_overdue(d: Disposition, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return d.status in OPEN_STATUSES and d.deadline is not None and d.deadline < now


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def position_labels(session: Session, position_ids: set[int]) -> dict[int, dict]:
    """{position id: {"title", "holder"}} in one query."""
    if not position_ids:
        return {}
    rows = session.execute(
        select(Position.id, Position.title, Employee.name).outerjoin(
            Employee, (Employee.position_id == Position.id) & Employee.active.is_(True))
        .where(Position.id.in_(position_ids))).all()
    return {pid: {"title": title, "holder": name or ""} for pid, title, name in rows}


def report_as_dict(r) -> dict:
    return {"id": r.id, "text": r.text, "by": r.reported_by, "position_id": r.position_id,
            "at": _iso(r.created_at), "has_file": bool(r.file_digest)}


def disposition_as_dict(d: Disposition, labels: dict, now: datetime) -> dict:
    source, target = labels.get(d.from_position_id, {}), labels.get(d.to_position_id, {})
    return {"id": d.id, "parent_id": d.parent_id, "from": d.from_position_id, "to": d.to_position_id,
            "from_title": source.get("title"), "from_name": source.get("holder"), "from_login": d.from_login,
            "to_title": target.get("title"), "to_name": target.get("holder"),
            "instructions": list(d.instructions or []), "note": d.note, "deadline": _iso(d.deadline),
            "created_at": _iso(d.created_at), "read_at": _iso(d.read_at), "status": d.status,
            "overdue": is_overdue(d, now), "overdue_marked": d.overdue_marked_at is not None,
            "instance_id": d.instance_id, "reports": [report_as_dict(r) for r in d.reports], "children": []}


def dispositions_of(session: Session, letter_id: int) -> list[Disposition]:
    return list(session.scalars(select(Disposition).where(Disposition.letter_id == letter_id)
                                .order_by(Disposition.id)))


def disposition_tree(session: Session, letter_id: int) -> list[dict]:
    """Root dispositions (from the addressed head) with nested `children`, oldest first."""
    rows = dispositions_of(session, letter_id)
    labels = position_labels(session, {d.from_position_id for d in rows} | {d.to_position_id for d in rows})
    now = clock.now()
    nodes = {d.id: disposition_as_dict(d, labels, now) for d in rows}
    roots = []
    for d in rows:
        parent = nodes.get(d.parent_id) if d.parent_id else None
        (parent["children"] if parent else roots).append(nodes[d.id])
    return roots


def flatten(tree: list[dict], depth: int = 0):
    """(depth, node) pairs in display order."""
    for node in tree:
        yield depth, node
        yield from flatten(node["children"], depth + 1)
