"""StripeProvider: stripe 16's `StripeClient` and its `client.v1.*` services.

- Web checkout: a Checkout Session (Stripe's hosted page; nothing of Stripe's is loaded into our
  pages): the payer is sent to its URL and comes back to ours; the PaymentIntent it makes carries
  our payment's id in its metadata, and our state moves only on the webhook or a fresh retrieve.
- Holds: `capture_method="manual"`, then capture or cancel.
- Refunds (full or partial), separate charges and transfers to connected accounts for payouts.
- Kiosks: a `card_present` intent processed by a server-driven Terminal reader, cancelled on a
  timeout.

Every mutating call carries an idempotency key from our own operation ids; a timeout or refused
connection becomes ProviderUnavailable, which is safe to retry with the same key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import stripe

from community_hub.core.i18n import phrase
from community_hub.payments.providers.base import (
    UNAVAILABLE_MESSAGE,
    PaymentProviderError,
    ProviderCheckout,
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
from community_hub.payments.providers.signature import verify_event

log = logging.getLogger("community_hub.payments.stripe")
T = TypeVar("T")


class _HTTPXClient(stripe.HTTPXClient):
    """stripe's httpx client, sending the encoded form as `content=` (httpx deprecates `data=str`)."""

    def _get_request_args_kwargs(self, method, url, headers, post_data):
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data", None)
        if data:
            kwargs["content"] = data
        return args, kwargs


