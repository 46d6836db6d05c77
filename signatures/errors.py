"""Exceptions raised by the signatures package (the app maps them to pages/JSON once)."""


class SignatureError(Exception):
    """Base class of every error raised by ``signatures``."""


class WrongPassphrase(SignatureError):
    """The signing passphrase does not open the signer's key (local or remote)."""


class InvalidKeyFile(SignatureError):
    """An encrypted key blob, certificate or PKCS#12 file cannot be read."""


class DevelopmentCARefused(SignatureError):
    """A development certificate was offered where production ones are required."""


class RemoteSigningError(SignatureError):
    """The remote (BSrE-style) signing service refused or failed; ``message`` is its text."""

    def __init__(self, message: str, status_code: int | None = None, service_code=None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.service_code = service_code


class SigningFailed(SignatureError):
    """Local PAdES signing could not be completed (bad PDF, field clash, TSA down...)."""


class InvalidToken(SignatureError):
    """A QR verification token is malformed, uses a refused algorithm or was tampered."""


class InvalidDocument(SignatureError):
    """A letter or disposition sheet description is incomplete or inconsistent."""


class WeakPassphrase(SignatureError):
    """A new signing passphrase is too short to protect a key."""


class VerificationRefused(SignatureError):
    """A document was not verified because checking it would cost too much or it is malformed
    in a way that makes checking unsafe (too many signatures, revisions or objects, a tree too
    deep or looping, past the time budget). The app answers 422 with ``message``.

    ``reason`` is one of ``REASONS`` (stable, for code and logs); ``message`` is for people, in
    Bahasa Indonesia; ``limit`` and ``found`` are the cap and what the document had, if known.
    """

    REASONS = ("too_many_signatures", "too_many_revisions", "too_many_objects", "too_deep",
               "reference_loop", "time_budget", "resources")
    MESSAGES = {
        "too_many_signatures": "Dokumen memuat terlalu banyak kolom tanda tangan{detail}, "
                               "sehingga tidak diverifikasi.",
        "too_many_revisions": "Dokumen memuat terlalu banyak revisi (pembaruan bertahap)"
                              "{detail}, sehingga tidak diverifikasi.",
        "too_many_objects": "Dokumen memuat terlalu banyak objek PDF{detail}, "
                            "sehingga tidak diverifikasi.",
        "too_deep": "Struktur dokumen terlalu dalam{detail}, sehingga tidak diverifikasi.",
        "reference_loop": "Struktur dokumen memuat rujukan yang melingkar atau berulang, "
                          "sehingga tidak diverifikasi.",
        "time_budget": "Verifikasi dokumen melebihi batas waktu{detail} dan dihentikan.",
        "resources": "Verifikasi dokumen dihentikan karena melebihi batas sumber daya.",
    }

    def __init__(self, reason: str, message: str | None = None, *, limit=None, found=None):
        if reason not in self.REASONS:
            raise ValueError(f"unknown refusal reason {reason!r}")
        if message is None:
            message = self.MESSAGES[reason].format(detail=_detail(reason, limit, found))
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.limit = limit
        self.found = found

    def __reduce__(self):  # keeps reason/limit/found across pickling (child processes)
        return (_refused, (self.reason, self.message, self.limit, self.found))

    def as_dict(self) -> dict:
        return {"reason": self.reason, "message": self.message, "limit": self.limit,
                "found": self.found}


def _detail(reason: str, limit, found) -> str:
    if limit is None:
        return ""
    if reason == "time_budget":
        return f" ({limit:g} detik)"
    if reason == "too_deep":
        return f" (lebih dari {limit} tingkat)"
    if found is not None:
        return f" ({found}; paling banyak {limit})"
    return f" (lebih dari {limit})"


def _refused(reason, message, limit, found):
    return VerificationRefused(reason, message, limit=limit, found=found)
