"""`./hub test`: the whole suite. First the lint (ruff and the import layer contracts: a broken
layer fails the run like a failing test), then service/state/bridge tests, then the browser tests
in their own pytest process (Playwright's event loop and other async fixtures do not share a
process well). Every part runs even when an earlier one fails, so one run shows every problem;
the run exits non-zero if any part fails or runs no test. Each part's time and the total are printed."""

from __future__ import annotations

import subprocess
import sys
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


def lint() -> tuple[str, int, float]:
    return _timed("lint (ruff, import layers)",
                  [[str(BIN / "ruff"), "check", "."], [str(BIN / "lint-imports")]])


def main(extra: list[str]) -> int:
    if extra:  # ./hub test tests/unit/test_x.py -k y  → just that
        return subprocess.call([sys.executable, "-m", "pytest", *extra])
    start = time.monotonic()
    results = [
        lint(),
        _pytest("services, state, API and bridge",
                ["-q", "-rs", "--ignore=tests/e2e", "--ignore=tests/e2e_scale", "tests"]),
        _pytest("browser (Chromium)", ["-q", "-rs", "tests/e2e"]),
        _pytest("browser on PostgreSQL + Redis, 2 workers", ["-q", "-rs", "tests/e2e_scale"]),
    ]
    print("\n=== summary")
    for label, code, secs in results:
        print(f"{label}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {secs:.1f} s")
    ok = all(code == 0 for _, code, _ in results)
    print(f"total: {'ok' if ok else 'FAILED'} in {time.monotonic() - start:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
