"""Outgoing letters: drafting, paraf berjenjang, signing with number and QR, delivery."""
