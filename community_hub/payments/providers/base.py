"""The provider interface every payment provider implements, in Stripe's terms.

Statuses are Stripe's PaymentIntent statuses (requires_payment_method, requires_confirmation,
requires_action, processing, requires_capture, succeeded, canceled); services map them to ours.
Every call that changes something takes an idempotency key derived from our own operation id, so
a retry after a timeout can never charge, refund or transfer twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from community_hub.core.i18n import phrase


class PaymentProviderError(Exception):
    """A provider refusal or fault, with a message a person can read."""

    code = "provider_error"

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail  # for the log, never the screen


class ProviderDeclined(PaymentProviderError):
    """The card (or the bank) said no. Nothing was charged."""

    code = "declined"

    def __init__(self, message: str, *, decline_code: str = "card_declined", payment_id: str | None = None,
                 detail: str = ""):
        super().__init__(message, detail=detail)
        self.decline_code = decline_code
        self.payment_id = payment_id


class ProviderUnavailable(PaymentProviderError):
    """The provider did not answer (timeout, connection refused, 5xx). The call may or may not
    have happened there; retrying with the same idempotency key is safe."""

    code = "provider_unavailable"


class ProviderRejected(PaymentProviderError):
    """The provider refused the request as invalid (a refund above the charge, an unknown id)."""

    code = "provider_rejected"


class WebhookSignatureError(PaymentProviderError):
    """A webhook whose signature does not match our secret, or is too old: ignored."""

    code = "bad_signature"


DECLINE_MESSAGES = {
    "card_declined": phrase("Your card was declined. Try another card."),
    "generic_decline": phrase("Your card was declined. Try another card."),
    "insufficient_funds": phrase("Your card has insufficient funds. Try another card."),
    "lost_card": phrase("Your card was declined. Try another card."),
    "stolen_card": phrase("Your card was declined. Try another card."),
    "expired_card": phrase("Your card has expired. Try another card."),
    "incorrect_cvc": phrase("Your card's security code is incorrect."),
    "incorrect_number": phrase("Your card number is incorrect."),
    "processing_error": phrase("The card could not be processed. Please try again."),
}

UNAVAILABLE_MESSAGE = phrase(
    "The payment service is not answering right now. You have not been charged twice; "
    "please try again in a moment."
)


def decline_message(code: str | None) -> str:
    return DECLINE_MESSAGES.get(code or "", DECLINE_MESSAGES["card_declined"])


@dataclass
class ProviderPayment:
    id: str
    status: str
    amount: int
    currency: str  # upper case, like ours
    amount_received: int = 0
    amount_capturable: int = 0
    amount_refunded: int = 0
    capture_method: str = "automatic"
    client_secret: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    last_error_code: str | None = None
    last_error_message: str | None = None


@dataclass
class ProviderCheckout:
    """A hosted payment page (Stripe Checkout Session): the payer is sent to `url` and comes back.
    `payment_id` (the PaymentIntent) exists once the payer has paid, or tried to."""

    id: str
    url: str | None
    status: str  # open | complete | expired
    payment_status: str  # unpaid | paid | no_payment_required
    amount: int
    currency: str
    payment_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    expires_at: int = 0  # epoch seconds


@dataclass
class ProviderRefund:
    id: str
    payment_id: str
    amount: int
    currency: str
    status: str  # pending | succeeded | failed | canceled | requires_action


@dataclass
class ProviderTransfer:
    id: str
    amount: int
    currency: str
    destination: str


@dataclass
class ReaderAction:
    reader_id: str
    status: str  # in_progress | succeeded | failed | none (after a cancel)
    payment_id: str | None = None
    failure_message: str | None = None


@dataclass
class WebhookEvent:
    id: str
    type: str
    created: int
    object: dict[str, Any]
    provider: str
    livemode: bool = False


@runtime_checkable
class PaymentProvider(Protocol):
    name: str
    # Whether web payments go to the provider's own hosted page (Stripe Checkout): then
    # `create_checkout` / `retrieve_checkout` / `expire_checkout` are used instead of a card form
    # that calls `confirm`. The demo provider has its own page in the app instead.
    hosted_checkout: bool

    def create_payment(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str],
                       capture_method: str = "automatic", *, payment_method: str | None = None,
                       confirm: bool = False, card_present: bool = False) -> ProviderPayment:
        """Create a payment (a PaymentIntent); with `confirm` and a payment method, charge now."""

    def confirm(self, payment_id: str, payment_method: str, idempotency_key: str) -> ProviderPayment:
        """Charge the payment with a payment method (demo: a card number). Raises ProviderDeclined."""

    def retrieve(self, payment_id: str) -> ProviderPayment:
        """A fresh read of the payment from the provider."""

    def capture(self, payment_id: str, idempotency_key: str, amount: int | None = None) -> ProviderPayment:
        """Capture a hold (all of it, or `amount`)."""

    def cancel(self, payment_id: str, idempotency_key: str) -> ProviderPayment:
        """Cancel a payment not yet captured (release a hold, give up a terminal payment)."""

    def refund(self, payment_id: str, idempotency_key: str, amount: int | None = None,
               metadata: dict[str, str] | None = None) -> ProviderRefund:
        """Refund all (None) or part of a captured payment."""

    def transfer(self, to_account: str, amount: int, currency: str, idempotency_key: str,
                 metadata: dict[str, str] | None = None) -> ProviderTransfer:
        """Send money from the platform balance to a connected account."""

    def terminal_process(self, reader_id: str, payment_id: str, idempotency_key: str) -> ReaderAction:
        """Ask a card reader to collect the payment (server-driven Terminal)."""

    def terminal_cancel(self, reader_id: str, idempotency_key: str) -> ReaderAction:
        """Cancel what the reader is doing (the kiosk timed out)."""

    def create_checkout(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str], *,
                        description: str, success_url: str, cancel_url: str, capture_method: str = "automatic",
                        expires_in_s: int = 3600) -> ProviderCheckout:
        """A hosted payment page for this amount (hosted_checkout providers only)."""

    def retrieve_checkout(self, checkout_id: str) -> ProviderCheckout:
        """A fresh read of a hosted payment page: paid, still open, or expired."""

    def expire_checkout(self, checkout_id: str, idempotency_key: str) -> ProviderCheckout:
        """Close a hosted payment page nobody paid on (the payment is given up)."""

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> WebhookEvent:
        """Verify the signature against the raw body and parse the event, or raise
        WebhookSignatureError."""

    def pending_events(self, object_id: str) -> list[tuple[bytes, str]]:
        """Signed events (raw body, signature header) the provider hands over in-process for
        `object_id`, oldest first, each once. Providers that deliver by HTTP return []."""
