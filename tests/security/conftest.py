"""The security tier: attacks replayed against the app served by gunicorn (2 workers, 4 threads
each) in a subprocess on a free loopback port, so timing and concurrency are real.

The database is SQLite, or PostgreSQL with `EOFFICE_TEST_DB=postgresql` (a database made for the
run); rate limits count in Redis, shared by both workers as in production, under a key prefix of
this run. The server believes one reverse proxy (`EOFFICE_TRUSTED_PROXIES=1`), so each test sends
its own client address in X-Forwarded-For and no test spends another's budget.

These tests FAIL (never skip) when Redis or PostgreSQL cannot be reached: CI provides both.
"""
from __future__ import annotations

import itertools
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import requests

from tests.conftest import create_pg_database, drop_pg_database
from tests.topology.conftest import REDIS_BASE, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "eoffice-demo"
REDIS_DB = 11
_ADDRESSES = itertools.count(1)


@dataclass
class Server:
    url: str
    tmp: Path
    process: subprocess.Popen | None = None

    def log(self) -> str:
        return (self.tmp / "web.log").read_text(errors="replace")[-4000:]

    def token(self, login: str, address: str | None = None) -> dict:
        response = requests.post(f"{self.url}/api/v1/auth/token", json={"username": login, "password": PASSWORD},
                                 headers=from_address(address or new_address()), timeout=30)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def new_address() -> str:
    """A client address no other test of this run uses (TEST-NET-2)."""
    n = next(_ADDRESSES)
    return f"198.51.{100 + n // 250}.{n % 250 + 1}"


def from_address(address: str) -> dict:
    return {"X-Forwarded-For": address}


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_BASE, socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.fail(f"security tier needs Redis at {REDIS_BASE} (rate-limit storage): {exc}")


def _database(tmp: Path, name: str) -> tuple[str, callable]:
    if os.environ.get("EOFFICE_TEST_DB") == "postgresql":
        try:
            url = create_pg_database(name)
        except Exception as exc:
            pytest.fail(f"security tier on PostgreSQL needs the server: {exc}")
        return url, lambda: drop_pg_database(name)
    return f"sqlite:///{tmp / 'security.sqlite'}", lambda: None


def _wait_healthy(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if requests.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start:\n" + server.log())


def _seed(database_url: str, storage: Path) -> None:
    """The tables and the demo organisation (what `flask setup` does), from this process."""
    from eoffice import create_app
    from eoffice.app import setup
    from eoffice.app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "STORAGE_DIR": str(storage),
                      "SECRET_KEY": "security-tier-seed-" + "x" * 32})
    with app.app_context():
        setup.create_tables()
        setup.seed_all()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    _require_redis()
    tmp = tmp_path_factory.mktemp("security")
    name = f"eoffice_security_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    database_url, drop = _database(tmp, name)
    port = free_port()
    env = {**os.environ,
           "EOFFICE_PROFILE": "embedded", "SECRET_KEY": "security-tier-secret-key-" + "x" * 32,
           "DATABASE_URL": database_url, "EOFFICE_VAR_DIR": str(tmp / "var"),
           "EOFFICE_STORAGE_DIR": str(tmp / "files"), "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
           "PUBLIC_URL": f"http://127.0.0.1:{port}", "FLASK_APP": "wsgi",
           "RATELIMIT_STORAGE_URI": f"{REDIS_BASE}/{REDIS_DB}", "EOFFICE_RATELIMIT_PREFIX": f"{name}:",
           "EOFFICE_TRUSTED_PROXIES": "1"}
    for inherited in ("REDIS_URL", "CELERY_EAGER", "VERIFY_UPLOAD_RATE_LIMIT", "VERIFY_TOKEN_RATE_LIMIT"):
        env.pop(inherited, None)  # the defaults are what is attacked
    srv = Server(f"http://127.0.0.1:{port}", tmp)
    log = open(tmp / "web.log", "ab")
    srv.process = subprocess.Popen(  # the workers load the app while the database is seeded here
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "4", "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        _seed(database_url, tmp / "files")
        _wait_healthy(srv)
        yield srv
    finally:
        try:
            os.killpg(srv.process.pid, signal.SIGTERM)
            srv.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(srv.process.pid, signal.SIGKILL)
        log.close()
        store = redis.Redis.from_url(f"{REDIS_BASE}/{REDIS_DB}")
        for key in store.scan_iter(match=f"*{name}:*"):  # they expire within a minute anyway
            store.delete(key)
        drop()


@dataclass
class HealthProbe:
    """Asks /healthz every 50 ms from its own thread while an attack runs; `latencies` in seconds."""

    url: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _run(self) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status = session.get(f"{self.url}/healthz", timeout=10).status_code
                if status != 200:
                    self.failures.append(f"status {status}")
            except requests.RequestException as exc:
                self.failures.append(repr(exc))
            self.latencies.append(time.monotonic() - started)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=15)

    def summary(self) -> str:
        if not self.latencies:
            return "no probe answered"
        return (f"{len(self.latencies)} probes, median {statistics.median(self.latencies):.3f} s, "
                f"max {max(self.latencies):.3f} s, failures {self.failures[:3]}")


@pytest.fixture
def health(server):
    return lambda: HealthProbe(server.url)
