"""Inbox listing and counts (the rows come from `eoffice.processes.runtime.inbox_items`)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy.orm import Session

from eoffice.letters.dispositions import services as dispositions

from eoffice.processes import services as processes


def inbox(session: Session, actor) -> dict:
    """Rows (oldest due first), and counts: total, overdue, per model, received as Plh/Plt."""
    rows = processes.inbox_items(session, actor)
    titles = {m["id"]: m["title"] for m in processes.list_models(session)}
    own = processes.position_key(actor.own_position_id)
    delegated = [r for r in rows if r["acting_for"] and r["acting_for"] != own]
    acting = processes.position_titles(session, [r["acting_for"] for r in delegated])
    for row in rows:
        row["model_title"] = titles.get(row["model_id"], row["model_id"])
        row["acting_for_title"] = acting.get(row["acting_for"])
        row["due"] = datetime.fromisoformat(row["due_at"]) if row["due_at"] else None
    per_model = Counter(r["model_title"] for r in rows)
    return {"rows": rows, "counts": {"total": len(rows), "overdue": sum(r["overdue"] for r in rows),
                                     "delegated": len(delegated), "per_model": sorted(per_model.items())}}


def letter_counters(session: Session, actor) -> dict[str, int] | None:
    """Unread, not yet acted on, overdue and for-information letters and dispositions of the actor."""
    return dispositions.inbox_counters(session, actor)
