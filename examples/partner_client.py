"""A small client of Community Hub's public API (issue 19), for a shop's own till or stock system:

    python examples/partner_client.py --base https://hub.example.com --key hub_live_... sync-stock stock.csv
    python examples/partner_client.py --base https://hub.example.com --key hub_live_... new-orders --cursor-file .hub-cursor

`sync-stock` sends a CSV (columns sku, name, price, stock; price as 3.50) as one bulk upsert per 500
rows, with an Idempotency-Key made from the rows, so running it twice changes nothing. `new-orders`
prints the orders new or changed since the cursor it kept last time, page by page, and keeps the new
cursor. Only httpx is needed; the API's reference is at /api/v1/docs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx

BULK_MAX = 500


def client(base: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base.rstrip("/"), headers={"Authorization": f"Bearer {key}"}, timeout=30)


def read_stock_csv(lines: Iterable[str]) -> list[dict]:
    """Rows for the bulk upsert; a price in major units ("3.50") becomes minor units (350)."""
    rows = []
    for n, line in enumerate(csv.DictReader(lines), start=2):
        try:
            price = int((Decimal(line["price"].strip()) * 100).to_integral_exact())
        except (InvalidOperation, KeyError, AttributeError):
            raise SystemExit(f"line {n}: the price {line.get('price')!r} is not an amount like 3.50") from None
        stock = line.get("stock", "").strip()
        rows.append({"sku": line["sku"].strip(), "name": line["name"].strip(), "price_minor": price,
                     "stock": int(stock) if stock else None})
    return rows


def sync_stock(http: httpx.Client, rows: list[dict]) -> dict[str, int]:
    """Bulk upserts of at most 500 rows; returns how many products were created, updated, unchanged."""
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for start in range(0, len(rows), BULK_MAX):
        chunk = rows[start:start + BULK_MAX]
        body = json.dumps({"products": chunk}, sort_keys=True)
        key = "stock-" + hashlib.sha256(body.encode()).hexdigest()[:40]  # same rows, same key: done once
        answer = http.post("/api/v1/products/bulk", content=body,
                           headers={"Idempotency-Key": key, "Content-Type": "application/json"})
        if answer.status_code != 200:
            error = answer.json()["error"]
            raise SystemExit(f"refused ({answer.status_code} {error['code']}): {error['message']} "
                             f"{error.get('field') or ''}".strip())
        for kind in totals:
            totals[kind] += len(answer.json()[kind])
    return totals


def new_orders(http: httpx.Client, cursor: str = "0") -> Iterator[tuple[dict, str]]:
    """Every order new or changed after `cursor`, with the cursor to keep once it is handled."""
    while True:
        page = http.get("/api/v1/orders", params={"after": cursor})
        page.raise_for_status()
        body = page.json()
        for order in body["data"]:
            cursor = str(order["cursor"])
            yield order, cursor
        if body["next_cursor"] is None:
            return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the hub's address, e.g. https://hub.example.com")
    parser.add_argument("--key", required=True, help="an API key from Connect your shop")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sync-stock").add_argument("csv_file", type=Path)
    orders = commands.add_parser("new-orders")
    orders.add_argument("--cursor-file", type=Path, default=Path(".hub-cursor"))
    args = parser.parse_args(argv)
    with client(args.base, args.key) as http:
        if args.command == "sync-stock":
            with args.csv_file.open(newline="", encoding="utf-8") as fh:
                print(sync_stock(http, read_stock_csv(fh)))
            return
        kept = args.cursor_file.read_text().strip() if args.cursor_file.exists() else "0"
        for order, cursor in new_orders(http, kept):
            print(f"#{order['id']} {order['state']} {order['total_minor'] / 100:.2f} {order['currency']}: "
                  + ", ".join(f"{line['quantity']} x {line['name']}" for line in order["lines"]))
            args.cursor_file.write_text(cursor)  # kept after each order: a crash repeats none


if __name__ == "__main__":
    main(sys.argv[1:])
