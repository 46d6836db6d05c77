"""A local stand-in for a BSrE-style signing service, for tests only.

``StandinBSrE(accounts, signer, username, password)`` serves ``POST /api/sign/pdf`` on
127.0.0.1 from a thread; accounts map NIK → (SignerCredential). The passphrase sent
opens the account's key, exactly as the real service checks it; errors are JSON
``{"status_code", "error"}`` like the documented service.
"""

from __future__ import annotations

import base64
import json
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from signatures.errors import SigningFailed, WrongPassphrase
from signatures.pki import SignerCredential, certificate_identity
from signatures.signer import LocalPadesSigner, Placement, SignRequest


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    """Form fields and files of a multipart/form-data body."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[name] = payload
        else:
            fields[name] = payload.decode()
    return fields, files


class StandinBSrE:
    def __init__(self, accounts: dict[str, SignerCredential], signer: LocalPadesSigner,
                 username: str = "eoffice", password: str = "rahasia-klien"):
        self.accounts, self.signer = accounts, signer
        self.expected_auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.requests: list[dict[str, str]] = []   # form fields seen (tests inspect them)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def handle_sign(self, headers, body: bytes) -> tuple[int, str, bytes]:
        if headers.get("Authorization") != self.expected_auth:
            return _json(401, 1001, "Unauthorized")
        fields, files = parse_multipart(headers.get("Content-Type", ""), body)
        self.requests.append(fields)
        pdf, nik = files.get("file"), fields.get("nik")
        if not pdf or not nik or "passphrase" not in fields:
            return _json(400, 1002, "Parameter file, nik dan passphrase wajib diisi")
        credential = self.accounts.get(nik)
        if credential is None:
            return _json(400, 1111, "NIK tidak terdaftar")
        placement = Placement.invisible()
        if fields.get("tampilan") == "visible" and "page" in fields:
            x, y = float(fields["xAxis"]), float(fields["yAxis"])
            w, h = float(fields["width"]), float(fields["height"])
            placement = Placement.at(int(fields["page"]), (x, y, x + w, y + h),
                                     qr_link=fields.get("linkQR"))
        request = SignRequest(signer=certificate_identity(credential.cert_pem),
                              reason=fields.get("reason", ""), location=fields.get("location", ""),
                              placement=placement, credential=credential,
                              passphrase=fields["passphrase"])
        try:
            return 200, "application/pdf", self.signer.sign(pdf, request)
        except WrongPassphrase:
            return _json(400, 2031, "Passphrase Anda salah")
        except SigningFailed as exc:
            return _json(500, 2000, f"Gagal melakukan tanda tangan: {exc}")

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if self.path != "/api/sign/pdf":
                    status, ctype, data = _json(404, 404, "Not found")
                else:
                    status, ctype, data = service.handle_sign(self.headers, body)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # keep test output quiet
                pass

        return Handler


def _json(status: int, code: int, message: str) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps({"status_code": code, "error": message}).encode()