class StripeProvider:
    name = "stripe"

    def __init__(self, api_key: str, webhook_secret: str, *, api_base: str | None = None,
                 timeout: float = 20.0, max_network_retries: int = 2, hosted_checkout: bool = True):
        self.webhook_secret = webhook_secret
        # Web payments go to Checkout; False keeps a bare PaymentIntent confirmed by the server with a
        # payment method id (a saved card; the localstripe tests, whose server has no Checkout).
        self.hosted_checkout = hosted_checkout
        base = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(
            api_key,
            base_addresses=base,
            max_network_retries=max_network_retries,
            http_client=_HTTPXClient(timeout=timeout, allow_sync_methods=True),
        )

    # --- error mapping ------------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except stripe.CardError as exc:
            err = exc.error
            code = (getattr(err, "decline_code", None) if err else None) or exc.code or "card_declined"
            pid = None
            if err is not None and getattr(err, "payment_intent", None) is not None:
                pid = err.payment_intent.id if hasattr(err.payment_intent, "id") else None
            log.info("stripe %s declined: %s", what, code)
            raise ProviderDeclined(decline_message(code), decline_code=code, payment_id=pid,
                                   detail=str(exc)) from exc
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            log.warning("stripe %s: no answer (%s)", what, type(exc).__name__)
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=str(exc)) from exc
        except stripe.APIError as exc:  # 5xx on Stripe's side
            log.warning("stripe %s: server error %s", what, exc.http_status)
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=str(exc)) from exc
        except (stripe.InvalidRequestError, stripe.IdempotencyError) as exc:
            log.warning("stripe %s refused: %s", what, exc.user_message or exc)
            raise ProviderRejected(exc.user_message or phrase("The payment service refused the request."),
                                   detail=str(exc)) from exc
        except stripe.AuthenticationError as exc:
            log.error("stripe %s: bad API key", what)
            raise PaymentProviderError(phrase("Payments are not set up correctly; please tell the platform admin."),
                                       detail=str(exc)) from exc
        except stripe.StripeError as exc:
            log.error("stripe %s failed: %s", what, exc)
            raise PaymentProviderError(phrase("The payment could not be completed."), detail=str(exc)) from exc

    # --- payments -----------------------------------------------------------------------------

    def create_payment(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str],
                       capture_method: str = "automatic", *, payment_method: str | None = None,
                       confirm: bool = False, card_present: bool = False) -> ProviderPayment:
        params: dict[str, Any] = {"amount": amount, "currency": currency.lower(), "metadata": dict(metadata),
                                  "capture_method": capture_method}
        if card_present:
            params["payment_method_types"] = ["card_present"]
        if payment_method:
            params["payment_method"] = payment_method
        if confirm:
            params["confirm"] = True
        intent = self._call("create payment", lambda: self.client.v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key}))
        return _payment(intent)

    def confirm(self, payment_id: str, payment_method: str, idempotency_key: str) -> ProviderPayment:
        # Server-side confirmation (tests, saved cards); the web card form confirms in the browser.
        # Attach the method first so a confirm call carries only the intent (as Terminal does).
        self._call("attach payment method", lambda: self.client.v1.payment_intents.update(
            payment_id, params={"payment_method": payment_method},
            options={"idempotency_key": f"{idempotency_key}:attach"}))
        intent = self._call("confirm payment", lambda: self.client.v1.payment_intents.confirm(
            payment_id, options={"idempotency_key": idempotency_key}))
        return _payment(intent)

    def retrieve(self, payment_id: str) -> ProviderPayment:
        intent = self._call("retrieve payment", lambda: self.client.v1.payment_intents.retrieve(
            payment_id, params={"expand": ["latest_charge"]}))
        return _payment(intent)

    def capture(self, payment_id: str, idempotency_key: str, amount: int | None = None) -> ProviderPayment:
        params = {"amount_to_capture": amount} if amount is not None else None
        intent = self._call("capture payment", lambda: self.client.v1.payment_intents.capture(
            payment_id, params=params, options={"idempotency_key": idempotency_key}))
        return _payment(intent)

    def cancel(self, payment_id: str, idempotency_key: str) -> ProviderPayment:
        intent = self._call("cancel payment", lambda: self.client.v1.payment_intents.cancel(
            payment_id, options={"idempotency_key": idempotency_key}))
        return _payment(intent)

    def refund(self, payment_id: str, idempotency_key: str, amount: int | None = None,
               metadata: dict[str, str] | None = None) -> ProviderRefund:
        params: dict[str, Any] = {"payment_intent": payment_id}
        if amount is not None:
            params["amount"] = amount
        if metadata:
            params["metadata"] = dict(metadata)
        refund = self._call("refund", lambda: self.client.v1.refunds.create(
            params=params, options={"idempotency_key": idempotency_key}))
        return ProviderRefund(id=refund.id, payment_id=_id(refund.payment_intent) or payment_id,
                              amount=refund.amount, currency=refund.currency.upper(), status=refund.status)

    # --- hosted checkout --------------------------------------------------------------------------

    def create_checkout(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str], *,
                        description: str, success_url: str, cancel_url: str, capture_method: str = "automatic",
                        expires_in_s: int = 3600) -> ProviderCheckout:
        params: dict[str, Any] = {
            "mode": "payment", "success_url": success_url, "cancel_url": cancel_url,
            "client_reference_id": metadata.get("hub_payment_id", ""), "metadata": dict(metadata),
            "line_items": [{"quantity": 1, "price_data": {"currency": currency.lower(), "unit_amount": amount,
                                                          "product_data": {"name": description or "Community Hub"}}}],
            # The PaymentIntent Checkout makes carries our ids too: its own events find our row.
            "payment_intent_data": {"metadata": dict(metadata), "capture_method": capture_method,
                                    "description": description[:200]},
            "expires_at": int(time.time()) + max(1800, min(expires_in_s, 24 * 3600)),
        }
        session = self._call("create checkout", lambda: self.client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": idempotency_key}))
        return _checkout(session)

    def retrieve_checkout(self, checkout_id: str) -> ProviderCheckout:
        session = self._call("retrieve checkout", lambda: self.client.v1.checkout.sessions.retrieve(checkout_id))
        return _checkout(session)

    def expire_checkout(self, checkout_id: str, idempotency_key: str) -> ProviderCheckout:
        session = self._call("expire checkout", lambda: self.client.v1.checkout.sessions.expire(
            checkout_id, options={"idempotency_key": idempotency_key}))
        return _checkout(session)

    # --- transfers and terminal ---------------------------------------------------------------

    def transfer(self, to_account: str, amount: int, currency: str, idempotency_key: str,
                 metadata: dict[str, str] | None = None) -> ProviderTransfer:
        params: dict[str, Any] = {"amount": amount, "currency": currency.lower(), "destination": to_account}
        if metadata:
            params["metadata"] = dict(metadata)
        tr = self._call("transfer", lambda: self.client.v1.transfers.create(
            params=params, options={"idempotency_key": idempotency_key}))
        return ProviderTransfer(id=tr.id, amount=tr.amount, currency=tr.currency.upper(),
                                destination=_id(tr.destination) or to_account)

    def terminal_process(self, reader_id: str, payment_id: str, idempotency_key: str) -> ReaderAction:
        reader = self._call("terminal process", lambda: self.client.v1.terminal.readers.process_payment_intent(
            reader_id, params={"payment_intent": payment_id}, options={"idempotency_key": idempotency_key}))
        return _reader_action(reader, payment_id)

    def terminal_cancel(self, reader_id: str, idempotency_key: str) -> ReaderAction:
        reader = self._call("terminal cancel", lambda: self.client.v1.terminal.readers.cancel_action(
            reader_id, options={"idempotency_key": idempotency_key}))
        return _reader_action(reader, None)

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> WebhookEvent:
        return verify_event(raw_body, signature_header, self.webhook_secret, self.name)

    def pending_events(self, object_id: str) -> list[tuple[bytes, str]]:
        return []  # Stripe delivers its events over HTTP, to /api/webhooks/payments


def _id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return getattr(value, "id", None)


def _field(obj: Any, name: str, default: Any = None) -> Any:
    try:
        value = obj[name]
    except (KeyError, AttributeError, TypeError):
        return default
    return default if value is None else value


def _payment(intent: Any) -> ProviderPayment:
    err = _field(intent, "last_payment_error")
    charge = _field(intent, "latest_charge")
    refunded = _field(charge, "amount_refunded", 0) if charge is not None and not isinstance(charge, str) else 0
    metadata = _field(intent, "metadata")
    received = _field(intent, "amount_received")
    if received is None:  # older API shapes (and localstripe) leave it out: succeeded means all of it
        received = intent.amount if intent.status == "succeeded" else 0
    return ProviderPayment(
        id=intent.id, status=intent.status, amount=intent.amount, currency=str(intent.currency).upper(),
        amount_received=received,
        amount_capturable=_field(intent, "amount_capturable", 0),
        amount_refunded=refunded,
        capture_method=_field(intent, "capture_method", "automatic"),
        client_secret=_field(intent, "client_secret"),
        metadata={str(k): str(v) for k, v in (metadata.to_dict() if metadata is not None else {}).items()},
        last_error_code=(_field(err, "decline_code") or _field(err, "code")) if err is not None else None,
        last_error_message=_field(err, "message") if err is not None else None,
    )


def _checkout(session: Any) -> ProviderCheckout:
    metadata = _field(session, "metadata")
    return ProviderCheckout(
        id=session.id, url=_field(session, "url"), status=_field(session, "status", "open"),
        payment_status=_field(session, "payment_status", "unpaid"), amount=int(_field(session, "amount_total", 0)),
        currency=str(_field(session, "currency", "")).upper(), payment_id=_id(_field(session, "payment_intent")),
        metadata={str(k): str(v) for k, v in (metadata.to_dict() if metadata is not None else {}).items()},
        expires_at=int(_field(session, "expires_at", 0)),
    )


def _reader_action(reader: Any, payment_id: str | None) -> ReaderAction:
    action = _field(reader, "action")
    if action is None:
        return ReaderAction(reader_id=reader.id, status="none", payment_id=payment_id)
    ppi = _field(action, "process_payment_intent")
    return ReaderAction(
        reader_id=reader.id, status=_field(action, "status", "in_progress"),
        payment_id=_id(_field(ppi, "payment_intent")) if ppi is not None else payment_id,
        failure_message=_field(action, "failure_message"),
    )
