"""The threads a worker's services run in, and the hop to them and back (state/shared/service_call.py).

Every `call` and `look` is one hop: the job goes to a thread, its answer comes back to the event
loop. Python's ThreadPoolExecutor with asyncio.wrap_future made each hop two futures (one of them
with its own lock and condition), a work item, a done-callback chain and the pool's idle semaphore;
here a job is a tuple on one queue and its answer one `call_soon_threadsafe` onto the awaiting
loop's own future. Measured alone on one core (20 coroutines, a trivial job): 56 -> 10 us of CPU
per hop (docs/PROFILE.md, seventeenth round); a page opening makes 3 to 9 of them.

Threads start at the first job (again in a forked child, which has none of its parent's). They are
daemons, so a worker's exit never hangs on them; at exit it waits (bounded) for the jobs running.
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

EXIT_WAIT = 10.0  # s a stopping worker gives its running services to finish


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    """On the awaiting loop: the answer, unless the event stopped waiting (cancelled)."""
    if future.done():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class ServicePool:
    def __init__(self, threads: int, name: str):
        self.threads, self.name = threads, name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._changed = threading.Condition()
        self._running = 0  # jobs queued or running, for `settled`
        self._pid = 0  # the process whose threads are started
        os.register_at_fork(after_in_child=self._forked)
        atexit.register(self.settled, EXIT_WAIT)

    def run(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future:
        """`fn(*args)` in a pool thread with this context (as asyncio.to_thread); await the answer."""
        future = asyncio.get_running_loop().create_future()
        self._put((future, contextvars.copy_context(), fn, args))
        return future

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """`fn(*args)` in a pool thread; nobody waits for it (an error in it goes nowhere)."""
        self._put((None, contextvars.copy_context(), fn, args))

    def settled(self, timeout: float = 30.0) -> bool:
        """Wait until no job is queued or running (at most `timeout` s); whether none is."""
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, timeout)

    def _put(self, job: tuple) -> None:
        with self._changed:
            self._running += 1
            if self._pid != os.getpid():
                self._start()
        self._jobs.put(job)

    def _start(self) -> None:
        self._pid = os.getpid()
        for i in range(self.threads):
            threading.Thread(target=self._work, name=f"{self.name}_{i}", daemon=True).start()

    def _forked(self) -> None:
        """In a forked child: no threads and no jobs of the parent's."""
        self._jobs, self._changed, self._running, self._pid = queue.SimpleQueue(), threading.Condition(), 0, 0

    def _work(self) -> None:
        jobs = self._jobs
        while True:
            future, context, fn, args = jobs.get()
            try:
                if future is not None and future.cancelled():
                    continue  # the event stopped waiting before it started: not run, as a pool's queued job
                try:
                    result, error = context.run(fn, *args), None
                except BaseException as exc:  # noqa: BLE001 - handed to the awaiting event as it is
                    result, error = None, exc
                if future is not None:
                    try:
                        future.get_loop().call_soon_threadsafe(_settle, future, result, error)
                    except RuntimeError:  # its loop has closed: nobody is waiting any more
                        pass
                del result, error  # not kept alive by this thread until its next job
            finally:
                with self._changed:
                    self._running -= 1
                    if not self._running:
                        self._changed.notify_all()
