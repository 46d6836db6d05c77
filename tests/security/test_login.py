"""Staff accounts under a password-guessing attack: parallel wrong passwords for one login are
checked at most LOGIN_MAX_FAILURES (5) times; the rest are refused without checking (429), and
the account stays locked even for the right password."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.security.conftest import PASSWORD, from_address, new_address

pytestmark = pytest.mark.security


def test_parallel_wrong_passwords_are_checked_at_most_five_times(server):
    def guess(n: int) -> int:
        return requests.post(f"{server.url}/api/v1/auth/token",
                             json={"username": "staf.ikp1", "password": f"tebakan-{n}"},
                             headers=from_address(new_address()), timeout=60).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(guess, range(32)))
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) <= 5, f"{statuses.count(401)} passwords checked: {statuses}"
    right = requests.post(f"{server.url}/api/v1/auth/token", json={"username": "staf.ikp1", "password": PASSWORD},
                          headers=from_address(new_address()), timeout=60)
    assert right.status_code == 429
