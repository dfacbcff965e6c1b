"""The measured parts of the load bench, one function each; bench/bench_load.py runs and prints them.

The generator (this process) and the server under test sit on different cores where the run
allows: one worker (and the echo server) pinned to core 0, the generator to core 1; with two
workers the app gets both cores and the generator is left to the scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.load.compiled import Build
from bench.load.mix import ROUND, merchant_actions, resident_actions
from bench.load.people import People
from bench.load.runs import Result, close_all, closed_loop, open_tabs, paced
from bench.load.servers import Server
from bench.load.tab import Tab, state_settled

SERVER_CORE, GENERATOR_CORE = "0", {1}


def pin_generator(pinned: bool) -> None:
    cores = os.sched_getaffinity(0) | set(range(os.cpu_count() or 1))
    if pinned and len(cores) > 1:
        os.sched_setaffinity(0, GENERATOR_CORE)
    else:
        os.sched_setaffinity(0, cores)


def _subprotocol() -> str:
    from reflex_base.constants import Reflex

    return Reflex.VERSION  # what the compiled frontend offers (protocols: [reflexEnvironment.version])


def echo_ceiling(build: Build, echo: Server, *, clients: int, seconds: float) -> Result:
    """Each client clicks as fast as the echo answers: one event, one update, no app work."""
    async def run() -> Result:
        tabs = [Tab(build, echo.ws_url, "echo", subprotocol=_subprotocol()) for _ in range(clients)]
        hello = {"event": {"name": "hello", "router_data": {"pathname": "/", "asPath": "/"}}}
        rss_before = echo.rss_kb()
        await asyncio.gather(*(t.wire.open(echo.ws_url, token=t.token, auth=hello) for t in tabs))
        await asyncio.sleep(1)
        # What a connection costs with no app at all (the server's websocket buffers and Socket.IO's
        # session): the part of the app's memory per session that no state change removes.
        rss_per_tab = (echo.rss_kb() - rss_before) / clients

        async def clicks(tab: Tab):
            async def click() -> float:
                t0 = time.perf_counter()
                await tab._wait(state_settled("echo", "busy_rx_state_"), lambda: tab._emit("echo.click"))
                return time.perf_counter() - t0
            while True:
                yield "echo", click
        result = await closed_loop(tabs, [clicks(t) for t in tabs], warmup=2, seconds=seconds,
                                   server_cpu=echo.cpu_seconds)
        result.rss_per_tab_kb = rss_per_tab
        await close_all(tabs)
        return result
    return asyncio.run(run())


@dataclass
class Mixed:
    result: Result
    tabs_opened: int
    refusals: list[str]
    rss_idle_kb: int = 0
    rss_hydrated_kb: int = 0
    rss_after_kb: int = 0
    rss_closed_kb: int = 0  # a few seconds after every tab left


async def _open(build: Build, app: Server, people: People, residents: int, rng: random.Random,
                result: Result, timeout: float = 30, spread: bool = False):
    """Residents on /home and 1 merchant per 50 residents on /merchant/orders, with their scripts;
    `spread`: each resident begins at a step of the round drawn at random (else all at its first)."""
    res = people.residents[:residents]
    mer = people.merchants[:max(1, residents // 50)]
    tabs = [Tab(build, app.ws_url, p.session, subprotocol=_subprotocol(), timeout=timeout) for p in [*res, *mer]]
    routes = ["/home"] * len(res) + ["/merchant/orders"] * len(mer)
    ok = await open_tabs(tabs, routes, at_once=25, result=result)
    scripts = [resident_actions(t, p, people.shops, rng, rng.randrange(ROUND) if spread else 0) if i < len(res)
               else merchant_actions(t, p)
               for i, (t, p) in enumerate(zip(tabs, [*res, *mer], strict=True))]
    kept = [(t, s) for t, s, good in zip(tabs, scripts, ok, strict=True) if good]
    return [t for t, _ in kept], [s for _, s in kept]


def resident_mix_closed(build: Build, app: Server, people: People, *, residents: int, seconds: float,
                        seed: int = 1, others_cpu: Callable[[], float] | None = None) -> Mixed:
    rng = random.Random(seed)

    async def run() -> Mixed:
        opening = Result()
        tabs, scripts = await _open(build, app, people, residents, rng, opening)
        result = await closed_loop(tabs, scripts, warmup=3, seconds=seconds, server_cpu=app.cpu_seconds,
                                   others_cpu=others_cpu)
        result.errors += opening.errors
        refusals = [m for t in tabs for m in t.refusals]
        await close_all(tabs)
        return Mixed(result, len(tabs), refusals)
    return asyncio.run(run())


def resident_mix_paced(build: Build, app: Server, people: People, *, residents: int, every: float,
                       seconds: float, seed: int = 2, lockstep: bool = False) -> Mixed:
    """Each tab acts every `every` s. Residents act as independent people would: each begins at a
    step of the round drawn at random, so at any moment the tabs are spread over its pages. With
    `lockstep`, every tab begins at the round's first step (the earlier rounds' runs): all of them
    open the same page within the same `every` seconds, the heaviest moments of the mix at once."""
    rng = random.Random(seed)

    async def run() -> Mixed:
        idle = app.rss_kb()
        opening = Result()
        tabs, scripts = await _open(build, app, people, residents, rng, opening, spread=not lockstep)
        await asyncio.sleep(2)
        hydrated = app.rss_kb()
        result = await paced(tabs, scripts, every=every, seconds=seconds, rng=rng, server_cpu=app.cpu_seconds)
        after = app.rss_kb()
        result.errors += opening.errors
        for kind, n in opening.error_kinds.items():
            result.error_kinds[kind] = result.error_kinds.get(kind, 0) + n
        refusals = [m for t in tabs for m in t.refusals]
        await close_all(tabs)
        await asyncio.sleep(5)
        return Mixed(result, len(tabs), refusals, idle, hydrated, after, app.rss_kb())
    return asyncio.run(run())


def summary_by_action(result: Result) -> str:
    parts = []
    for name, lat in sorted(result.by_action.items()):
        lat = sorted(lat)
        parts.append(f"{name} {lat[len(lat) // 2] * 1000:.0f}/{lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000:.0f}")
    return ", ".join(parts)


@contextlib.contextmanager
def profiled(app: Server, out: str | None, seconds: float):
    """With `out`, sample every process of the app with py-spy (200 Hz, raw stacks) while the body
    runs; without, nothing. py-spy is an optional tool (`pip install py-spy`); missing, it says so."""
    if not out:
        yield
        return
    spy = shutil.which("py-spy") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "py-spy")
    if not Path(spy).exists():
        print("load: --profile needs py-spy (pip install py-spy); profiling skipped", flush=True)
        yield
        return
    proc = subprocess.Popen([spy, "record", "-p", str(app.proc.pid), "--subprocesses", "-r", "200", "-f", "raw",
                             "-d", str(int(seconds)), "-o", out, "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        try:
            proc.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            proc.kill()
        print(f"load: profile of the closed loop written to {out}", flush=True)


def web_dir_default() -> Path:
    from bench.load.servers import ROOT

    return ROOT / os.environ.get("HUB_BENCH_WEB_DIR", ".web-test-bench")
