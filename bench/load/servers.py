"""Start and stop what the bench measures: the app (production build, as `./hub run` serves it,
on loopback, its own port, build dir and database) and the bare Socket.IO echo server. Each runs
in its own process group, pinned to the cores it is given, and is killed with its group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only: nothing here is reachable from another machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.port}/_event"

    def pids(self) -> list[int]:
        """Every live process of the server's group (the launcher and its Granian workers)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.proc.pid:
                        found.append(int(entry.name))
                except OSError:
                    pass
        return found

    def rss_kb(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's live processes."""
        return cpu_seconds_of(self.pids())

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # workers that outlived their parent
        except ProcessLookupError:
            pass
        self.proc.wait()


def _pinned(cmd: list[str], cores: str | None) -> list[str]:
    return ["taskset", "-c", cores, *cmd] if cores else cmd


def _wait_ready(server: Server, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited ({server.proc.returncode}):\n" + server.log.read_text()[-3000:])
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"no answer at {url} in {timeout:.0f} s; see {server.log}")


def app_env(port: int, web_dir: Path, db_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "HUB_PORT": str(port), "REFLEX_DB_URL": db_url, "REFLEX_WEB_WORKDIR": str(web_dir),
           "REFLEX_STATE_MANAGER_MODE": "memory", "HUB_DEMO_MODE": "1", "HUB_WORKERS": "1"}
    for key in ("REFLEX_REDIS_URL", "HUB_SMTP_URL", "HUB_SMS_URL"):
        env.pop(key, None)  # demo mode logs codes; no mail or SMS leaves this machine
    env.update(extra or {})
    return env


def wait_port_free(port: int, timeout: float = 30) -> None:
    """A server still on the port (the last run's, or anyone's) would answer in place of ours."""
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((HOST, port))
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"port {port} is still taken after {timeout:.0f} s "
                                       "(set HUB_BENCH_PORT to another port)") from None
                time.sleep(0.3)


def start_app(port: int, env: dict[str, str], logs: Path, *, cores: str | None, timeout: float = 900) -> Server:
    """`python -m community_hub.serve` as ./hub run starts it (it rebuilds the frontend only when
    pages changed; a first build takes minutes and is not counted in the load figures)."""
    wait_port_free(port)
    log = logs / f"app-{port}.log"
    cmd = _pinned([sys.executable, "-m", "community_hub.serve", "--port", str(port), "--host", HOST], cores)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    server = Server(proc, port, log)
    _wait_ready(server, f"http://{HOST}:{port}/ping", timeout)
    return server


def start_echo(port: int, logs: Path, *, cores: str | None) -> Server:
    log = logs / f"echo-{port}.log"
    cmd = _pinned([sys.executable, "-m", "bench.load.echo_server", "--port", str(port)], cores)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, port, log)
    _wait_ready(server, f"http://{HOST}:{port}/ping", 60)
    return server


def cpu_seconds_of(pids: Iterable[int]) -> float:
    """CPU time (user + system) used so far by these processes (those gone count nothing)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks
