"""The service pool (state/shared/service_pool.py): the hop every `call` and `look` makes to a
thread and back. Its answers and errors reach the awaiting event as they are, with the event's
context; a job whose event stopped waiting before it started is not run; `settled` waits out what
runs; a forked child starts threads of its own; and a hop costs the loop less than the
ThreadPoolExecutor and wrap_future it replaced."""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import uvloop

from state.shared.service_pool import ServicePool

who = contextvars.ContextVar("who", default="nobody")


def test_answers_errors_and_the_events_context_come_back_as_they_are():
    pool = ServicePool(2, "test-pool")

    def read() -> tuple[str, str]:
        return who.get(), threading.current_thread().name

    def refuse():
        raise LookupError("no such order")

    async def run():
        who.set("riley")
        seen, thread = await pool.run(read)
        with pytest.raises(LookupError, match="no such order"):
            await pool.run(refuse)
        return seen, thread

    seen, thread = asyncio.run(run())
    assert seen == "riley" and thread.startswith("test-pool") and thread != threading.current_thread().name


def test_a_job_whose_event_stopped_waiting_before_it_started_is_not_run():
    pool = ServicePool(1, "test-pool")
    gate, ran = threading.Event(), []

    async def run():
        busy = pool.run(gate.wait, 5)  # the one thread is busy
        queued = pool.run(ran.append, "ran")
        queued.cancel()  # the event was cancelled (its tab went away)
        gate.set()
        await busy
        assert pool.settled(5)

    asyncio.run(run())
    assert ran == []


def test_settled_waits_for_what_runs_including_jobs_nobody_awaits():
    pool = ServicePool(2, "test-pool")
    done = []

    def slow():
        time.sleep(0.3)
        done.append(1)

    pool.submit(slow)
    pool.submit(slow)
    assert not pool.settled(0.05)
    assert pool.settled(5) and done == [1, 1]


def test_a_forked_child_runs_jobs_in_threads_of_its_own():
    pool = ServicePool(1, "test-pool")
    assert asyncio.run(_twice(pool)) == 4  # the parent's threads are started
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: none of the parent's threads came with it
        try:
            os.write(write, str(asyncio.run(_twice(pool))).encode())
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 16)
    os.waitpid(pid, 0)
    assert answer == b"4"


async def _twice(pool: ServicePool) -> int:
    return await asyncio.wait_for(pool.run(lambda x: 2 * x, 2), 5)


def test_a_hop_costs_less_cpu_than_the_executor_it_replaced():
    """The same 2,000 awaited hops of a trivial job from 20 coroutines, each way alternated three
    times, on uvloop as the app runs (community_hub/serve_asgi.py): process CPU per hop
    (docs/PROFILE.md, seventeenth round: 56 -> 10 us alone on a core)."""
    hops, coroutines = 2000, 20
    pool, executor = ServicePool(3, "test-pool"), ThreadPoolExecutor(3)

    async def through(hop) -> float:
        async def one():
            for _ in range(hops // coroutines):
                await hop()
        t0 = time.process_time()
        await asyncio.gather(*(one() for _ in range(coroutines)))
        return (time.process_time() - t0) / hops

    def lean():
        return pool.run(int)

    def executor_hop():
        return asyncio.wrap_future(executor.submit(contextvars.copy_context().run, int))

    lean_cpu, old_cpu = [], []
    for _ in range(3):
        lean_cpu.append(uvloop.run(through(lean)))
        old_cpu.append(uvloop.run(through(executor_hop)))
    executor.shutdown()
    assert min(old_cpu) > 2 * min(lean_cpu), (lean_cpu, old_cpu)
