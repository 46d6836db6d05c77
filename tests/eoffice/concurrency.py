"""Real concurrency against the test app: requests in threads released together by a barrier, each
through its own test client (so its own app context, session and database connection), and a
thread-safe counter to wrap a function with (how many argon2 checks or key openings really ran)."""
from __future__ import annotations

import functools
import threading


class Counter:
    """Calls of the wrapped function, counted across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.calls = 0

    def wrap(self, function):
        @functools.wraps(function)
        def counted(*args, **kwargs):
            with self._lock:
                self.calls += 1
            return function(*args, **kwargs)

        return counted


def count_calls(monkeypatch, *targets: tuple[object, str]) -> Counter:
    """Wrap `getattr(module, name)` for each target with one shared counter."""
    counter = Counter()
    for module, name in targets:
        monkeypatch.setattr(module, name, counter.wrap(getattr(module, name)))
    return counter


def in_parallel(app, calls, timeout: float = 300) -> list:
    """Run each `call(client)` in its own thread, all released at once; their results in order
    (an exception a call raised is re-raised here)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        client = app.test_client()
        try:
            barrier.wait(timeout)
            results[index] = call(client)
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a request did not finish"
    if errors:
        raise errors[0]
    return results
