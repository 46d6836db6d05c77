"""The shared kernel every capability may use: domain errors, clock, ids, files, inputs, CSV import, the permission policy, HTTP helpers."""
