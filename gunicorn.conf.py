"""gunicorn settings for the production profile: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (or the command line). Web processes keep no
state of their own: sessions are signed cookies, files live in EOFFICE_STORAGE_DIR, everything
else in PostgreSQL and Redis, so any number of these processes on any number of machines can
serve behind one load balancer.
"""
import os
import shutil
from pathlib import Path

bind = os.environ.get("EOFFICE_BIND", "0.0.0.0:8000")
# Threads overlap waits on PostgreSQL; processes use the cores (the engine is CPU-bound Python).
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, (os.cpu_count() or 1) * 2))))
threads = int(os.environ.get("EOFFICE_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("EOFFICE_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
backlog = 2048
max_requests = int(os.environ.get("EOFFICE_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = None  # the app writes one JSON access line per request (eoffice.access)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "eoffice-web"

os.environ.setdefault("EOFFICE_PROFILE", "production")
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                      str(Path(os.environ.get("EOFFICE_VAR_DIR", "var")) / "prometheus-web"))


def on_starting(server):
    """Start each gunicorn run with an empty metrics directory (old processes' samples are gone)."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)


def post_fork(server, worker):
    """With --preload the app exists before the fork: drop inherited database connections."""
    if server.cfg.preload_app:
        from eoffice.app.extensions import db

        from wsgi import app

        with app.app_context():
            db.engine.dispose(close=False)


def post_worker_init(worker):
    """The app is loaded: move its long-lived objects (specs, mappers, modules) out of the garbage
    collector's generations, so full collections stay short and rare under load."""
    import gc

    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
