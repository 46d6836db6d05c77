"""Runs pyHanko's synchronous wrappers safely when the calling thread already runs an event loop.

pyHanko's sync API calls `asyncio.run`, which refuses to start inside a running loop (an async
server, a greenlet-based worker, Playwright in tests). Such calls move to a short-lived thread.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")


def call_outside_event_loop(fn: Callable[..., T], *args, **kwargs) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(fn, *args, **kwargs).result()
