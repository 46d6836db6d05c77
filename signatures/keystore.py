"""Private keys at rest: scrypt-derived key + AES-256-GCM under the signer's passphrase.

Armoured as PEM type ``EOFFICE ENCRYPTED SIGNING KEY``. The body is
``magic | log2(n) | r | p | salt(16) | nonce(12) | AES-GCM(PKCS#8 DER)``; the header bytes
are authenticated (GCM associated data), so the KDF cost cannot be lowered by editing them.
"""

from __future__ import annotations

import base64
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import InvalidKeyFile, WeakPassphrase, WrongPassphrase

_MAGIC = b"EOSK1"
_PEM_TYPE = "EOFFICE ENCRYPTED SIGNING KEY"
_HEADER = struct.Struct(">5sBBB16s12s")
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class KeyProtection:
    """scrypt cost; the default (n=2**15, r=8: 32 MiB, ~0.1 s) follows OWASP guidance."""

    log2_n: int = 15
    r: int = 8
    p: int = 1


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def encrypt_private_key(private_key, passphrase: str,
                        protection: KeyProtection = KeyProtection()) -> bytes:
    """PEM bytes holding ``private_key`` readable only with ``passphrase``."""
    if len(passphrase or "") < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(f"signing passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters")
    der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _HEADER.pack(_MAGIC, protection.log2_n, protection.r, protection.p, salt, nonce)
    key = _derive(passphrase, salt, protection.log2_n, protection.r, protection.p)
    body = header + AESGCM(key).encrypt(nonce, der, header)
    lines = base64.encodebytes(body).decode().strip()
    return f"-----BEGIN {_PEM_TYPE}-----\n{lines}\n-----END {_PEM_TYPE}-----\n".encode()


def _parse(encrypted: bytes | str) -> tuple[bytes, tuple, bytes]:
    text = encrypted.decode() if isinstance(encrypted, bytes) else encrypted
    begin, end = f"-----BEGIN {_PEM_TYPE}-----", f"-----END {_PEM_TYPE}-----"
    if begin not in text or end not in text:
        raise InvalidKeyFile("not an encrypted signing key")
    try:
        body = base64.b64decode(text.split(begin, 1)[1].split(end, 1)[0], validate=False)
        header = body[:_HEADER.size]
        fields = _HEADER.unpack(header)
    except (ValueError, struct.error) as exc:
        raise InvalidKeyFile("damaged encrypted signing key") from exc
    if fields[0] != _MAGIC or not (10 <= fields[1] <= 22):
        raise InvalidKeyFile("unknown encrypted key format")
    return header, fields, body[_HEADER.size:]


def unlock_key(encrypted: bytes | str, passphrase: str):
    """The private key inside ``encrypted``; ``WrongPassphrase`` if the passphrase is wrong."""
    header, (_, log2_n, r, p, salt, nonce), ciphertext = _parse(encrypted)
    key = _derive(passphrase or "", salt, log2_n, r, p)
    try:
        der = AESGCM(key).decrypt(nonce, ciphertext, header)
    except InvalidTag:
        raise WrongPassphrase("passphrase does not open the signing key") from None
    return serialization.load_der_private_key(der, password=None)


def change_passphrase(encrypted: bytes | str, old: str, new: str,
                      protection: KeyProtection = KeyProtection()) -> bytes:
    """Re-encrypt a key under a new passphrase (the old one must open it)."""
    return encrypt_private_key(unlock_key(encrypted, old), new, protection)
