"""Drive many tabs: closed loop (each tab acts again as soon as its last action is answered) and
paced (each tab acts once every `every` seconds). Latency is per action, from the first packet
sent to the update a person waits for; throughput counts the Socket.IO events the tabs sent."""

from __future__ import annotations

import asyncio
import random
import resource
import statistics
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from bench.load.mix import Action
from bench.load.tab import Tab

Script = Callable[[Tab], AsyncIterator[Action]]


@dataclass
class Result:
    seconds: float = 0.0
    events: int = 0
    actions: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    by_action: dict[str, list[float]] = field(default_factory=dict)
    unfinished: int = 0  # actions still unanswered when the run stopped (their wait so far is counted)
    server_cpu: float = 0.0  # CPU seconds the server used inside the measured window
    generator_cpu: float = 0.0  # and this process (the tabs)
    others_cpu: float = 0.0  # and PostgreSQL's and Redis's processes, when asked (the workers' runs)
    rss_per_tab_kb: float = 0.0  # the server's RSS per open tab (the echo ceiling measures it)

    @property
    def cpu_ms_per_event(self) -> float:
        return self.server_cpu * 1000 / self.events if self.events else float("nan")

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1] * 1000

    def error(self, exc: BaseException) -> None:
        self.errors += 1
        kind = type(exc).__name__
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def open_tabs(tabs: list[Tab], first_routes: list[str], *, at_once: int, result: Result) -> list[bool]:
    """Open every tab on its first page (connect, hydrate, mount), `at_once` at a time, as tabs
    opened by people arriving; returns which ones opened (a failure is counted, not raised)."""
    gate = asyncio.Semaphore(at_once)

    async def one(tab: Tab, route: str) -> bool:
        async with gate:
            try:
                await tab.open(route)
                return True
            except Exception as exc:  # noqa: BLE001 - counted; the run goes on without this tab
                result.error(exc)
                await tab.close()
                return False
    return list(await asyncio.gather(*(one(t, r) for t, r in zip(tabs, first_routes, strict=True))))


def _cpu_meter(result: Result, server_cpu: Callable[[], float] | None,
               others_cpu: Callable[[], float] | None = None):
    """Called at the window's start and end: CPU the server, this process and (with `others_cpu`)
    the databases used in between."""
    marks: list[tuple[float, float, float]] = []

    def mark() -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        marks.append((server_cpu() if server_cpu else 0.0, usage.ru_utime + usage.ru_stime,
                      others_cpu() if others_cpu else 0.0))
        if len(marks) == 2:
            result.server_cpu = marks[1][0] - marks[0][0]
            result.generator_cpu = marks[1][1] - marks[0][1]
            result.others_cpu = marks[1][2] - marks[0][2]
    return mark


async def closed_loop(tabs: list[Tab], scripts: list[AsyncIterator[Action]], *, warmup: float, seconds: float,
                      server_cpu: Callable[[], float] | None = None,
                      others_cpu: Callable[[], float] | None = None) -> Result:
    result = Result()
    window: dict[str, float] = {}
    mark = _cpu_meter(result, server_cpu, others_cpu)
    loop = asyncio.get_running_loop()
    loop.call_later(warmup, mark)
    loop.call_later(warmup + seconds, mark)

    async def drive(tab: Tab, script: AsyncIterator[Action]) -> None:
        async for name, act in script:
            if time.perf_counter() >= window["end"]:
                return
            t0, sent0 = time.perf_counter(), tab.events_sent
            try:
                latency = await act()
            except asyncio.CancelledError:
                if window["start"] <= t0:
                    result.unfinished += 1  # started in the window, still unanswered 5 s after it
                raise
            except Exception as exc:  # noqa: BLE001 - a failed action is an error, the tab goes on
                if window["start"] <= t0:
                    result.error(exc)
                continue
            if window["start"] <= t0 and time.perf_counter() <= window["end"]:
                result.actions += 1
                result.events += tab.events_sent - sent0
                result.latencies.append(latency)
                result.by_action.setdefault(name, []).append(latency)

    now = time.perf_counter()
    window["start"], window["end"] = now + warmup, now + warmup + seconds
    await _bounded([drive(t, s) for t, s in zip(tabs, scripts, strict=True)], warmup + seconds + 5)
    result.seconds = seconds
    return result


async def _bounded(coros: list, seconds: float) -> None:
    """Run the tabs, and cancel any still waiting for an answer a few seconds after the end."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    _done, late = await asyncio.wait(tasks, timeout=seconds)
    for task in late:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def paced(tabs: list[Tab], scripts: list[AsyncIterator[Action]], *, every: float, seconds: float,
                rng: random.Random, server_cpu: Callable[[], float] | None = None) -> Result:
    """Each tab acts every `every` seconds from a random phase; a late answer delays only that tab."""
    result = Result()
    mark = _cpu_meter(result, server_cpu)
    mark()
    asyncio.get_running_loop().call_later(seconds, mark)
    t_start = time.perf_counter()
    end = t_start + seconds

    async def drive(tab: Tab, script: AsyncIterator[Action]) -> None:
        due = t_start + rng.uniform(0, every)
        async for name, act in script:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if time.perf_counter() >= end:
                return
            sent0, t0 = tab.events_sent, time.perf_counter()
            try:
                latency = await act()
            except asyncio.CancelledError:
                result.unfinished += 1
                result.latencies.append(time.perf_counter() - t0)
                raise
            except Exception as exc:  # noqa: BLE001
                result.error(exc)
            else:
                result.actions += 1
                result.events += tab.events_sent - sent0
                result.latencies.append(latency)
                result.by_action.setdefault(name, []).append(latency)
            due += every
    await _bounded([drive(t, s) for t, s in zip(tabs, scripts, strict=True)], seconds + 5)
    result.seconds = time.perf_counter() - t_start
    return result


async def close_all(tabs: list[Tab]) -> None:
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
