"""Public verification of signed letters (no login): by the QR token or an uploaded PDF. Reads the
outgoing letters and the signing keys, so it sits above both."""
