"""Bahasa Indonesia by default, English complete: every marked string has an English translation."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from eoffice.capabilities import CAPABILITIES
from eoffice.i18n_extract import catalog_path, source_messages

CATALOGS = ["core"] + [c for c in CAPABILITIES if source_messages(c)]


@pytest.mark.parametrize("capability", CATALOGS)
def test_every_marked_string_has_an_english_translation(capability):
    path = catalog_path(capability)
    assert path.exists(), f"missing English catalog {path}"
    with path.open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    missing = sorted(set(source_messages(capability)) - translated)
    assert missing == [], f"untranslated in {capability}: {missing[:10]}"


def test_interface_speaks_indonesian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Masuk ke e-Office" in page and "Kata sandi" in page


def test_english_can_be_chosen(client):
    client.post("/lang/en", data={"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in to e-Office" in page and "Password" in page
