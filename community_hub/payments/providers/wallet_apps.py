"""What a phone-wallet provider (WeChat Pay, Alipay) adds to `PaymentProvider`.

They are paid by scanning a QR code with the wallet app, so they reuse the hosted-checkout path
(payments/hosted_checkout.py) with one difference: `create_checkout` answers a ProviderCheckout
whose `url` is the QR payload to draw (WeChat's `code_url`, Alipay's `qr_code`), not a page to
send the payer to (`qr_checkout = True`). The checkout's `id` is our `out_trade_no`, made from the
idempotency key, so asking twice makes one order at the provider; `retrieve_checkout` is the
provider's query by `out_trade_no`, `expire_checkout` its close; once paid, `payment_id` is the
provider's transaction id, on which `retrieve` and `refund` work.

Their notifications are not Stripe's: they are verified from the raw body AND several headers
(WeChat: Wechatpay-Signature/-Timestamp/-Nonce/-Serial; Alipay: a form whose `sign` covers the
other fields) and must be answered in the provider's own words. `parse_notification` verifies and
turns a notification into the same `WebhookEvent` the one webhook path applies
(payments/webhooks.handle_event): a paid trade becomes `checkout.session.completed` whose object
is shaped as provider_events.checkout_of reads it (id = out_trade_no, status "complete",
payment_status "paid", amount_total, currency, payment_intent = the transaction id, metadata with
`hub_payment_id`), a refund becomes `charge.refund.updated` with the refund's id, amount, status
and `payment_intent`. The event id is the provider's own notification id, so a replayed
notification is a duplicate and changes nothing; a forged one raises WebhookSignatureError.

`bill_lines` reads the provider's statement of a day (WeChat's trade bill, Alipay's bill
download) for reconciliation against our payments and refunds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from community_hub.payments.providers.base import PaymentProvider, WebhookEvent


@dataclass(frozen=True)
class BillLine:
    """One line of a provider's statement: a payment taken or a refund made on that day."""

    out_trade_no: str  # our reference (the checkout id we gave the provider)
    provider_id: str  # the provider's transaction id
    kind: str  # "payment" | "refund"
    amount: int  # minor units, positive for both kinds
    currency: str  # upper case
    at: datetime  # aware UTC
    refund_id: str | None = None  # the provider's refund id, for a refund line
    fee: int = 0  # the provider's fee on the line, minor units


@dataclass(frozen=True)
class NotificationAnswer:
    """What the provider must be told back, in its own words (WeChat: 200/204 or a JSON error;
    Alipay: the text "success" or "fail")."""

    http_status: int
    content_type: str
    body: bytes


@runtime_checkable
class WalletAppProvider(PaymentProvider, Protocol):
    qr_checkout: bool  # True: ProviderCheckout.url is a QR payload to draw
    currencies: frozenset[str]  # what it takes (e.g. {"CNY"}); other payments do not offer it

    def parse_notification(self, raw_body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Verify a notification (signature over the raw body and headers, freshness) and turn it
        into a WebhookEvent, or raise WebhookSignatureError."""

    def notification_answer(self, ok: bool) -> NotificationAnswer:
        """The reply to a notification: handled (ok) or to be sent again."""

    def bill_lines(self, day: date) -> list[BillLine]:
        """The provider's statement of `day` (in the provider's own time zone)."""
