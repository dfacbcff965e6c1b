"""`./hub test`: the whole suite. First the lint (ruff and the import layer contracts: a broken
layer fails the run like a failing test), then the service/state/bridge tests and the browser tests
AT THE SAME TIME, each in its own pytest process (Playwright's event loop and other async fixtures
do not share a process well), then the PostgreSQL + Redis browser tests (same port and build as the
browser tests, and the Redis database tests/unit/test_action_limits.py uses, so after both).

Why two at once: each of the two big parts keeps about one core busy (pytest, or the app server,
Chromium and pytest), so on the 2-core CI machine running them side by side takes the longer one's
time instead of the sum (about 19 + 32 minutes in a row). They share nothing: the browser tests'
databases are SQLite files of their own and their app listens on its own port.

Every part runs even when an earlier one fails, so one run shows every problem; the run exits
non-zero if any part fails or runs no test. Each part's time and the total are printed. The browser
part's output is kept in a file and printed when it ends, so the two never interleave."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent  # ruff and lint-imports live beside the venv's python
ROOT = Path(__file__).resolve().parent.parent


def _timed(label: str, commands: list[list[str]]) -> tuple[str, int, float]:
    """Run each command (all of them, even after a failure); the part fails if any does."""
    start = time.monotonic()
    code = 0
    for cmd in commands:
        print(f"\n=== {label}: {' '.join([Path(cmd[0]).name, *cmd[1:]])}", flush=True)
        code = subprocess.call(cmd, cwd=ROOT) or code
    return label, code, time.monotonic() - start


def _pytest(label: str, args: list[str]) -> tuple[str, int, float]:
    return _timed(label, [[sys.executable, "-m", "pytest", *args]])


class _Alongside:
    """A pytest part started in the background, its output kept in a file until it is awaited."""

    def __init__(self, label: str, args: list[str]):
        self.label, self.start = label, time.monotonic()
        self.out = tempfile.TemporaryFile(mode="w+")
        cmd = [sys.executable, "-m", "pytest", *args]
        print(f"\n=== {label}: {' '.join(['python', *cmd[1:]])} (started alongside; its output follows when it ends)",
              flush=True)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.out, stderr=subprocess.STDOUT)
        self.ended = self.start
        # Its own time, not the time until the other part let us look: a thread notes the end.
        self.watcher = threading.Thread(target=self._note_end, daemon=True)
        self.watcher.start()

    def _note_end(self) -> None:
        self.proc.wait()
        self.ended = time.monotonic()

    def wait(self) -> tuple[str, int, float]:
        code = self.proc.wait()
        self.watcher.join()
        secs = self.ended - self.start
        print(f"\n=== {self.label}: output ({secs:.1f} s)", flush=True)
        self.out.seek(0)
        for line in self.out:
            sys.stdout.write(line)
        sys.stdout.flush()
        self.out.close()
        return self.label, code, secs


def lint() -> tuple[str, int, float]:
    return _timed("lint (ruff, import layers)",
                  [[str(BIN / "ruff"), "check", "."], [str(BIN / "lint-imports")]])


def main(extra: list[str]) -> int:
    if extra:  # ./hub test tests/unit/test_x.py -k y  → just that
        return subprocess.call([sys.executable, "-m", "pytest", *extra])
    start = time.monotonic()
    results = [lint()]
    browser = _Alongside("browser (Chromium)", ["-q", "-rs", "tests/e2e"])
    try:
        results.append(_pytest("services, state, API and bridge",
                               ["-q", "-rs", "--ignore=tests/e2e", "--ignore=tests/e2e_scale", "tests"]))
    finally:  # even on Ctrl-C: never leave the browser part running
        if sys.exc_info()[0] is not None:
            browser.proc.terminate()
        results.append(browser.wait())
    results.append(_pytest("browser on PostgreSQL + Redis, 2 workers", ["-q", "-rs", "tests/e2e_scale"]))
    print("\n=== summary")
    for label, code, secs in results:
        print(f"{label}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {secs:.1f} s")
    ok = all(code == 0 for _, code, _ in results)
    print(f"total: {'ok' if ok else 'FAILED'} in {time.monotonic() - start:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
