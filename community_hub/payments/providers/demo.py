"""DemoProvider: an offline stand-in for Stripe, so the app runs with no account.

It follows Stripe's test cards (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined,
4000 0000 0000 9995 has insufficient funds), honours idempotency keys like Stripe (same key, same
answer; same key with other parameters, refused), and produces the same Stripe-shaped events,
signed with the demo webhook secret in Stripe's scheme, so the one webhook path handles both.

Its "remote" state lives in its own small SQLite file (data/demo_provider.db), not the app's
database, so a call never waits on the app's write lock and state survives a restart. Events wait
there until the service layer takes them (`pending_events`) and hands them to the webhook handler.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from community_hub.core.i18n import phrase
from community_hub.payments.providers.base import (
    ProviderDeclined,
    ProviderPayment,
    ProviderRefund,
    ProviderRejected,
    ProviderTransfer,
    ProviderUnavailable,
    ReaderAction,
    WebhookEvent,
    decline_message,
)
from community_hub.payments.providers.signature import sign, verify_event

TEST_CARDS: dict[str, str | None] = {
    "4242424242424242": None,  # succeeds
    "5555555555554444": None,  # Mastercard, succeeds
    "4000000000000002": "generic_decline",
    "4000000000009995": "insufficient_funds",
    "4000000000009987": "lost_card",
    "4000000000000069": "expired_card",
    "4000000000000127": "incorrect_cvc",
    "4000000000000119": "processing_error",
}
# Stripe's test PaymentMethod ids, so the same test code can drive either provider.
TEST_PAYMENT_METHODS = {
    "pm_card_visa": "4242424242424242",
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_chargeDeclinedInsufficientFunds": "4000000000009995",
}
_CANCELABLE = {"requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, request TEXT NOT NULL,
    result_id TEXT, error TEXT);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
    object_id TEXT NOT NULL, body TEXT NOT NULL, taken INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS ix_events_object ON events (object_id, taken);
"""


def card_digits(card: str) -> str:
    card = TEST_PAYMENT_METHODS.get(card, card)
    return "".join(ch for ch in card if ch.isdigit())


