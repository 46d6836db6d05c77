"""Who may see a letter: the people on its path, and for ordinary letters also its OPD.

Rahasia and Sangat Rahasia letters are visible only to the path (registrar, addressed head,
every disposition sender and recipient, and whoever acts for those positions as Plh/Plt);
everyone else must not learn they exist, so callers turn a refusal into "not found".
"""
from __future__ import annotations

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from eoffice.letters.dispositions.models import Disposition
from eoffice.letters.models import CONFIDENTIAL, Letter
from eoffice.org import services as org

# Other capabilities extend "on the path" for letters they own (outgoing: drafter and paraf path):
# callables (session, actor, letter) -> bool, appended from their hooks module.
PATH_EXTENSIONS: list = []


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


def on_path(session: Session, actor, letter: Letter) -> bool:
    if actor is None:
        return False
    if letter.registered_by_id == actor.employee_id:
        return True
    positions = set(actor.position_ids)
    if letter.addressed_to_position_id in positions or letter.registered_by_position_id in positions:
        return True
    if positions & path_position_ids(session, letter.id):
        return True
    return any(extension(session, actor, letter) for extension in PATH_EXTENSIONS)


def actor_opd_ids(session: Session, actor) -> set[int]:
    found = set()
    for position_id in actor.position_ids:
        unit = org.opd_of_position(session, position_id)
        if unit is not None:
            found.add(unit.id)
    return found


def may_see(session: Session, actor, letter: Letter) -> bool:
    if actor is None:
        return False
    if on_path(session, actor, letter):
        return True
    if letter.sifat in CONFIDENTIAL:
        return False
    if "auditor" in actor.roles or letter.opd_unit_id in actor.pencatat_units:
        return True
    return letter.sifat == "biasa" and letter.opd_unit_id in actor_opd_ids(session, actor)


def visible_clause(session: Session, actor):
    """A WHERE clause on Letter selecting the letters the actor may see (the same rule as may_see)."""
    if actor is None:
        return false()
    positions = list(actor.position_ids)
    via_disposition = select(Disposition.letter_id).where(or_(
        Disposition.from_position_id.in_(positions),
        and_(Disposition.to_position_id.in_(positions), Disposition.status != "cancelled")))
    path = or_(Letter.registered_by_id == actor.employee_id,
               Letter.addressed_to_position_id.in_(positions),
               Letter.registered_by_position_id.in_(positions),
               Letter.id.in_(via_disposition))
    open_letter = Letter.sifat.notin_(CONFIDENTIAL)
    if "auditor" in actor.roles:
        return or_(path, open_letter)
    wide = [Letter.opd_unit_id.in_(list(actor.pencatat_units))]
    opds = actor_opd_ids(session, actor)
    if opds:
        wide.append(and_(Letter.sifat == "biasa", Letter.opd_unit_id.in_(list(opds))))
    return or_(path, and_(open_letter, or_(*wide)))
