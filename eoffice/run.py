"""`make run`: the embedded office on SQLite with demo data, eager Celery and an in-process timer loop."""
from __future__ import annotations

import os
import threading
import time

from eoffice import create_app
from eoffice.org.seed_data import PEOPLE


def _timer_loop(app, interval: float = 30.0) -> None:
    """Fire due BPMN timers every `interval` seconds (the embedded stand-in for celery beat)."""
    from eoffice.processes.runtime import fire_due_timers

    while True:
        time.sleep(interval)
        with app.app_context():
            try:
                fire_due_timers()
            except Exception:  # the loop must survive a bad timer; the error is logged
                app.logger.exception("timer loop")


def main() -> None:
    app = create_app()
    from eoffice.app import setup

    with app.app_context():
        setup.create_tables()
        setup.seed_all()
    host = os.environ.get("EOFFICE_HOST", "127.0.0.1")
    port = int(os.environ.get("EOFFICE_PORT", "5000"))
    threading.Thread(target=_timer_loop, args=(app,), daemon=True).start()
    password = app.config["DEMO_PASSWORD"]
    print(f"\ne-Office berjalan di http://{host}:{port}/  (embedded: SQLite WAL, Celery eager)")
    print(f"Login demo (kata sandi: {password}):")
    for person in PEOPLE:
        print(f"  {person[5]:<22} {person[1]}")
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
