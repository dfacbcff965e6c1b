"""Scan-to-screen latency, run only by bench/bench_scan_latency.py (a benchmark, not a test: it lives
in bench/ so the suite never collects or skips it):
bytes written to the scanner's pty → the product's name on screen in Chromium.

The browser stamps the moment the name appears (a MutationObserver, Date.now()) and the test
stamps the write (time.time()): the same machine clock, so no polling delay is counted.
"""

from __future__ import annotations

import json
import os
import statistics
import time

from playwright.sync_api import Page

from tests.e2e.test_kiosk import (  # noqa: F401 - fixtures
    app_env_extra,
    bridge,
    circle_products,
    db_engine,
    kiosk_data_dir,
    open_kiosk,
)

SCANS = int(os.environ.get("HUB_BENCH_SCANS", "200"))

WATCH = """() => {
  window.__seen = {};
  new MutationObserver(() => {
    const el = document.getElementById("kiosk-product-name");
    if (el && window.__want && el.textContent === window.__want && !(window.__want in window.__seen)) {
      window.__seen[window.__want] = Date.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_scan_to_screen_latency(page: Page, base_url, bridge, db_engine):  # noqa: F811
    products = [(p.barcode, p.name) for p in circle_products(db_engine)]
    open_kiosk(page, base_url)
    page.evaluate(WATCH)
    latencies = []
    previous = None
    i = 0
    while len(latencies) < SCANS:
        barcode, name = products[i % len(products)]
        i += 1
        if name == previous:
            continue
        want = f"{name}"
        page.evaluate("(w) => { window.__want = w; delete window.__seen[w]; }", want)
        t0 = time.time()
        bridge.scanner.write(barcode.encode() + b"\r")
        page.wait_for_function("(w) => w in window.__seen", arg=want, timeout=5_000)
        seen_ms = page.evaluate("(w) => window.__seen[w]", want)
        latencies.append(seen_ms - t0 * 1000)
        previous = name
        time.sleep(0.05)  # a person does not scan twice within 50 ms
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    result = {"scans": len(latencies), "p50_ms": round(statistics.median(latencies), 1),
              "p95_ms": round(q[94], 1), "max_ms": round(latencies[-1], 1)}
    print("\nSCAN_LATENCY " + json.dumps(result))
    out = os.environ.get("HUB_BENCH_OUT")
    if out:
        with open(out, "w") as fh:
            json.dump(result, fh)
