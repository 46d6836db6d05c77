"""A small SAMPLE of classification codes (flagged `sample`, shown as such in the UI).

Administrators import the full table of their region (Permendagri 83/2022) from CSV:
`flask letters import-classifications FILE` or the admin page.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.letters.classifications import parent_code
from eoffice.letters.models import Classification

# (code, name, active_years, inactive_years, final) — sample values for the demo
SAMPLE = [
    ("000", "Umum", 2, 3, "dinilai_kembali"),
    ("000.1", "Ketatausahaan dan Kerumahtanggaan", 2, 3, "musnah"),
    ("000.1.2", "Persuratan", 2, 3, "musnah"),
    ("000.5", "Perencanaan", 2, 5, "dinilai_kembali"),
    ("000.8", "Organisasi dan Tata Laksana", 2, 5, "dinilai_kembali"),
    ("000.8.3", "Tata Laksana", 2, 5, "dinilai_kembali"),
    ("000.8.3.3", "Tata Naskah Dinas", 2, 5, "permanen"),
    ("000.9", "Pengawasan", 3, 7, "dinilai_kembali"),
    ("400", "Kesejahteraan Rakyat", 2, 3, "dinilai_kembali"),
    ("500", "Perekonomian", 2, 5, "dinilai_kembali"),
    ("500.12", "Komunikasi dan Informatika", 2, 5, "dinilai_kembali"),
    ("800", "Kepegawaian", 2, 5, "dinilai_kembali"),
    ("800.1", "Sumber Daya Manusia", 2, 5, "musnah"),
    ("800.1.2", "Pengembangan Kompetensi", 2, 3, "musnah"),
]


def seed(session: Session) -> None:
    if session.scalar(select(Classification.code).limit(1)) is not None:
        return
    for code, name, active, inactive, final in SAMPLE:
        session.add(Classification(code=code, name=name, parent_code=parent_code(code), active_years=active,
                                   inactive_years=inactive, final=final, sample=True))
    session.flush()
