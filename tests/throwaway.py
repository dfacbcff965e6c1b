"""Throw-away things a test borrows from this machine: a free TCP port, a PostgreSQL database,
a PostgreSQL server of its own (to stop and start under a running app), a PgBouncer in front of one."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def pg_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named `<prefix>_<random>` beside `admin_url`'s; yields its
    URL and drops it afterwards (WITH FORCE: a test may leave connections open)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class PgServer:
    """A PostgreSQL server of a test's own (`initdb` in a temp folder, a free port, trust
    authentication on 127.0.0.1 only), which the test may stop and start again: the database going
    away under a running app. Run as the `postgres` user when this is root (PostgreSQL refuses
    root). Needs the PostgreSQL server programs (initdb, pg_ctl) on PATH or in the usual place."""

    def __init__(self, folder: Path):
        self.folder, self.port = Path(folder), free_port()
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @staticmethod
    def tool(name: str) -> str:
        found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
        if not found:
            raise RuntimeError(f"{name} (the PostgreSQL server programs) not found")
        return str(found)

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr[-2000:]}")

    def create(self) -> PgServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._as:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(self.tool("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        return self

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.tool("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.folder / "server.log"),
                  "-w", "-t", "30", "start")

    def stop(self) -> None:
        self._run(self.tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")


@contextmanager
def pg_server() -> Iterator[PgServer]:
    """A started PgServer in a new folder of the system's temp dir (pytest's are private to the
    user running the tests, which the `postgres` user cannot enter); stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="hub-pg-"))
    try:
        server = PgServer(folder).create()
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(RuntimeError):
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def pgbouncer(db_url: str, *, pool_size: int = 4) -> Iterator[str]:
    """A PgBouncer of the test's own in transaction pooling, in front of `db_url`'s database (on
    127.0.0.1, trusted); yields the URL that reaches that database through it. Run as `nobody`
    when this is root (PgBouncer refuses root). A small pool, so that clients' transactions really
    do move between server connections."""
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if not found:
        raise RuntimeError("pgbouncer not found (./hub setup --test installs the Debian package)")
    url, port = make_url(db_url), free_port()
    folder = Path(tempfile.mkdtemp(prefix="hub-pgbouncer-"))
    folder.chmod(0o755)
    ini = folder / "pgbouncer.ini"
    ini.write_text(
        "[databases]\n"
        f"{url.database} = host={url.host or '127.0.0.1'} port={url.port or 5432} dbname={url.database} "
        f"user={url.username or 'postgres'}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = any\npool_mode = transaction\n"
        f"default_pool_size = {pool_size}\nunix_socket_dir =\nlogfile =\npidfile =\n")
    ini.chmod(0o644)
    as_nobody = ["-u", "nobody"] if os.geteuid() == 0 else []
    proc = subprocess.Popen([found, *as_nobody, str(ini)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, proc)
        yield url.set(port=port).render_as_string(hide_password=False)
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"pgbouncer stopped: {proc.stderr.read().decode()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"pgbouncer did not listen on {port} in {timeout:.0f} s")
