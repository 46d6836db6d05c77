"""Timestamp authority configs (local and over HTTP) and the package's import boundary."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from pyhanko.sign.timestamps import HTTPTimeStamper

from signatures import (
    HttpTimestampAuthority, LocalPadesSigner, LocalTimestampAuthority, make_timestamper,
    verify_pdf,
)


@pytest.fixture(scope="module")
def http_tsa(pki):
    """An RFC 3161 endpoint on 127.0.0.1 answering with the development TSA key."""
    local = make_timestamper(LocalTimestampAuthority(pki.tsa, chain_pem=(pki.root.cert_pem,)))
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.headers.get("Content-Type"), self.headers.get("Authorization")))
            answer = local.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", seen
    server.shutdown()
    server.server_close()


def test_http_tsa_config_builds_http_timestamper():
    stamper = make_timestamper(HttpTimestampAuthority("https://tsa.example.go.id/tsr",
                                                      username="u", password="p", timeout=5))
    assert isinstance(stamper, HTTPTimeStamper)
    assert stamper.url == "https://tsa.example.go.id/tsr"
    assert stamper.request_headers()["Authorization"] == "Basic dTpw"  # base64("u:p")


def test_http_tsa_refuses_plain_http_unless_allowed():
    with pytest.raises(ValueError):
        make_timestamper(HttpTimestampAuthority("http://tsa.example.go.id/tsr"))


def test_http_tsa_password_is_not_in_repr():
    assert "rahasia" not in repr(HttpTimestampAuthority("https://t", "u", "rahasia"))


def test_signing_with_http_tsa_gives_trusted_timestamp(http_tsa, plain_pdf, head_credential,
                                                       request_for, pki):
    url, seen = http_tsa
    signer = LocalPadesSigner(chain_pem=(pki.root.cert_pem,), timestamp_authority=
                              HttpTimestampAuthority(url, "tsa-user", "tsa-pass",
                                                     require_https=False))
    signed = signer.sign(plain_pdf, request_for(head_credential))
    (sig,) = verify_pdf(signed, [pki.root.cert_pem]).signatures
    assert sig.timestamped and sig.timestamp_trusted and sig.trusted
    assert seen[-1][0] == "application/timestamp-query"
    assert seen[-1][1] == "Basic dHNhLXVzZXI6dHNhLXBhc3M="  # base64("tsa-user:tsa-pass")


def test_signatures_never_imports_flask_or_eoffice():
    code = ("import sys, signatures, signatures.render_letter, signatures.render_disposition, "
            "signatures.remote, signatures.verify; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'eoffice')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
