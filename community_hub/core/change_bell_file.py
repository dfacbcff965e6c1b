"""The change bell across processes on one SQLite file, as NOTIFY carries it on PostgreSQL.

SQLite has no NOTIFY. The app is one process on it, but not the only writer: a `./hub` command,
a second process started on the same file, a test acting as "the other person". Without this their
commits reached an open page only at its fallback time (30 s and more). Each SQLite commit that
rings keys (core/change_rings.py) also appends one line, `<pid> <keys>`, to a file beside the
database (`<database>.bell`); one thread per process looks at that file's size every
LOOK_SECONDS (a stat, no read while nothing came) and rings the lines other processes wrote. A
process's own commits rang already, in the process, as they committed.

The file is cut back to nothing when it passes ROTATE_BYTES; a reader that finds it shorter than
where it was rings everything once, since it cannot know what it missed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

LOOK_SECONDS = 0.2
ROTATE_BYTES = 1 << 20
_SEP = b"\x1d"
_log = logging.getLogger("community_hub.change_bell")
_lock = threading.Lock()
_started: set[tuple[int, str]] = set()  # (pid, file): a forked child starts its own


def bell_file(db_url: str) -> Path | None:
    """`<database>.bell` for a SQLite file; None for anything else (memory, PostgreSQL)."""
    if not db_url.startswith("sqlite"):
        return None
    database = make_url(db_url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).resolve().with_name(Path(database).name + ".bell")


def send(db_url: str, payload: str) -> None:
    """Tell the other processes on this SQLite file (after this one's commit)."""
    path = bell_file(db_url)
    if path is None:
        return
    line = str(os.getpid()).encode() + _SEP + payload.encode() + b"\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size > ROTATE_BYTES:
                os.ftruncate(fd, 0)  # the readers notice it shrank and ring everything
            os.write(fd, line)  # one write of one line: appended whole (O_APPEND)
        finally:
            os.close(fd)
    except OSError as exc:  # a read-only folder: the others read at their fallback time
        _log.warning("change bell: cannot write %s (%s)", path, exc)


def listen(db_url: str, on_payload: Callable[[str], None], on_lost: Callable[[], object]) -> None:
    """Start this process's reader of the SQLite file's bell once (nothing for other databases)."""
    path = bell_file(db_url)
    if path is None:
        return
    with _lock:
        key = (os.getpid(), str(path))
        if key in _started:
            return
        _started.add(key)
    # Where the news starts is taken now, not when the thread first runs: a commit made right
    # after this returns is news.
    threading.Thread(target=_run, args=(path, _size(path), on_payload, on_lost), daemon=True,
                     name="hub-change-bell-file").start()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _run(path: Path, where: int, on_payload: Callable[[str], None], on_lost: Callable[[], object]) -> None:
    me = str(os.getpid()).encode()
    while True:
        time.sleep(LOOK_SECONDS)
        size = _size(path)
        if size == where:
            continue
        if size < where:  # cut back by a writer: what came between cannot be told apart
            where = 0
            on_lost()
        try:
            with open(path, "rb") as f:
                f.seek(where)
                got = f.read(size - where)
        except OSError:
            continue
        whole = got[:got.rfind(b"\n") + 1]  # a line still being written is read next time
        where += len(whole)
        for line in whole.splitlines():
            pid, _, payload = line.partition(_SEP)
            if pid != me and payload:
                on_payload(payload.decode(errors="replace"))
