"""RFC 3161 timestamp authorities: a local in-process one and an HTTP client config.

Both are small frozen configs; ``make_timestamper(config)`` turns either into the pyHanko
``TimeStamper`` the signer uses for PAdES B-T.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .pki import CertifiedKey, load_certificate, load_certificates


@dataclass(frozen=True)
class LocalTimestampAuthority:
    """Timestamps signed in-process with a TSA key (development and offline deployments)."""

    tsa: CertifiedKey
    chain_pem: tuple[bytes, ...] = ()   # CA certificates embedded in each token


@dataclass(frozen=True)
class HttpTimestampAuthority:
    """A production RFC 3161 TSA reached over HTTP(S)."""

    url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    require_https: bool = True
    headers: tuple[tuple[str, str], ...] = ()


def _asn1_cert(cert_or_pem) -> asn1_x509.Certificate:
    der = load_certificate(cert_or_pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def asn1_private_key(private_key) -> asn1_keys.PrivateKeyInfo:
    """A cryptography private key as the asn1crypto object pyHanko expects."""
    der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    return asn1_keys.PrivateKeyInfo.load(der)


def make_timestamper(config: LocalTimestampAuthority | HttpTimestampAuthority) -> TimeStamper:
    """The pyHanko timestamper for ``config``."""
    if isinstance(config, LocalTimestampAuthority):
        chain = [_asn1_cert(c) for c in load_certificates(*config.chain_pem)]
        return DummyTimeStamper(
            tsa_cert=_asn1_cert(config.tsa.cert_pem),
            tsa_key=asn1_private_key(config.tsa.private_key),
            certs_to_embed=SimpleCertificateStore.from_certs(chain),
        )
    if isinstance(config, HttpTimestampAuthority):
        headers = dict(config.headers)
        if config.username is not None:  # a plain header: aiohttp's BasicAuth is deprecated
            pair = f"{config.username}:{config.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        return HTTPTimeStamper(config.url, https=config.require_https, timeout=config.timeout,
                               headers=headers or None)
    raise TypeError(f"not a timestamp authority config: {config!r}")
