"""Electronic signatures in the office: signer keys per official, the development PKI, the signer
in use (local PAdES or remote BSrE-style), signing-passphrase lockout, and public verification."""
