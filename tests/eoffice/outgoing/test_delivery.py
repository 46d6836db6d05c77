"""Delivering a signed letter: every internal recipient and tembusan receives it as an incoming
letter in their own OPD (in the addressed head's inbox); an external recipient is e-mailed the
verification link, from which the signed PDF downloads."""
from __future__ import annotations

import re

from sqlalchemy import select

from eoffice.app.extensions import db
from eoffice.letters.models import Letter
from eoffice.notifications.models import EmailOutbox
from eoffice.org.services import opd_of_position
from tests.eoffice.outgoing.helpers import pos, signed_letter, signed_pdf, tasks_of


def test_recipient_and_tembusan_each_receive_the_letter_in_their_opd_inbox(client, token):
    letter = signed_letter(client, token)
    incoming = db.session.scalars(select(Letter).where(Letter.direction == "masuk", Letter.source == "outgoing",
                                                       Letter.source_ref == str(letter["id"]))).all()
    addressed = {l.addressed_to_position_id: l for l in incoming}
    assert set(addressed) == {pos("KADIS.BKPSDM"), pos("SEKDA")}
    for code, login in (("KADIS.BKPSDM", "kadis.bkpsdm"), ("SEKDA", "sekda")):
        copy = addressed[pos(code)]
        assert copy.opd_unit_id == opd_of_position(db.session, pos(code)).id
        assert copy.letter_number == letter["number"] and copy.subject == letter["subject"]
        assert any(r.get("letter_id") == copy.id for r in tasks_of(client, token(login))), login


def test_external_recipient_is_emailed_a_link_from_which_the_signed_pdf_downloads(client, token):
    letter = signed_letter(client, token)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.to_address == "direktur@contoh.co.id"))
    assert mail is not None and letter["number"] in mail.subject
    link = re.search(r"http://testserver(/verify/\S+)", mail.body).group(1)
    client.post("/logout")
    download = client.get(f"{link}/pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data == signed_pdf(client, token, letter["id"])
