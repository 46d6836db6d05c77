"""Audit trail: per-chain hash-chained events, verification, checkpoints."""
