"""The paraf chain and the signature capacity, both derived from the org chart.

Verifiers are the positions strictly between the drafter and the signer on the superior
chain, nearest first, at most three. The signature block says in whose name the letter goes
out: the head of the signer's OPD; a.n. one level below that head, u.b. two levels below,
and Plh./Plt. when the signer acts for the position through a delegation.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from eoffice.core.errors import InvalidInput
from eoffice.org import services as org
from eoffice.outgoing.models import MAX_VERIFIER_LEVELS


def verifier_chain(session: Session, drafter_position_id: int, signer_position_id: int) -> list[int]:
    if signer_position_id == drafter_position_id:
        return []
    chain = org.chain_upwards(session, drafter_position_id, limit=30)
    if signer_position_id not in chain:
        raise InvalidInput(_("Penandatangan harus atasan konseptor dalam rantai jabatan."),
                           "signer_position_id")
    return chain[:chain.index(signer_position_id)][:MAX_VERIFIER_LEVELS]


@dataclass(frozen=True)
class Capacity:
    """What the signature block prints above the name (see signatures.SignatureBlock)."""

    position: str
    acting: str | None = None          # "Plh." | "Plt."
    on_behalf_of: str | None = None    # a.n. <head position>
    via_position: str | None = None    # u.b.: the position between

    @property
    def marker(self) -> str | None:
        if self.acting:
            return self.acting
        if self.via_position:
            return "u.b."
        if self.on_behalf_of:
            return "a.n."
        return None


def capacity(session: Session, signer_position_id: int, delegation_kind: str | None = None) -> Capacity:
    """The capacity in which the holder (or the Plh/Plt) of the signer position signs."""
    position = org.get_position(session, signer_position_id)
    opd = org.opd_of_position(session, position.id)
    head = org.head_position_of_unit(session, opd.id) if opd is not None else None
    acting = {"plh": "Plh.", "plt": "Plt."}.get(delegation_kind or "")
    if head is None or head.id == position.id:
        return Capacity(position.title, acting)
    ups = org.chain_upwards(session, position.id, limit=10)
    if head.id not in ups:
        return Capacity(position.title, acting)
    depth = ups.index(head.id) + 1
    if depth == 1:
        return Capacity(position.title, acting, on_behalf_of=head.title)
    via = org.get_position(session, ups[0])
    return Capacity(position.title, acting, on_behalf_of=head.title, via_position=via.title)
