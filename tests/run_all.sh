#!/usr/bin/env bash
# Every tier, each required: unit + integration + topology on SQLite, the security tier (attacks
# replayed against gunicorn; one run without xdist, because timing is what it measures), the
# browser tier in its own processes (Playwright keeps an event loop running in its thread), then
# the app and engine tiers and the security tier on PostgreSQL. Tests marked `postgres` make their
# own PostgreSQL databases whatever the tier's database, so they run once, in the PostgreSQL tier.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
$BIN/pytest -q -n 2 -m "not browser and not security and not postgres" tests || status=$?
$BIN/pytest -q -m security tests/security || status=$?
$BIN/pytest -q -n 2 -m browser tests/browser || status=$?
EOFFICE_TEST_DB=postgresql $BIN/pytest -q -n 2 -m "not browser and not topology and not security" tests/eoffice tests/workflows || status=$?
EOFFICE_TEST_DB=postgresql $BIN/pytest -q -m security tests/security || status=$?
exit $status
