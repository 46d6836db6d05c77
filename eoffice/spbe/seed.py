"""Seeds the sample SPBE records (idempotent: only codes not yet registered are added).

Runs before the `processes` seed (capability order), so the records exist when models deploy.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.spbe import codes
from eoffice.spbe.models import SpbeLink, SpbeRecord
from eoffice.spbe.seed_data import RECORDS
from eoffice.spbe.services import known_codes


def seed(session: Session) -> None:
    have = known_codes(session)
    missing = [row for row in RECORDS if row[0] not in have]
    if not missing:
        return
    now = clock.now()
    for code, name, owner, status, attrs, _links, description in missing:
        attrs = {k: v for k, v in attrs.items() if v}
        implied = codes.implied_attr(code)
        if implied:
            attrs.setdefault(*implied)
        session.add(SpbeRecord(code=code, domain=codes.domain_of(code), level=codes.level_of(code),
                               parent_code=codes.parent_of(code), name=name, description=description,
                               owner_unit=owner, status=status, attrs=attrs, sample=True, updated_at=now,
                               updated_by="seed"))
    session.flush()
    sources = {r.code: r for r in session.query(SpbeRecord).filter(SpbeRecord.code.in_([m[0] for m in missing]))}
    for code, _name, _owner, _status, _attrs, links, _description in missing:
        sources[code].links += [SpbeLink(target_code=target) for target in links]
    session.flush()
