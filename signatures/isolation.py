"""Run one call in a child process that can be abandoned: killed when its deadline passes.

pyHanko validation is synchronous CPU work (parsing, diff analysis, path building); a thread
running it cannot be stopped, and ``asyncio`` cancellation only acts at ``await`` points that
this work does not reach. A child process can be killed, and the operating system also caps
its CPU time and memory, so a hostile document costs at most the time budget.

Children come from a ``forkserver`` that has already imported ``signatures``: starting one is a
``fork()`` of a small single-threaded process (milliseconds), not a fresh interpreter, and it
never forks the caller itself (a threaded web worker whose locks a child could inherit held).
Where ``forkserver`` does not exist (Windows) ``spawn`` is used. As with any multiprocessing
start method but ``fork``, a script that calls in here must guard its own top level with
``if __name__ == "__main__":`` (gunicorn, Celery, pytest and ``python -m`` entry points do).
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import threading
import time
from typing import Callable

# '__main__' first, as multiprocessing does by default: the server imports the main module once
# and every child inherits it, instead of each child importing it again before it starts. The
# openssl backend is what the first validation would otherwise import in every child.
PRELOAD = ["__main__", "signatures.verify", "cryptography.hazmat.backends.openssl"]
_context = None
_context_lock = threading.Lock()


class Abandoned(Exception):
    """The child did not answer before the deadline (killed) or was killed by a signal.

    ``timed_out``: killed at the deadline or by its CPU-time limit; otherwise a signal ended
    it (the kernel's OOM killer, a crash in C code) and ``exitcode`` says which.
    """

    def __init__(self, timed_out: bool, exitcode: int | None):
        super().__init__("timed out" if timed_out else f"child died (exit code {exitcode})")
        self.timed_out = timed_out
        self.exitcode = exitcode


class IsolationUnavailable(Exception):
    """No child process could be started here, or it exited before running the call; the
    caller may run the call in-process instead."""


def _get_context():
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                ctx = multiprocessing.get_context("forkserver")
                # Takes effect if no forkserver runs yet in this process (else children import
                # what they need themselves: slower, still correct).
                ctx.set_forkserver_preload(PRELOAD)
            else:
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
        return _context


def _limit_resources(deadline: float, max_memory: int | None) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the parent's kill still bounds the time
        return
    seconds = max(1, math.ceil(deadline - time.monotonic()) + 1)
    limits = [(resource.RLIMIT_CPU, seconds)]
    if max_memory:
        limits.append((resource.RLIMIT_AS, max_memory))
    for which, value in limits:
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def _child(conn, fn, args, kwargs, deadline, max_memory):
    _limit_resources(deadline, max_memory)
    try:
        result = ("ok", fn(*args, **kwargs))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        result = ("raised", exc)
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable result or exception
        conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def call_with_deadline(fn: Callable, *args, deadline: float, max_memory: int | None = None,
                       **kwargs):
    """``fn(*args, **kwargs)`` in a child process; its result, or its exception re-raised.

    ``deadline`` is a ``time.monotonic()`` value; past it the child is killed and
    ``Abandoned(timed_out=True)`` raised. ``max_memory`` caps the child's address space
    (bytes). ``fn``, the arguments and the result must pickle (module-level functions).
    """
    ctx = _get_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, fn, args, kwargs, deadline, max_memory),
                          name="signatures-isolated", daemon=True)
    try:
        process.start()
    except Exception as exc:  # e.g. inside a daemonic process, or no fork/exec allowed
        receive.close()
        send.close()
        raise IsolationUnavailable(str(exc)) from exc
    send.close()
    try:
        answered = receive.poll(max(0.0, deadline - time.monotonic()))
        if answered:
            try:
                status, value = receive.recv()
            except EOFError:  # the child died after the poll woke up
                answered = False
        if not answered:
            process.kill()
            process.join()
            code = process.exitcode
            if code is not None and code > 0 and time.monotonic() < deadline:
                # it exited on its own before running ``fn`` (e.g. the main module cannot be
                # imported again, see ``PRELOAD``): the environment's fault, not the input's
                raise IsolationUnavailable(f"child process exited with code {code}")
            timed_out = time.monotonic() >= deadline or code == -getattr(signal, "SIGXCPU", 0)
            raise Abandoned(timed_out, code)
    finally:
        receive.close()
        if process.is_alive():
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join()
    if status == "raised":
        raise value
    return value


