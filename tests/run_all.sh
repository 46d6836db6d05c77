#!/usr/bin/env bash
# Every tier: SQLite (all tests, browser and topology included), then the app tier again on PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
$BIN/pytest -q -n 2 tests || status=$?
EOFFICE_TEST_DB=postgresql $BIN/pytest -q -n 2 tests/eoffice -m "not browser and not topology" || status=$?
exit $status
