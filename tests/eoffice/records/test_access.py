"""Who gets a letter's package: the same rule as the letter (rahasia letters: only the people on its path)."""
from __future__ import annotations

from tests.eoffice.letters.test_confidentiality import SECRET, _secret_letter
from tests.eoffice.records.helpers import open_zip


def test_a_user_off_the_path_of_a_rahasia_letter_gets_404_for_its_package(client, token, login):
    letter = _secret_letter(client, token)
    for user in ("kabid.ikp", "auditor.inspektorat", "tu.bkpsdm", "admin"):
        response = client.get(f"/api/v1/letters/{letter['id']}/package.zip", headers=token(user))
        assert response.status_code == 404, user
        assert SECRET not in response.get_data(as_text=True)
        page = login(user).get(f"/records/letters/{letter['id']}/package.zip")
        assert page.status_code == 404 and SECRET not in page.get_data(as_text=True)


def test_everyone_on_the_path_of_a_rahasia_letter_gets_its_package(client, token):
    letter = _secret_letter(client, token)
    for user in ("tu.kominfo", "kadis.kominfo", "kabid.aptika"):
        response = client.get(f"/api/v1/letters/{letter['id']}/package.zip", headers=token(user))
        assert response.status_code == 200, user
        assert SECRET in open_zip(response.data)["manifest.json"].decode()


def test_the_letter_page_offers_the_package_button_that_downloads_it(client, token, login):
    letter = _secret_letter(client, token)
    browser = login("kabid.aptika")
    page = browser.get(f"/letters/{letter['id']}").get_data(as_text=True)
    assert f'/records/letters/{letter["id"]}/package.zip' in page and 'data-testid="package"' in page
    download = browser.get(f"/records/letters/{letter['id']}/package.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "manifest.json" in open_zip(download.data)


def test_an_unknown_letter_and_no_token_are_refused(client, token):
    assert client.get("/api/v1/letters/999999/package.zip", headers=token("admin")).status_code == 404
    assert client.get("/api/v1/letters/1/package.zip").status_code == 401
