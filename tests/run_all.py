"""`./hub test`: the whole suite. Service/bridge tests first, then the browser tests in their own
pytest process (Playwright's event loop and other async fixtures do not share a process well).
Exits non-zero if either part fails or runs no test."""

from __future__ import annotations

import subprocess
import sys
import time


def _run(label: str, args: list[str]) -> tuple[int, float]:
    print(f"\n=== {label}: pytest {' '.join(args)}", flush=True)
    start = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", *args])
    return code, time.monotonic() - start


def main(extra: list[str]) -> int:
    if extra:  # ./hub test tests/unit/test_x.py -k y  → just that
        return subprocess.call([sys.executable, "-m", "pytest", *extra])
    results = [
        ("services, API and bridge", *_run("services, API and bridge",
                                           ["-q", "-rs", "--ignore=tests/e2e", "--ignore=tests/e2e_scale", "tests"])),
        ("browser (Chromium)", *_run("browser (Chromium)", ["-q", "-rs", "tests/e2e"])),
        ("browser on PostgreSQL + Redis, 2 workers",
         *_run("browser on PostgreSQL + Redis, 2 workers", ["-q", "-rs", "tests/e2e_scale"])),
    ]
    print("\n=== summary")
    for label, code, secs in results:
        print(f"{label}: {'ok' if code == 0 else f'FAILED (pytest exit {code})'} in {secs:.0f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
