"""The signature block's capacity: a.n. one level below the head, u.b. two levels down, Plh./Plt.
when the signer acts for the position through a delegation."""
from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from eoffice.core import clock
from eoffice.app.extensions import db
from eoffice.org.services import create_delegation
from eoffice.outgoing.chain import capacity
from tests.eoffice.outgoing.helpers import PASSPHRASE, act, draft, pos, signed_pdf


def test_head_signs_without_marker_sekretaris_signs_an_and_kasi_signs_ub(app):
    assert capacity(db.session, pos("KADIS.KOMINFO")).marker is None
    an = capacity(db.session, pos("SEKDIS.KOMINFO"))
    assert an.marker == "a.n." and an.on_behalf_of == "Kepala Dinas Komunikasi dan Informatika"
    ub = capacity(db.session, pos("KASI.EGOV"))
    assert ub.marker == "u.b." and ub.via_position == "Kepala Bidang Aplikasi Informatika"
    assert capacity(db.session, pos("KADIS.KOMINFO"), "plt").marker == "Plt."


def test_plh_signs_for_the_head_and_the_letter_says_plh(client, token):
    create_delegation(db.session, position_id=pos("KADIS.KOMINFO"), delegate_login="sekdis.kominfo", kind="plh",
                      start=clock.now() - timedelta(days=1), end=clock.now() + timedelta(days=3),
                      decree="800/12-Diskominfo/2026", created_by="admin")
    db.session.commit()
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    act(client, token, "sekdis.kominfo", letter_id, {"action": "sign", "passphrase": PASSPHRASE})
    body = client.get(f"/api/v1/letters/{letter_id}", headers=token("kabid.aptika")).get_json()
    assert body["signer"] == {"name": "Ahmad Fauzi, S.Sos., M.M.", "marker": "Plh.",
                              "position": "Plh. Kepala Dinas Komunikasi dan Informatika"}
    text = " ".join(PdfReader(io.BytesIO(signed_pdf(client, token, letter_id))).pages[0].extract_text().split())
    assert "Plh. Kepala Dinas Komunikasi dan Informatika" in text and "Ahmad Fauzi" in text


def test_letter_signed_by_kasi_goes_out_ub_in_the_name_of_the_head(client, token):
    letter_id = draft(client, token, login="staf.egov1", signer_position_id=pos("KASI.EGOV"))["id"]
    act(client, token, "kasi.egov", letter_id, {"action": "sign", "passphrase": PASSPHRASE})
    text = " ".join(PdfReader(io.BytesIO(signed_pdf(client, token, letter_id, "staf.egov1"))).pages[0].extract_text().split())
    assert "a.n. Kepala Dinas Komunikasi dan Informatika" in text and "u.b." in text
