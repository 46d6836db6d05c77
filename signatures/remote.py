"""Client for a BSrE-style remote signing service (``POST /api/sign/pdf``).

The service holds the signer's key; the request carries the PDF, the signer's NIK and
passphrase, and the placement. Form fields follow the documented shape:
``file``, ``nik``, ``passphrase``, ``tampilan`` (visible|invisible), then either
``page``/``xAxis``/``yAxis``/``width``/``height`` or ``tag_koordinat``, and for the
appearance ``image=true`` + ``imageTTD`` (a PNG) or ``linkQR``; plus ``reason`` and
``location``. A 200 answer is the signed PDF; any other answer is JSON
``{"status_code": <service code>, "error": "<message>"}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from .errors import RemoteSigningError, WrongPassphrase
from .signer import SignRequest

SIGN_PATH = "/api/sign/pdf"
# BSrE answers a wrong passphrase with service code 2031 (and says "passphrase" in text).
WRONG_PASSPHRASE_CODES = frozenset({2031})


@dataclass(frozen=True)
class RemoteSignerConfig:
    """Where the service is and how to authenticate to it (HTTP Basic)."""

    base_url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    verify_tls: bool | str = True     # False only for a local stand-in; str = CA bundle path


def sign_form(request: SignRequest) -> dict[str, str]:
    """The form fields (without the file) the service expects for ``request``."""
    if not request.nik:
        raise RemoteSigningError("the remote signer needs the signer's NIK")
    p = request.placement
    form = {"nik": request.nik, "passphrase": request.passphrase,
            "tampilan": "visible" if p.visible else "invisible",
            "reason": request.reason, "location": request.location}
    if p.visible:
        if p.tag:
            form["tag_koordinat"] = p.tag
        else:
            x1, y1, x2, y2 = p.box
            form.update(page=str(p.page), xAxis=f"{x1:g}", yAxis=f"{y1:g}",
                        width=f"{x2 - x1:g}", height=f"{y2 - y1:g}")
        if p.image_png:
            form["image"] = "true"
        elif p.qr_link:
            form.update(image="false", linkQR=p.qr_link)
    return form


def _error_from(response: requests.Response) -> Exception:
    message, code = response.text.strip()[:500] or response.reason, None
    try:
        body = response.json()
        if isinstance(body, dict):
            message = str(body.get("error") or body.get("message") or message)
            code = body.get("status_code")
    except ValueError:
        pass
    if code in WRONG_PASSPHRASE_CODES or "passphrase" in message.lower():
        return WrongPassphrase(message)
    return RemoteSigningError(message, status_code=response.status_code, service_code=code)


@dataclass(frozen=True)
class RemoteSignerClient:
    """A ``Signer`` that delegates to the remote service."""

    config: RemoteSignerConfig

    def sign(self, pdf_bytes: bytes, request: SignRequest) -> bytes:
        files = {"file": ("document.pdf", pdf_bytes, "application/pdf")}
        if request.placement.image_png and request.placement.visible:
            files["imageTTD"] = ("ttd.png", request.placement.image_png, "image/png")
        auth = None
        if self.config.username is not None:
            auth = (self.config.username, self.config.password or "")
        url = self.config.base_url.rstrip("/") + SIGN_PATH
        try:
            response = requests.post(url, data=sign_form(request), files=files, auth=auth,
                                     timeout=self.config.timeout, verify=self.config.verify_tls)
        except requests.RequestException as exc:
            raise RemoteSigningError(f"signing service unreachable: {exc}") from exc
        if response.status_code != 200:
            raise _error_from(response)
        if not response.content.startswith(b"%PDF"):
            raise RemoteSigningError("signing service answered 200 without a PDF",
                                     status_code=200)
        return response.content
