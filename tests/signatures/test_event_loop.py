"""Signing and verifying work even when the calling thread already runs an asyncio event loop."""
from __future__ import annotations

import asyncio

from signatures.sync import call_outside_event_loop


def test_call_inside_a_running_loop_runs_the_sync_api_in_another_thread():
    def uses_asyncio_run():
        return asyncio.run(asyncio.sleep(0, result="done"))

    async def main():
        return call_outside_event_loop(uses_asyncio_run)

    assert asyncio.run(main()) == "done"


def test_call_without_a_loop_runs_in_the_same_thread():
    import threading

    assert call_outside_event_loop(threading.get_ident) == threading.get_ident()
