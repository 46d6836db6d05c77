"""RemoteSignerClient against the local BSrE-style stand-in service."""

import pytest

from signatures import (
    Placement, RemoteSignerClient, RemoteSignerConfig, RemoteSigningError, Signer, SignRequest,
    WrongPassphrase, certificate_identity, verify_pdf,
)

from .standin_bsre import StandinBSrE

PASSPHRASE = "kata-sandi-ttd-2026"
NIK = "3671010101800001"


@pytest.fixture(scope="module")
def service(head_credential, local_signer):
    with StandinBSrE({NIK: head_credential}, local_signer, "eoffice", "rahasia-klien") as svc:
        yield svc


@pytest.fixture(scope="module")
def client(service):
    return RemoteSignerClient(RemoteSignerConfig(service.url, "eoffice", "rahasia-klien",
                                                 timeout=10))


def _request(head_credential, **kw):
    kw.setdefault("passphrase", PASSPHRASE)
    return SignRequest(signer=certificate_identity(head_credential.cert_pem), nik=NIK, **kw)


def test_remote_client_satisfies_signer_protocol(client):
    assert isinstance(client, Signer)


def test_remote_signing_returns_pdf_valid_under_the_service_ca(client, plain_pdf, head_credential,
                                                               pki):
    signed = client.sign(plain_pdf, _request(head_credential))
    report = verify_pdf(signed, [pki.root.cert_pem])
    assert report.valid
    assert report.signatures[0].nip == "197501012000031001"


def test_remote_invisible_request_sends_documented_fields(client, service, plain_pdf,
                                                          head_credential):
    client.sign(plain_pdf, _request(head_credential, reason="Setuju", location="Tangerang"))
    sent = service.requests[-1]
    assert sent["nik"] == NIK and sent["passphrase"] == PASSPHRASE
    assert sent["tampilan"] == "invisible" and "page" not in sent
    assert sent["reason"] == "Setuju" and sent["location"] == "Tangerang"


def test_remote_visible_request_sends_page_and_box_and_qr_link(client, service, plain_pdf,
                                                              head_credential, pki):
    placement = Placement.at(1, (350, 90, 500, 150), qr_link="https://eoffice.example/verify/t")
    signed = client.sign(plain_pdf, _request(head_credential, placement=placement))
    sent = service.requests[-1]
    assert sent["tampilan"] == "visible"
    assert (sent["page"], sent["xAxis"], sent["yAxis"], sent["width"], sent["height"]) == (
        "1", "350", "90", "150", "60")
    assert sent["linkQR"] == "https://eoffice.example/verify/t" and sent["image"] == "false"
    assert verify_pdf(signed, [pki.root.cert_pem]).valid


def test_remote_tag_placement_sends_tag_instead_of_coordinates(client, service, plain_pdf,
                                                               head_credential):
    client.sign(plain_pdf, _request(head_credential, placement=Placement(tag="#ttd#")))
    sent = service.requests[-1]
    assert sent["tampilan"] == "visible" and sent["tag_koordinat"] == "#ttd#"
    assert "xAxis" not in sent


def test_remote_wrong_passphrase_raises_wrong_passphrase(client, plain_pdf, head_credential):
    with pytest.raises(WrongPassphrase, match="Passphrase"):
        client.sign(plain_pdf, _request(head_credential, passphrase="salah-salah"))


def test_remote_unknown_nik_raises_remote_error_with_service_message(client, plain_pdf,
                                                                     head_credential):
    request = SignRequest(signer=certificate_identity(head_credential.cert_pem),
                          nik="3671999999999999", passphrase=PASSPHRASE)
    with pytest.raises(RemoteSigningError) as info:
        client.sign(plain_pdf, request)
    assert info.value.message == "NIK tidak terdaftar"
    assert info.value.status_code == 400 and info.value.service_code == 1111


def test_remote_bad_client_credentials_raise_remote_error(service, plain_pdf, head_credential):
    intruder = RemoteSignerClient(RemoteSignerConfig(service.url, "eoffice", "salah"))
    with pytest.raises(RemoteSigningError) as info:
        intruder.sign(plain_pdf, _request(head_credential))
    assert info.value.status_code == 401 and info.value.message == "Unauthorized"


def test_remote_unreachable_service_raises_remote_error(plain_pdf, head_credential):
    dead = RemoteSignerClient(RemoteSignerConfig("http://127.0.0.1:9", timeout=2))
    with pytest.raises(RemoteSigningError, match="unreachable"):
        dead.sign(plain_pdf, _request(head_credential))


def test_remote_request_without_nik_is_refused_before_sending(client, plain_pdf,
                                                              head_credential):
    request = SignRequest(signer=certificate_identity(head_credential.cert_pem),
                          passphrase=PASSPHRASE)
    with pytest.raises(RemoteSigningError, match="NIK"):
        client.sign(plain_pdf, request)
