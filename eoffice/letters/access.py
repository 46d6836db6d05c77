"""Who may see a letter: the people on its path, and for ordinary letters also its OPD.

Rahasia and Sangat Rahasia letters are visible only to the path (registrar, addressed head,
every disposition sender and recipient, whoever acts for those positions as Plh/Plt, and what
other capabilities add through their plugin's `letter_path`: the drafter and paraf path of an
outgoing letter); everyone else must not learn they exist, so callers turn a refusal into "not
found".

The rule is written once, as SQL (`visible_clause`, `path_clause`); `may_see` and `on_path`
are "the clause matches this row", so a page, a search, a counter and an export can never
disagree.
"""
from __future__ import annotations

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from eoffice.app.plugins import registry
from eoffice.letters.dispositions.models import Disposition
from eoffice.letters.models import CONFIDENTIAL, Letter
from eoffice.org import services as org


def path_position_ids(session: Session, letter_id: int) -> set[int]:
    """Positions on a letter's disposition path (cancelled recipients never saw it)."""
    rows = session.execute(select(Disposition.from_position_id, Disposition.to_position_id, Disposition.status)
                           .where(Disposition.letter_id == letter_id)).all()
    found = set()
    for from_id, to_id, status in rows:
        found.add(from_id)
        if status != "cancelled":
            found.add(to_id)
    return found


def path_clause(session: Session, actor):
    """A WHERE clause on Letter: the letters on the actor's path (own positions and those acted for)."""
    if actor is None:
        return false()
    positions = list(actor.position_ids)
    via_disposition = select(Disposition.letter_id).where(or_(
        Disposition.from_position_id.in_(positions),
        and_(Disposition.to_position_id.in_(positions), Disposition.status != "cancelled")))
    return or_(Letter.registered_by_id == actor.employee_id,
               Letter.addressed_to_position_id.in_(positions),
               Letter.registered_by_position_id.in_(positions),
               Letter.id.in_(via_disposition),
               *(clause(session, actor) for clause in registry().letter_path))


def actor_opd_ids(session: Session, actor) -> set[int]:
    found = set()
    for position_id in actor.position_ids:
        unit = org.opd_of_position(session, position_id)
        if unit is not None:
            found.add(unit.id)
    return found


def visible_clause(session: Session, actor):
    """A WHERE clause on Letter selecting the letters the actor may see: the path, and letters that
    are not confidential for auditors, the OPD's pencatat, and (biasa only) the OPD's people."""
    if actor is None:
        return false()
    path = path_clause(session, actor)
    open_letter = Letter.sifat.notin_(CONFIDENTIAL)
    if "auditor" in actor.roles:
        return or_(path, open_letter)
    wide = [Letter.opd_unit_id.in_(list(actor.pencatat_units))]
    opds = actor_opd_ids(session, actor)
    if opds:
        wide.append(and_(Letter.sifat == "biasa", Letter.opd_unit_id.in_(list(opds))))
    return or_(path, and_(open_letter, or_(*wide)))


def _matches(session: Session, letter: Letter, clause) -> bool:
    return session.scalar(select(Letter.id).where(Letter.id == letter.id, clause)) is not None


def on_path(session: Session, actor, letter: Letter) -> bool:
    return actor is not None and _matches(session, letter, path_clause(session, actor))


def may_see(session: Session, actor, letter: Letter) -> bool:
    return actor is not None and _matches(session, letter, visible_clause(session, actor))