class DemoProvider:
    name = "demo"
    hosted_checkout = False  # the app's own demo card page (/pay/<id>) takes the card

    def __init__(self, webhook_secret: str, store_path: str | None = None,
                 clock: Callable[[], float] = time.time):
        self.webhook_secret = webhook_secret
        self.clock = clock
        self.outage = False  # set True to behave like a provider that does not answer
        self._lock = threading.RLock()
        self._db = sqlite3.connect(store_path or ":memory:", check_same_thread=False,
                                   isolation_level=None, timeout=30)
        if store_path:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    # --- storage ------------------------------------------------------------------------------

    def _txn(self):
        provider = self

        class _Txn:
            def __enter__(self):
                provider._lock.acquire()
                provider._db.execute("BEGIN IMMEDIATE")
                return provider._db

            def __exit__(self, exc_type, exc, tb):
                try:
                    provider._db.execute("ROLLBACK" if exc_type else "COMMIT")
                finally:
                    provider._lock.release()
                return False

        return _Txn()

    def _get(self, db: sqlite3.Connection, object_id: str, kind: str) -> dict[str, Any]:
        row = db.execute("SELECT data FROM objects WHERE id = ? AND kind = ?", (object_id, kind)).fetchone()
        if row is None:
            raise ProviderRejected(phrase("No such {kind}: '{id}'.", kind=kind, id=object_id))
        return json.loads(row[0])

    def _put(self, db: sqlite3.Connection, obj: dict[str, Any]) -> None:
        db.execute("INSERT OR REPLACE INTO objects (id, kind, data) VALUES (?, ?, ?)",
                   (obj["id"], obj["object"], json.dumps(obj)))

    def _emit(self, db: sqlite3.Connection, event_type: str, obj: dict[str, Any], object_id: str) -> None:
        event = {
            "id": "evt_demo_" + secrets.token_hex(12), "object": "event", "api_version": "demo",
            "created": int(self.clock()), "livemode": False, "pending_webhooks": 1,
            "type": event_type, "data": {"object": obj}, "request": {"id": None, "idempotency_key": None},
        }
        db.execute("INSERT INTO events (id, object_id, body) VALUES (?, ?, ?)",
                   (event["id"], object_id, json.dumps(event, separators=(",", ":"))))

    def _idempotent(self, key: str, request: dict[str, Any], run: Callable[[sqlite3.Connection], dict]) -> dict:
        """Stripe's rule: the first answer for a key is the answer; other parameters are refused."""
        if self.outage:
            raise ProviderUnavailable(phrase("The payment service is not answering right now."),
                                      detail="demo provider outage switch is on")
        if not key:
            raise ProviderRejected(phrase("Every demo provider call needs an idempotency key."))
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        with self._txn() as db:
            row = db.execute("SELECT request, result_id, error FROM idempotency WHERE key = ?", (key,)).fetchone()
            if row is not None:
                if row[0] != fingerprint:
                    raise ProviderRejected(
                        phrase("Keys for idempotent requests can only be used with the same parameters they "
                               "were first used with."), detail=f"idempotency key {key} reused")
                if row[2]:
                    err = json.loads(row[2])
                    raise ProviderDeclined(err["message"], decline_code=err["code"], payment_id=err.get("pid"))
                kind = db.execute("SELECT kind FROM objects WHERE id = ?", (row[1],)).fetchone()[0]
                return self._get(db, row[1], kind)
            try:
                result = run(db)
            except ProviderDeclined as exc:
                error = {"message": exc.message, "code": exc.decline_code, "pid": exc.payment_id}
                db.execute("INSERT INTO idempotency (key, request, error) VALUES (?, ?, ?)",
                           (key, fingerprint, json.dumps(error)))
                # The failed charge is a fact at the provider too: keep its state and its event.
                db.execute("COMMIT")
                db.execute("BEGIN IMMEDIATE")
                raise
            db.execute("INSERT INTO idempotency (key, request, result_id) VALUES (?, ?, ?)",
                       (key, fingerprint, result["id"]))
            return result

    # --- payments -----------------------------------------------------------------------------

    def create_payment(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str],
                       capture_method: str = "automatic", *, payment_method: str | None = None,
                       confirm: bool = False, card_present: bool = False) -> ProviderPayment:
        request = {"op": "create", "amount": amount, "currency": currency.lower(), "metadata": metadata,
                   "capture_method": capture_method, "pm": payment_method, "confirm": confirm,
                   "card_present": card_present}

        def run(db: sqlite3.Connection) -> dict:
            if not isinstance(amount, int) or amount < 1:
                raise ProviderRejected(phrase("Amount must be at least 1 cent."))
            pid = "pi_demo_" + secrets.token_hex(10)
            intent = {
                "id": pid, "object": "payment_intent", "amount": amount, "currency": currency.lower(),
                "status": "requires_payment_method", "capture_method": capture_method,
                "client_secret": f"{pid}_secret_{secrets.token_hex(8)}", "metadata": dict(metadata),
                "amount_received": 0, "amount_capturable": 0, "amount_refunded": 0,
                "created": int(self.clock()), "latest_charge": None, "last_payment_error": None,
                "payment_method_types": ["card_present"] if card_present else ["card"], "livemode": False,
            }
            self._put(db, intent)
            self._emit(db, "payment_intent.created", intent, pid)
            if confirm and payment_method:
                intent = self._charge(db, intent, payment_method)
            return intent

        return _payment(self._idempotent(idempotency_key, request, run))

    def _charge(self, db: sqlite3.Connection, intent: dict, card: str) -> dict:
        if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise ProviderRejected(
                phrase("This payment is {status} and cannot be charged again.",
                       status=intent["status"].replace("_", " ")))
        digits = card_digits(card)
        if digits not in TEST_CARDS:
            code = "incorrect_number"
        else:
            code = TEST_CARDS[digits]
        charge_id = "ch_demo_" + secrets.token_hex(10)
        intent["latest_charge"] = charge_id
        intent["payment_method"] = "pm_demo_" + digits[-4:] if digits else None
        if code:
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {"type": "card_error", "code": "card_declined", "decline_code": code,
                                            "message": decline_message(code), "charge": charge_id}
            self._put(db, intent)
            self._emit(db, "payment_intent.payment_failed", intent, intent["id"])
            raise ProviderDeclined(decline_message(code), decline_code=code, payment_id=intent["id"])
        intent["last_payment_error"] = None
        if intent["capture_method"] == "manual":
            intent["status"] = "requires_capture"
            intent["amount_capturable"] = intent["amount"]
            self._put(db, intent)
            self._emit(db, "payment_intent.amount_capturable_updated", intent, intent["id"])
        else:
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"]
            self._put(db, intent)
            self._emit(db, "payment_intent.succeeded", intent, intent["id"])
        return intent

    def confirm(self, payment_id: str, payment_method: str, idempotency_key: str) -> ProviderPayment:
        request = {"op": "confirm", "id": payment_id, "pm": card_digits(payment_method)}
        return _payment(self._idempotent(idempotency_key, request, lambda db: self._charge(
            db, self._get(db, payment_id, "payment_intent"), payment_method)))

    def retrieve(self, payment_id: str) -> ProviderPayment:
        if self.outage:
            raise ProviderUnavailable(phrase("The payment service is not answering right now."))
        with self._txn() as db:
            return _payment(self._get(db, payment_id, "payment_intent"))

    def capture(self, payment_id: str, idempotency_key: str, amount: int | None = None) -> ProviderPayment:
        def run(db: sqlite3.Connection) -> dict:
            intent = self._get(db, payment_id, "payment_intent")
            if intent["status"] != "requires_capture":
                raise ProviderRejected(phrase("This payment has no hold to capture."))
            take = intent["amount_capturable"] if amount is None else amount
            if not 0 < take <= intent["amount_capturable"]:
                raise ProviderRejected(phrase("You can capture at most {amount}.", amount=intent["amount_capturable"]))
            intent.update(status="succeeded", amount_received=take, amount_capturable=0)
            self._put(db, intent)
            self._emit(db, "payment_intent.succeeded", intent, payment_id)
            return intent

        return _payment(self._idempotent(idempotency_key, {"op": "capture", "id": payment_id, "amount": amount}, run))

    def cancel(self, payment_id: str, idempotency_key: str) -> ProviderPayment:
        def run(db: sqlite3.Connection) -> dict:
            intent = self._get(db, payment_id, "payment_intent")
            if intent["status"] not in _CANCELABLE:
                raise ProviderRejected(
                    phrase("A payment that is {status} cannot be canceled.", status=intent["status"].replace("_", " ")))
            intent.update(status="canceled", amount_capturable=0)
            self._put(db, intent)
            self._emit(db, "payment_intent.canceled", intent, payment_id)
            return intent

        return _payment(self._idempotent(idempotency_key, {"op": "cancel", "id": payment_id}, run))

    def refund(self, payment_id: str, idempotency_key: str, amount: int | None = None,
               metadata: dict[str, str] | None = None) -> ProviderRefund:
        def run(db: sqlite3.Connection) -> dict:
            intent = self._get(db, payment_id, "payment_intent")
            if intent["status"] != "succeeded":
                raise ProviderRejected(phrase("Only a completed payment can be refunded."))
            left = intent["amount_received"] - intent["amount_refunded"]
            take = left if amount is None else amount
            if take <= 0 or take > left:
                raise ProviderRejected(
                    phrase("Refund amount ({take}) is greater than unrefunded amount on charge ({left}).", take=take, left=left))
            intent["amount_refunded"] += take
            self._put(db, intent)
            refund = {"id": "re_demo_" + secrets.token_hex(10), "object": "refund", "amount": take,
                      "currency": intent["currency"], "payment_intent": payment_id,
                      "charge": intent["latest_charge"], "status": "succeeded",
                      "metadata": dict(metadata or {}), "created": int(self.clock())}
            self._put(db, refund)
            self._emit(db, "refund.created", refund, payment_id)
            charge = {"id": intent["latest_charge"], "object": "charge", "payment_intent": payment_id,
                      "amount": intent["amount_received"], "amount_refunded": intent["amount_refunded"],
                      "currency": intent["currency"], "refunded": intent["amount_refunded"] >= intent["amount_received"]}
            self._emit(db, "charge.refunded", charge, payment_id)
            return refund

        obj = self._idempotent(idempotency_key, {"op": "refund", "id": payment_id, "amount": amount}, run)
        return ProviderRefund(id=obj["id"], payment_id=obj["payment_intent"], amount=obj["amount"],
                              currency=obj["currency"].upper(), status=obj["status"])

    # --- transfers and terminal ---------------------------------------------------------------

    def transfer(self, to_account: str, amount: int, currency: str, idempotency_key: str,
                 metadata: dict[str, str] | None = None) -> ProviderTransfer:
        def run(db: sqlite3.Connection) -> dict:
            if not to_account.startswith("acct_"):
                raise ProviderRejected(phrase("No such destination: '{account}'.", account=to_account))
            tr = {"id": "tr_demo_" + secrets.token_hex(10), "object": "transfer", "amount": amount,
                  "currency": currency.lower(), "destination": to_account, "metadata": dict(metadata or {}),
                  "created": int(self.clock())}
            self._put(db, tr)
            self._emit(db, "transfer.created", tr, tr["id"])
            return tr

        obj = self._idempotent(idempotency_key, {"op": "transfer", "to": to_account, "amount": amount,
                                                 "currency": currency.lower()}, run)
        return ProviderTransfer(id=obj["id"], amount=obj["amount"], currency=obj["currency"].upper(),
                                destination=obj["destination"])

    def terminal_process(self, reader_id: str, payment_id: str, idempotency_key: str) -> ReaderAction:
        """The simulated reader takes the card at once: reader ids containing "decline" tap a
        declined card, "offline" readers do not answer, any other taps 4242 4242 4242 4242."""
        if "offline" in reader_id:
            raise ProviderRejected(phrase("The card reader is offline."), detail=reader_id + " offline")
        card = "4000000000000002" if "decline" in reader_id else "4242424242424242"
        try:
            self.confirm(payment_id, card, idempotency_key)
        except ProviderDeclined as exc:
            return ReaderAction(reader_id=reader_id, status="failed", payment_id=payment_id,
                                failure_message=exc.message)
        return ReaderAction(reader_id=reader_id, status="succeeded", payment_id=payment_id)

    def terminal_cancel(self, reader_id: str, idempotency_key: str) -> ReaderAction:
        if self.outage:
            raise ProviderUnavailable(phrase("The payment service is not answering right now."))
        return ReaderAction(reader_id=reader_id, status="none")

    # --- webhooks -----------------------------------------------------------------------------

    def pending_events(self, object_id: str | None = None) -> list[tuple[bytes, str]]:
        """Signed events not yet handed over (for one object, or all), oldest first."""
        with self._txn() as db:
            q = "SELECT seq, body FROM events WHERE taken = 0"
            args: tuple = ()
            if object_id:
                q += " AND object_id = ?"
                args = (object_id,)
            rows = db.execute(q + " ORDER BY seq", args).fetchall()
            db.executemany("UPDATE events SET taken = 1 WHERE seq = ?", [(r[0],) for r in rows])
        return [(body.encode(), sign(body, self.webhook_secret)) for _, body in rows]

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> WebhookEvent:
        return verify_event(raw_body, signature_header, self.webhook_secret, self.name)


def _payment(intent: dict[str, Any]) -> ProviderPayment:
    err = intent.get("last_payment_error") or {}
    return ProviderPayment(
        id=intent["id"], status=intent["status"], amount=intent["amount"], currency=intent["currency"].upper(),
        amount_received=intent.get("amount_received", 0), amount_capturable=intent.get("amount_capturable", 0),
        amount_refunded=intent.get("amount_refunded", 0), capture_method=intent.get("capture_method", "automatic"),
        client_secret=intent.get("client_secret"), metadata=dict(intent.get("metadata") or {}),
        last_error_code=err.get("decline_code") or err.get("code"), last_error_message=err.get("message"),
    )
