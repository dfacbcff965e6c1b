"""Fixtures for the money layer: people, providers, a real localstripe process, and a small local
HTTP server answering with recorded Stripe-shaped responses (for what localstripe lacks)."""

from __future__ import annotations

import copy
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from community_hub.models import Role
from community_hub.payments import hooks
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from community_hub.payments.providers.stripe import StripeProvider
from tests import factories as f
from tests.throwaway import free_port
from tests.unit.payments.helpers import WEBHOOK_SECRET

HERE = Path(__file__).parent
RECORDED = HERE / "recorded"


@dataclass
class People:
    resident: object
    other_resident: object
    merchant: object  # Actor of the shop's owner
    other_merchant: object
    admin: object
    kiosk: object
    merchant_id: int
    other_merchant_id: int
    community_id: int


@pytest.fixture
def people(tx) -> People:
    with tx() as db:
        c = f.community(db)
        h = f.household(db, c.id)
        m = f.merchant(db, category="grocery")
        m2 = f.merchant(db, category="restaurant")
        res = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h.id)
        res2 = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        owner = f.user(db, Role.MERCHANT, merchant_id=m.id)
        owner2 = f.user(db, Role.MERCHANT, merchant_id=m2.id)
        admin = f.user(db, Role.PLATFORM_ADMIN)
        kiosk = f.user(db, Role.KIOSK)
        return People(f.actor(db, res), f.actor(db, res2), f.actor(db, owner), f.actor(db, owner2),
                      f.actor(db, admin), f.actor(db, kiosk), m.id, m2.id, c.id)


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    """Each test starts with no provider built and no payment hooks (tests register the ones
    they need; tests/conftest.py clears them again afterwards)."""
    registry.reset()
    hooks.clear_hooks()
    yield
    registry.reset()


@pytest.fixture
def demo() -> DemoProvider:
    provider = DemoProvider(WEBHOOK_SECRET)
    registry.use_provider(provider)
    return provider


# --- localstripe -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "localstripe_server.py"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace")[-800:] if proc.stdout else ""
            pytest.skip(f"localstripe could not start (exit {proc.returncode}): {out}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.skip("localstripe did not start listening on 127.0.0.1 within 15 s")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def stripe_local(localstripe_url) -> StripeProvider:
    # localstripe has no Checkout: these tests drive the PaymentIntent the server confirms itself
    # (a saved card's path); Checkout has its own stand-in (tests/stripe_checkout.py).
    provider = StripeProvider("sk_test_localstripe", WEBHOOK_SECRET, api_base=localstripe_url,
                              timeout=5, max_network_retries=0, hosted_checkout=False)
    registry.use_provider(provider)
    return provider


def localstripe_card(provider: StripeProvider, number: str) -> str:
    """A PaymentMethod for a test card number, made by localstripe (what Stripe.js does)."""
    pm = provider.client.v1.payment_methods.create(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    return pm.id


# --- recorded Stripe responses ------------------------------------------------------------------


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class RecordedStripe:
    """A local HTTP server speaking Stripe's wire format from recorded responses. It keeps
    Stripe's idempotency rule (same key, same answer), can be slow for the first N requests to a
    path (a timeout that still did the work at 'Stripe'), and counts what it really created."""

    url: str = ""
    requests: list[SeenRequest] = field(default_factory=list)
    slow: dict[str, int] = field(default_factory=dict)  # path -> how many first requests are slow
    delay: float = 1.5
    intents: dict[str, dict] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)  # object kind -> objects really created
    offline_readers: set[str] = field(default_factory=set)
    _by_key: dict[str, tuple[int, dict]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self, method: str = "POST") -> list[str]:
        return [r.path for r in self.requests if r.method == method]

    def respond(self, method: str, path: str, headers: dict[str, str], form: dict[str, str]) -> tuple[int, dict, float]:
        with self._lock:
            self.requests.append(SeenRequest(method, path, headers, form))
            delay = 0.0
            if self.slow.get(path, 0) > 0:
                self.slow[path] -= 1
                delay = self.delay
            key = headers.get("idempotency-key")
            if method == "POST" and key and key in self._by_key:
                status, body = self._by_key[key]
                return status, body, delay
            status, body = self._answer(method, path, form)
            if method == "POST" and key:
                self._by_key[key] = (status, body)
            return status, body, delay

    def _load(self, name: str) -> dict:
        return json.loads((RECORDED / name).read_text())

    def _count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def _answer(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v1/transfers":
            body = self._load("transfer.json")
            body.update(id="tr_" + secrets.token_hex(8), amount=int(form["amount"]), currency=form["currency"],
                        destination=form["destination"],
                        metadata={k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")})
            self._count("transfer")
            return 200, body
        if method == "POST" and path == "/v1/payment_intents":
            body = self._load("payment_intent.json")
            pid = "pi_" + secrets.token_hex(8)
            body.update(id=pid, amount=int(form["amount"]), currency=form["currency"],
                        client_secret=f"{pid}_secret_x", capture_method=form.get("capture_method", "automatic"),
                        metadata={k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
                        payment_method_types=[v for k, v in sorted(form.items())
                                              if k.startswith("payment_method_types[")] or ["card"])
            self.intents[pid] = body
            self._count("payment_intent")
            return 200, body
        if parts[:2] == ["v1", "payment_intents"] and len(parts) >= 3:
            intent = self.intents.get(parts[2])
            if intent is None:
                return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                       "message": f"No such payment_intent: '{parts[2]}'"}}
            if method == "POST" and parts[3:] == ["cancel"]:
                intent["status"] = "canceled"
            return 200, copy.deepcopy(intent)
        if parts[:3] == ["v1", "terminal", "readers"] and len(parts) == 5:
            reader = parts[3]
            if reader in self.offline_readers:
                return 400, self._load("reader_offline_error.json")
            if parts[4] == "process_payment_intent":
                body = self._load("reader_process_payment_intent.json")
                body["id"] = reader
                body["action"]["process_payment_intent"]["payment_intent"] = form["payment_intent"]
                return 200, body
            if parts[4] == "cancel_action":
                body = self._load("reader_cancel_action.json")
                body["id"] = reader
                return 200, body
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({method}: {path})"}}


@pytest.fixture
def recorded() -> Iterator[RecordedStripe]:
    state = RecordedStripe()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            parsed = urllib.parse.urlsplit(self.path)
            form = dict(urllib.parse.parse_qsl(raw or parsed.query))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body, delay = state.respond(self.command, parsed.path, headers, form)
            if delay:
                time.sleep(delay)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_" + secrets.token_hex(6))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout under test)

        do_GET = do_POST = do_DELETE = _handle

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def stripe_recorded(recorded) -> StripeProvider:
    provider = StripeProvider("sk_test_recorded", WEBHOOK_SECRET, api_base=recorded.url, timeout=0.5,
                              max_network_retries=0, hosted_checkout=False)
    registry.use_provider(provider)
    return provider
