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
