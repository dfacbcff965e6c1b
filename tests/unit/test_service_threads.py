"""The service pool's size: HUB_SERVICE_THREADS, a few per worker by default, nonsense refused with
a sentence before anything starts; and the pages' services really run in that pool."""

from __future__ import annotations

import asyncio
import threading

import pytest

from community_hub.service_threads import DEFAULT, MOST, ServiceThreadsRefused, service_threads


def test_default_is_a_few_threads_per_worker():
    assert service_threads({}) == DEFAULT == 3
    assert service_threads({"HUB_SERVICE_THREADS": " "}) == DEFAULT


@pytest.mark.parametrize("raw, expected", [("1", 1), ("6", 6), (str(MOST), MOST), (" 4 ", 4)])
def test_operator_sets_it(raw, expected):
    assert service_threads({"HUB_SERVICE_THREADS": raw}) == expected


@pytest.mark.parametrize("raw", ["0", "-2", "65", "three", "2.5"])
def test_nonsense_is_refused_with_a_sentence(raw):
    with pytest.raises(ServiceThreadsRefused, match="HUB_SERVICE_THREADS must be a whole number from 1 to 64"):
        service_threads({"HUB_SERVICE_THREADS": raw})


def test_off_loop_work_runs_in_the_service_pool_with_the_callers_context():
    from contextvars import ContextVar

    from state.shared import service_call

    seen: ContextVar[str] = ContextVar("seen", default="")

    def where(word: str) -> tuple[str, str]:
        return threading.current_thread().name, seen.get() + word

    async def main():
        seen.set("from the event, ")
        return await asyncio.gather(*(service_call.off_loop(where, word="kept") for _ in range(12)))

    answers = asyncio.run(main())
    assert {text for _, text in answers} == {"from the event, kept"}
    names = {name for name, _ in answers}
    assert all(name.startswith("hub-service") for name in names)
    assert len(names) <= service_threads()


def test_settled_waits_for_a_service_whose_event_was_cancelled_with_its_loop():
    """The pool outlives an event loop (unlike asyncio's own, which asyncio.run waits for): a test
    that puts the database back, or a worker stopping, first waits for what is still running."""
    import time

    from state.shared import service_call

    done = threading.Event()

    def slow_write():
        time.sleep(0.4)
        done.set()

    async def main():
        task = asyncio.ensure_future(service_call.off_loop(slow_write))
        await asyncio.sleep(0.05)
        task.cancel()

    asyncio.run(main())
    assert not done.is_set()  # the loop is gone, the service is not
    assert service_call.settled(timeout=0.01) is False
    assert service_call.settled(timeout=5) is True and done.is_set()


def test_a_service_cancelled_before_it_started_is_not_waited_for():
    """An event cancelled while its service still queued for a thread: the service never runs, and
    `settled` does not wait for it (it once waited its whole timeout, test after test)."""
    import time

    from state.shared import service_call

    release = threading.Event()
    ran = []

    async def main():
        busy = [asyncio.ensure_future(service_call.off_loop(release.wait, 5)) for _ in range(service_threads())]
        await asyncio.sleep(0.05)
        queued = asyncio.ensure_future(service_call.off_loop(ran.append, "ran"))
        await asyncio.sleep(0.05)
        queued.cancel()
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(*busy)

    asyncio.run(main())
    t0 = time.perf_counter()
    assert service_call.settled(timeout=5) is True
    assert time.perf_counter() - t0 < 1 and ran == []
