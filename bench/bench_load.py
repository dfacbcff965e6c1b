"""Load benchmark: the real app (production build) under many logged-in browser tabs speaking
Reflex's own Socket.IO protocol, against a bare Socket.IO echo server on the same transport.

Prints (besides detail lines and how long each part took):
  load: resident mix  closed-loop N=100  X events/s  p50 A ms  p95 B ms  ratio R of echo ceiling
  load: floor  an event that does no work of ours  X events/s  Y ms CPU/event  ratio R of echo ceiling
        (bench/load/floor.py: Reflex's and the transport's part of an event; no handler passes it)
  load: resident mix  paced 500 sessions (1 event / 2 s each)  p95 C ms  errors E
  load: workers 1 -> 2 (PostgreSQL + Redis)  X1 -> X2 events/s  (x S)
  load: checkout contention  N orders/s on PostgreSQL, oversold 0
  load: memory  K KB per session  (and the bare echo server's KB per connection beside it)
  load: CPU per action  open home … ms, …  (bench/load/per_action.py: the worker's CPU per action,
        which a busy machine moves far less than it moves events/s)
  load: idle tabs  N open on live pages  X ms CPU per tab-second  (bench/load/idle.py: what tabs
        left open cost when nobody acts)

How to read it. "events" are the Socket.IO events the tabs send (a link sends on_load_internal,
and the cookie's update_vars_internal before it once a minute (state/link_cookies.py; every link
before the sixteenth round), plus a mount event on a tab's first page; a button
sends 1). Latency is per action (a link
or a button), from its first packet to the update a person waits for. The machine is shared, so
compare the ratio to the echo ceiling (taken before and after the app) and the ms of server CPU
per event, not the absolute events/s. "refusals shown" are ServiceError messages pages showed;
"errors" are actions that failed or timed out (30 s); "unanswered" were still waiting at the end.

Everything listens on 127.0.0.1, runs for a bounded time, and is stopped (process groups killed,
the PostgreSQL database dropped, the Redis database flushed) however the run ends. The first run
after pages changed builds the frontend first (minutes; printed apart, not counted).

    python bench/bench_load.py [--clients 100] [--paced 500] [--seconds 20] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HUB_DEMO_MODE", "1")  # the bench's databases hold the demo data

from bench.load import databases as dbs  # noqa: E402
from bench.load import steps  # noqa: E402
from bench.load.compiled import read_build  # noqa: E402
from bench.load.contention import run_contention  # noqa: E402
from bench.load.floor import HANDLER as FLOOR_HANDLER  # noqa: E402
from bench.load.floor import floor_events  # noqa: E402
from bench.load.idle import PAGES as IDLE_PAGES  # noqa: E402
from bench.load.idle import idle_tabs  # noqa: E402
from bench.load.people import make_people  # noqa: E402
from bench.load.per_action import TABS, cpu_per_action  # noqa: E402
from bench.load.servers import HOST, ROOT, app_env, free_port, start_app, start_echo  # noqa: E402
from community_hub.serve_asgi import server_choice  # noqa: E402

APP_PORT = int(os.environ.get("HUB_BENCH_PORT", "3990"))  # the build bakes its port: keep one


def say(line: str) -> None:
    print(line, flush=True)


class Clock:
    def __init__(self):
        self.parts: list[tuple[str, float]] = []

    def part(self, name: str):
        clock = self

        class _Part:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                took = time.perf_counter() - self.t0
                clock.parts.append((name, took))
                say(f"load: took {took:5.1f} s  {name}")
        return _Part()


def build_frontend(web_dir: Path, db_url: str) -> str:
    """Build now (when pages changed) rather than inside an app start; a second try when the
    build tool tripped over its own files (seen once on this busy machine)."""
    import subprocess

    env = app_env(APP_PORT, web_dir, db_url)
    for attempt in (1, 2):
        out = subprocess.run([sys.executable, "-m", "community_hub.serve", "--build-only", "--port", str(APP_PORT),
                              "--host", HOST], cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode == 0:
            return "built" if "frontend: built" in out.stdout else "unchanged"
        if attempt == 2:
            raise SystemExit("load: the frontend did not build:\n" + (out.stdout + out.stderr)[-3000:])
    return "unchanged"


def start_app_built(web_dir: Path, env: dict[str, str], logs: Path, cores: str | None):
    """Pages may have changed since the last build (others edit this checkout): build first."""
    state = build_frontend(web_dir, env["REFLEX_DB_URL"])
    if state == "built":
        say("load:   (pages changed during the run: frontend rebuilt before this app start)")
    return start_app(APP_PORT, env, logs, cores=cores)


def fresh_build(build, web_dir: Path):
    """The app rebuilds its frontend on start when pages changed meanwhile (others edit this
    checkout): read the build again, so the tabs send the state schema and events it now has."""
    now = read_build(web_dir)
    if now.schema != build.schema:
        say(f"load:   (pages changed during the run: the app rebuilt its frontend, schema {now.schema[:8]})")
    return now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100, help="closed-loop resident tabs")
    parser.add_argument("--paced", type=int, default=500, help="paced resident tabs")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between a paced tab's actions")
    parser.add_argument("--seconds", type=float, default=20, help="length of each measured window")
    parser.add_argument("--worker-rounds", type=int, default=2, help="1-then-2-worker runs, alternated")
    parser.add_argument("--quick", action="store_true", help="small and short (a smoke run)")
    parser.add_argument("--profile", metavar="FILE", help="py-spy the app's processes during the closed loop "
                        "into FILE (raw/collapsed stacks; docs/PROFILE.md reads them)")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.paced, args.seconds, args.worker_rounds = 20, 50, 6, 1
    clock = Clock()
    web_dir = steps.web_dir_default()
    tmp = Path(tempfile.mkdtemp(prefix="hub-load-"))
    sqlite = dbs.sqlite_url(tmp)
    t_all = time.perf_counter()
    with ExitStack() as cleanup:
        with clock.part("frontend build (not counted)"):
            say(f"load: frontend {build_frontend(web_dir, sqlite)} ({web_dir.name}, port {APP_PORT})")
        build = read_build(web_dir)
        t_counted = time.perf_counter()

        with clock.part("SQLite database, residents, sessions and paid orders"):
            dbs.prepare(sqlite)
            people = make_people(sqlite, max(args.clients, args.paced), max(1, max(args.clients, args.paced) // 50))

        steps.pin_generator(True)
        echo = start_echo(free_port(), tmp, cores=steps.SERVER_CORE)
        cleanup.callback(echo.stop)
        ceilings = []

        def measure_ceiling(when: str) -> None:
            with clock.part(f"echo ceiling ({when})"):
                c = steps.echo_ceiling(build, echo, clients=args.clients, seconds=args.seconds / 2)
            ceilings.append(c)
            say(f"load: echo ceiling ({when})  closed-loop N={args.clients}  {c.events_per_s:.0f} events/s  "
                f"p50 {c.pct(50):.1f} ms  p95 {c.pct(95):.1f} ms  {c.cpu_ms_per_event:.2f} ms CPU/event, "
                f"generator {c.generator_cpu / c.seconds:.0%} of a core")
        measure_ceiling("before the app")

        with clock.part("app start (SQLite, state in memory, 1 worker)"):
            app = start_app_built(web_dir, app_env(APP_PORT, web_dir, sqlite), tmp, steps.SERVER_CORE)
            cleanup.callback(app.stop)
            build = fresh_build(build, web_dir)
        with clock.part("resident mix closed loop"), steps.profiled(app, args.profile, args.seconds + 5):
            closed = steps.resident_mix_closed(build, app, people, residents=args.clients, seconds=args.seconds)
        r = closed.result
        with clock.part("floor: an event that does no work of ours"):
            fl = floor_events(build, app, people, tabs=args.clients, seconds=args.seconds / 2,
                              subprotocol=steps._subprotocol())
        measure_ceiling("after the app")  # the machine is shared: the ceiling is taken on both sides
        echo.stop()
        ceiling_rate = sum(c.events_per_s for c in ceilings) / len(ceilings)
        ceiling_cpu = sum(c.cpu_ms_per_event for c in ceilings) / len(ceilings)
        ratio = r.events_per_s / ceiling_rate if ceiling_rate else 0.0
        say(f"load: resident mix  closed-loop N={args.clients}  {r.events_per_s:.0f} events/s  p50 {r.pct(50):.0f} ms  "
            f"p95 {r.pct(95):.0f} ms  ratio {ratio:.3f} of echo ceiling")
        say(f"load:   {r.cpu_ms_per_event:.2f} ms app CPU/event against {ceiling_cpu:.2f} for the echo "
            f"(ratio by CPU {ceiling_cpu / r.cpu_ms_per_event:.3f}); generator {r.generator_cpu / r.seconds:.0%} of a core")
        say(f"load:   the app had {r.server_cpu / r.seconds:.0%} of its core in the window; a whole core at "
            f"{r.cpu_ms_per_event:.2f} ms/event is {1000 / r.cpu_ms_per_event:.0f} events/s")
        say(f"load:   {r.actions / r.seconds:.1f} actions/s, {r.events / max(r.actions, 1):.1f} events per action, "
            f"errors {r.errors} {r.error_kinds or ''}, unanswered at the end {r.unfinished}, "
            f"refusals shown {len(closed.refusals)}")
        say(f"load:   p50/p95 ms by action: {steps.summary_by_action(r)}")
        say(f"load: floor  an event that does no work of ours  {fl.events_per_s:.0f} events/s  "
            f"{fl.cpu_ms_per_event:.2f} ms CPU/event  ratio {fl.events_per_s / ceiling_rate if ceiling_rate else 0:.3f} "
            "of echo ceiling")
        say(f"load:   the same {args.clients} tabs sending {FLOOR_HANDLER} (three plain assignments: no "
            f"service, no database) p50 {fl.pct(50):.1f} ms, errors {fl.errors}; Reflex's and the transport's part of "
            f"every event. The mix's {r.cpu_ms_per_event:.2f} ms/event less this {fl.cpu_ms_per_event:.2f} is our handlers' "
            "own work")

        with clock.part("CPU per action"):
            per = cpu_per_action(build, app, people, repeats=50 if args.quick else 100, subprotocol=steps._subprotocol())
        say(f"load: CPU per action (1 worker, SQLite, {TABS} tabs going through the round together)  "
            + ", ".join(f"{name} {ms:.2f}" for name, ms in per.items()) + " ms")
        say(f"load:   a resident's round of the mix, each action once: {sum(per.values()):.1f} ms of the worker's CPU")

        with clock.part("idle tabs"):
            idle = idle_tabs(build, app, people, residents=args.clients, seconds=args.seconds / 2,
                             subprotocol=steps._subprotocol())
        say(f"load: idle tabs  {idle.tabs} open on live pages  {idle.ms_per_tab_second:.3f} ms CPU per tab-second "
            f"({idle.server_cpu * 100 / idle.seconds:.1f} % of a core)")
        say(f"load:   residents' tabs in turn on {', '.join(IDLE_PAGES)}, the shops' on /merchant/orders; "
            f"nobody acting for {idle.seconds:.0f} s: what tabs left open cost (each page polled every 1-2 s "
            "before the change bell)")

        with clock.part("resident mix paced"):
            pac = steps.resident_mix_paced(build, app, people, residents=args.paced, every=args.every,
                                           seconds=args.seconds * 1.5)
        with clock.part("resident mix paced, in lockstep"):
            step = steps.resident_mix_paced(build, app, people, residents=args.paced, every=args.every,
                                            seconds=args.seconds * 1.5, lockstep=True)
            app.stop()
        p = pac.result
        say(f"load: resident mix  paced {args.paced} sessions (1 event / {args.every:g} s each)  p95 {p.pct(95):.0f} ms  "
            f"errors {p.errors}")
        say(f"load:   an 'event' here is one action (a link or a button: {p.events / max(p.actions, 1):.1f} socket "
            f"events on average); {p.actions} actions, p50 {p.pct(50):.0f} ms, {pac.tabs_opened} tabs open, each "
            f"resident starting at a step of the round drawn at random"
            + (f", errors by kind {p.error_kinds}" if p.errors else "") + f", refusals shown {len(pac.refusals)}"
            + f", unanswered at the end {p.unfinished}; {p.cpu_ms_per_event:.2f} ms app CPU/event, the app had "
            f"{p.server_cpu / p.seconds:.0%} of its core")
        say(f"load:   p50/p95 ms by action: {steps.summary_by_action(p)}")
        s = step.result
        say(f"load:   in lockstep (every resident at the round's first step at once, so all open the same page within "
            f"the same {args.every:g} s, as the rounds before the twelfth ran it): p95 {s.pct(95):.0f} ms, "
            f"p50 {s.pct(50):.0f} ms, errors {s.errors}, unanswered {s.unfinished}, {s.actions} actions")
        per_hydrated = (pac.rss_hydrated_kb - pac.rss_idle_kb) / max(pac.tabs_opened, 1)
        per_after = (pac.rss_after_kb - pac.rss_idle_kb) / max(pac.tabs_opened, 1)
        say(f"load: memory  {per_after:.0f} KB per session")
        transport = ceilings[0].rss_per_tab_kb if ceilings else 0.0
        say(f"load:   of which the transport alone: {transport:.0f} KB per connection on the bare echo server "
            f"(same {server_choice(dict(os.environ))} websocket and Socket.IO session, no app); the app's own part {per_hydrated - transport:.0f} "
            "KB once hydrated")
        say(f"load:   app RSS {pac.rss_idle_kb / 1024:.0f} MB before the {pac.tabs_opened} tabs, "
            f"{pac.rss_hydrated_kb / 1024:.0f} MB once hydrated ({per_hydrated:.0f} KB each), "
            f"{pac.rss_after_kb / 1024:.0f} MB after the paced mix, {pac.rss_closed_kb / 1024:.0f} MB 5 s after "
            "every tab left")

        why_not = dbs.pg_reachable() or dbs.redis_answers()
        if why_not:
            say(f"load: workers and checkout contention skipped: {why_not}")
        else:
            with clock.part("PostgreSQL database, residents, sessions and paid orders"):
                name, pg_url = dbs.create_pg()
                cleanup.callback(dbs.drop_pg, name)
                dbs.prepare(pg_url)
                pg_people = make_people(pg_url, max(args.clients, 50), max(1, args.clients // 50))
                dbs.flush_redis()
                cleanup.callback(dbs.flush_redis)
            rates: dict[int, list] = {1: [], 2: []}
            for round_no in range(args.worker_rounds):  # alternated: the machine's other load moves
                for workers in (1, 2):
                    steps.pin_generator(workers == 1)
                    with clock.part(f"{workers} worker(s) on PostgreSQL + Redis: start and closed loop"):
                        env = app_env(APP_PORT, web_dir, pg_url, {"REFLEX_REDIS_URL": dbs.REDIS_URL,
                                                                  "HUB_WORKERS": str(workers)})
                        env.pop("REFLEX_STATE_MANAGER_MODE")
                        app = start_app_built(web_dir, env, tmp, steps.SERVER_CORE if workers == 1 else None)
                        cleanup.callback(app.stop)
                        build = fresh_build(build, web_dir)
                        run = steps.resident_mix_closed(build, app, pg_people, residents=args.clients,
                                                        seconds=args.seconds * 0.75, seed=10 * round_no + workers,
                                                        others_cpu=dbs.database_cpu_seconds)
                        app.stop()
                    rr = run.result
                    rates[workers].append(rr)
                    say(f"load:   {workers} worker(s): {rr.events_per_s:.0f} events/s  p50 {rr.pct(50):.0f} ms  "
                        f"({rr.server_cpu / rr.seconds:.0%} of a core used)  "
                        f"p95 {rr.pct(95):.0f} ms  {rr.cpu_ms_per_event:.2f} ms CPU/event  errors {rr.errors}  "
                        f"unanswered {rr.unfinished}; PostgreSQL + Redis {rr.others_cpu / rr.seconds:.0%} of a core, "
                        f"the generator {rr.generator_cpu / rr.seconds:.0%}")
            x1 = sum(r.events_per_s for r in rates[1]) / len(rates[1])
            x2 = sum(r.events_per_s for r in rates[2]) / len(rates[2])
            say(f"load: workers 1 -> 2 (PostgreSQL + Redis)  {x1:.0f} -> {x2:.0f} events/s  (x {x2 / x1 if x1 else 0:.2f})")
            per_event = {part: sum(getattr(r, part) for r in rates[2]) * 1000 / max(sum(r.events for r in rates[2]), 1)
                         for part in ("server_cpu", "others_cpu", "generator_cpu")}
            bound = 2000 / max(sum(per_event.values()), 1e-9)  # both cores busy with nothing else
            say(f"load:   this machine's bound for two workers: an event costs {sum(per_event.values()):.2f} ms of CPU all "
                f"told (workers {per_event['server_cpu']:.2f}, PostgreSQL + Redis {per_event['others_cpu']:.2f}, the "
                f"generator {per_event['generator_cpu']:.2f}), so 2 cores hold {bound:.0f} events/s at most "
                f"(x {bound / x1 if x1 else 0:.2f} of one worker)")

            steps.pin_generator(False)
            with clock.part("checkout contention"):
                c = run_contention(pg_url, [r.session for r in pg_people.residents[:50]])
            say(f"load: checkout contention  {c.orders_per_s:.0f} orders/s on PostgreSQL, oversold {c.oversold}")
            say(f"load:   {c.buyers} residents at once, {c.rounds} rounds of {c.stock} items: {c.orders} orders, "
                f"{c.sold} items sold, {c.stock_left} left, {c.refused_sold_out} told sold out, "
                f"{c.other_errors} other refusals")
    shutil.rmtree(tmp, ignore_errors=True)  # kept only when the run failed: the servers' logs are there
    say(f"load: took {time.perf_counter() - t_counted:5.1f} s  the whole load bench (build excluded); "
        f"{time.perf_counter() - t_all:.1f} s in all")


if __name__ == "__main__":
    main()
