"""The real production topology on loopback: gunicorn (several workers), a Celery worker and beat,
a PostgreSQL database made for the run, and a dedicated Redis database number.

These tests FAIL (never skip) when PostgreSQL or Redis is missing: CI must provide both.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, create_pg_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_BASE = os.environ.get("EOFFICE_TEST_REDIS", "redis://127.0.0.1:6379")
PASSWORD = "eoffice-demo"


def require_services() -> None:
    """Fail loudly when PostgreSQL or Redis cannot be reached."""
    try:
        with create_engine(PG_ADMIN_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"topology tier needs PostgreSQL at {PG_ADMIN_URL}: {exc}")
    try:
        redis.Redis.from_url(REDIS_BASE, socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.fail(f"topology tier needs Redis at {REDIS_BASE}: {exc}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Topology:
    base_url: str
    database_url: str
    redis_url: str
    env: dict
    tmp: Path
    procs: dict = field(default_factory=dict)

    # -- processes ------------------------------------------------------------------------------
    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs[name] = proc
        return proc

    def start_worker(self) -> subprocess.Popen:
        concurrency = str(getattr(self, "worker_concurrency", 2))
        return self.spawn("worker", [str(BIN / "celery"), "-A", "eoffice.worker", "worker", "--concurrency", concurrency,
                                     "--loglevel", "INFO", "-n", f"topo-{os.getpid()}@%h", "--without-gossip",
                                     "--without-mingle"])

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            proc = self.procs[name]
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.procs.pop(name)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-4000:]

    # -- clients --------------------------------------------------------------------------------
    def token(self, login: str) -> dict:
        response = requests.post(f"{self.base_url}/api/v1/auth/token",
                                 json={"username": login, "password": PASSWORD}, timeout=30)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def sql(self, query: str, **params):
        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                return conn.execute(text(query), params).fetchall()
        finally:
            engine.dispose()

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)


def _run(args, env, what):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def _wait_ready(topology: Topology, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{topology.base_url}/readyz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not become ready:\n" + topology.log("web"))


def launch(tmp: Path, name: str, redis_db: int, web_workers: int = 3, threads: int = 4,
           worker_concurrency: int = 2, extra_env: dict | None = None) -> Topology:
    """Create the database `name`, migrate and seed it, start gunicorn, a Celery worker and beat."""
    database_url = create_pg_database(name)
    redis_url = f"{REDIS_BASE}/{redis_db}"
    port = free_port()
    env = {**os.environ,
           "EOFFICE_PROFILE": "production", "SECRET_KEY": "topology-secret-key-" + "x" * 32,
           "DATABASE_URL": database_url, "REDIS_URL": redis_url, "TSA_URL": "",
           "EOFFICE_VAR_DIR": str(tmp / "var"), "EOFFICE_STORAGE_DIR": str(tmp / "files"),
           "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"), "EOFFICE_METRICS_ALLOW": "127.0.0.1/32",
           "EOFFICE_BROKER_KEYPREFIX": f"{name}:", "EOFFICE_VISIBILITY_TIMEOUT": "4", "EOFFICE_TIMER_INTERVAL_SECONDS": "1",
           "EOFFICE_LOG_JSON": "1", "FLASK_APP": "wsgi", **(extra_env or {})}
    env.pop("CELERY_EAGER", None)
    topo = Topology(f"http://127.0.0.1:{port}", database_url, redis_url, env, tmp)
    topo.name, topo.worker_concurrency = name, worker_concurrency
    _run([str(BIN / "flask"), "db", "upgrade"], env, "flask db upgrade")
    _run([str(BIN / "flask"), "setup"], env, "flask setup")
    topo.spawn("web", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                       "--workers", str(web_workers), "--threads", str(threads), "wsgi:app"])
    _wait_ready(topo)
    topo.start_worker()
    topo.spawn("beat", [str(BIN / "celery"), "-A", "eoffice.worker", "beat", "--loglevel", "INFO",
                        "-s", str(tmp / "beat-schedule")])
    return topo


def shutdown(topo: Topology) -> None:
    topo.stop_all()
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{topo.name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def topology(tmp_path_factory, worker_id):
    require_services()
    index = 0 if worker_id == "master" else int(worker_id.lstrip("gw") or 0)
    # dedicated Redis DB numbers (12, 13, …) for this tier
    # unique per run: concurrent runs on one machine must not share a database or broker keys
    topo = launch(tmp_path_factory.mktemp("topology"), f"eoffice_topology_{worker_id}_{os.getpid()}", 12 + index)
    yield topo
    shutdown(topo)
