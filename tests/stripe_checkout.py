"""A local stand-in for Stripe Checkout (issue 20): it answers the real `stripe` library's calls
(create, retrieve and expire a Checkout Session; read the PaymentIntent a paid session made; refund
it) with recorded Stripe-shaped objects, keeps Stripe's idempotency rule, and plays Stripe's hosted
page itself: GET /c/pay/<session> shows the amount and a card field, POST pays (4000 0000 0000 0002
is declined and the page stays open), posts the signed `checkout.session.completed` event to the
app's webhook URL, and sends the payer back to the session's success URL; "Back" returns to the
cancel URL. Used by the service tests (tests/unit/payments) and the browser test alike."""

from __future__ import annotations

import copy
import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import stripe

RECORDED = Path(__file__).parent / "unit" / "payments" / "recorded"
DECLINED = "4000000000000002"


def _nested(form: dict[str, str], prefix: str) -> dict[str, str]:
    """`metadata[hub_payment_id]=5` → {"hub_payment_id": "5"} (Stripe's form encoding of a map)."""
    return {k[len(prefix) + 1:-1]: v for k, v in form.items() if k.startswith(prefix + "[") and k.count("[") == prefix.count("[") + 1}


@dataclass
class CheckoutStandIn:
    url: str = ""
    webhook_url: str | None = None  # the app's /api/webhooks/payments; None: events are only kept
    webhook_secret: str = ""
    deliver: bool = True  # False: Stripe's event is late (the return page must ask Stripe itself)
    sessions: dict[str, dict] = field(default_factory=dict)
    intents: dict[str, dict] = field(default_factory=dict)
    refunds: list[dict] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # method, path, form
    idempotency_keys: list[str] = field(default_factory=list)
    events: list[tuple[bytes, str]] = field(default_factory=list)  # (body, Stripe-Signature) sent or kept
    _by_key: dict[str, tuple[int, dict]] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # --- Stripe's API --------------------------------------------------------------------------

    def api(self, method: str, path: str, headers: dict[str, str], form: dict[str, str]) -> tuple[int, dict]:
        with self._lock:
            self.requests.append((method, path, form))
            key = headers.get("idempotency-key")
            if method == "POST" and key:
                self.idempotency_keys.append(key)
                if key in self._by_key:
                    return self._by_key[key]
            answer = self._answer(method, path, form)
            if method == "POST" and key:
                self._by_key[key] = answer
            return answer

    def _answer(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["v1", "checkout", "sessions"]:
            return 200, self._create(form)
        if parts[:3] == ["v1", "checkout", "sessions"] and len(parts) >= 4:
            session = self.sessions.get(parts[3])
            if session is None:
                return 404, _error(f"No such checkout.session: '{parts[3]}'", "resource_missing")
            if method == "POST" and parts[4:] == ["expire"]:
                if session["status"] != "open":
                    return 400, _error(f"Only Checkout Sessions with a status in ['open'] can be expired. This "
                                       f"Checkout Session has a status of '{session['status']}'.")
                session["status"] = "expired"
            return 200, copy.deepcopy(session)
        if method == "GET" and parts[:2] == ["v1", "payment_intents"] and len(parts) == 3:
            intent = self.intents.get(parts[2])
            return (200, copy.deepcopy(intent)) if intent else (404, _error("No such payment_intent", "resource_missing"))
        if method == "POST" and parts == ["v1", "refunds"]:
            intent = self.intents.get(form.get("payment_intent", ""))
            if intent is None:
                return 404, _error("No such payment_intent", "resource_missing")
            amount = int(form.get("amount") or intent["amount"])
            refund = {"id": "re_" + secrets.token_hex(8), "object": "refund", "amount": amount, "currency": "usd",
                      "payment_intent": intent["id"], "status": "succeeded", "metadata": _nested(form, "metadata")}
            self.refunds.append(refund)
            return 200, refund
        return 404, _error(f"Unrecognized request URL ({method}: {path})")

    def _create(self, form: dict[str, str]) -> dict:
        session = json.loads((RECORDED / "checkout_session.json").read_text())
        sid = "cs_test_" + secrets.token_hex(12)
        amount = int(form["line_items[0][price_data][unit_amount]"])
        session.update(
            id=sid, url=f"{self.url}/c/pay/{sid}", amount_total=amount, amount_subtotal=amount,
            currency=form["line_items[0][price_data][currency]"], success_url=form["success_url"],
            cancel_url=form["cancel_url"], client_reference_id=form.get("client_reference_id"),
            metadata=_nested(form, "metadata"), expires_at=int(form.get("expires_at") or time.time() + 86400),
            created=int(time.time()))
        session["_name"] = form.get("line_items[0][price_data][product_data][name]", "")
        session["_intent_metadata"] = _nested(form, "payment_intent_data[metadata]")
        self.sessions[sid] = session
        return session

    # --- the payer on the hosted page -------------------------------------------------------------

    def pay(self, session_id: str, card: str = "4242424242424242") -> dict:
        """What paying on Stripe's page does: the PaymentIntent succeeds, the session completes, and
        Stripe sends checkout.session.completed (to the app, unless `deliver` is off)."""
        with self._lock:
            session = self.sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}")
            if card.replace(" ", "") == DECLINED:
                return {"declined": True}
            pid = "pi_" + secrets.token_hex(10)
            intent = json.loads((RECORDED / "payment_intent.json").read_text())
            intent.update(id=pid, amount=session["amount_total"], amount_received=session["amount_total"],
                          currency=session["currency"], status="succeeded", client_secret=None,
                          metadata=session["_intent_metadata"], payment_method_types=["card"],
                          payment_method_options={}, created=int(time.time()))
            self.intents[pid] = intent
            session.update(status="complete", payment_status="paid", payment_intent=pid)
            event = self._event("checkout.session.completed", session)
        if self.deliver:
            self.send(*event)
        return session

    def _event(self, kind: str, obj: dict) -> tuple[bytes, str]:
        shown = {k: v for k, v in obj.items() if not k.startswith("_")}
        body = json.dumps({"id": "evt_" + secrets.token_hex(10), "object": "event", "api_version": "2025-01-27.acacia",
                           "created": int(time.time()), "livemode": False, "type": kind, "pending_webhooks": 1,
                           "data": {"object": shown}, "request": {"id": None, "idempotency_key": None}})
        signed = (body.encode(), stripe.WebhookSignature.generate_signature_header(body, self.webhook_secret))
        self.events.append(signed)
        return signed

    def expire(self, session_id: str) -> tuple[bytes, str]:
        """Stripe closes an unpaid page at its expiry time: checkout.session.expired."""
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = "expired"
            return self._event("checkout.session.expired", session)

    def send(self, body: bytes, signature: str) -> int:
        if not self.webhook_url:
            return 0
        return httpx.post(self.webhook_url, content=body, timeout=10,
                          headers={"Stripe-Signature": signature, "Content-Type": "application/json"}).status_code

    def page(self, session_id: str, note: str = "") -> str:
        s = self.sessions[session_id]
        amount = f"{s['amount_total'] / 100:.2f} {s['currency'].upper()}"
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout stand-in</title></head>
<body><main><h1>Pay {html.escape(amount)}</h1><p>{html.escape(s['_name'])}</p>
<p role="alert">{html.escape(note)}</p>
<form method="post" action="/c/pay/{session_id}"><label for="card">Card number</label>
<input id="card" name="card" autocomplete="cc-number"><button type="submit">Pay</button></form>
<p><a href="{html.escape(s['cancel_url'])}">Back</a></p></main></body></html>"""


def _error(message: str, code: str | None = None) -> dict:
    return {"error": {"type": "invalid_request_error", "message": message, **({"code": code} if code else {})}}


@contextmanager
def serve_checkout(webhook_secret: str, webhook_url: str | None = None) -> Iterator[CheckoutStandIn]:
    state = CheckoutStandIn(webhook_url=webhook_url, webhook_secret=webhook_secret)

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            parsed = urllib.parse.urlsplit(self.path)
            form = dict(urllib.parse.parse_qsl(raw or parsed.query))
            parts = parsed.path.strip("/").split("/")
            if parts[:2] == ["c", "pay"] and len(parts) == 3 and parts[2] in state.sessions:
                self._hosted(parts[2], form)
                return
            status, body = state.api(self.command, parsed.path, {k.lower(): v for k, v in self.headers.items()}, form)
            shown = {k: v for k, v in body.items() if not str(k).startswith("_")}
            self._reply(status, json.dumps(shown).encode(), "application/json",
                        {"Request-Id": "req_" + secrets.token_hex(6)})

        def _hosted(self, session_id: str, form: dict[str, str]) -> None:
            if self.command == "POST":
                paid = state.pay(session_id, form.get("card", ""))
                if paid.get("declined"):
                    self._reply(200, state.page(session_id, "Your card was declined.").encode(), "text/html")
                    return
                back = state.sessions[session_id]["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                self._reply(303, b"", "text/html", {"Location": back})
                return
            self._reply(200, state.page(session_id).encode(), "text/html; charset=utf-8")

        do_GET = do_POST = _handle

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
