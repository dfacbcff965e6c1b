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

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from community_hub.core.i18n import phrase
from community_hub.payments.providers.base import (
    PaymentProvider,
    ProviderPayment,
    ProviderRejected,
    ProviderTransfer,
    ReaderAction,
    WebhookEvent,
    WebhookSignatureError,
)


def trade_number(idempotency_key: str, prefix: str = "hub") -> str:
    """Our out_trade_no for an idempotency key: the same key, the same order at the provider, within
    both providers' charset and length (WeChat: 6-32 of [A-Za-z0-9_-|*]; Alipay: up to 64)."""
    return prefix + hashlib.sha256(idempotency_key.encode()).hexdigest()[:29]


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


class QrOnly:
    """What a phone wallet does not do, said in words, for both providers: card payments, holds,
    payouts and card readers belong to the card provider; their notifications come through
    `parse_notification`, never the card provider's webhook."""

    currencies: frozenset[str] = frozenset({"CNY"})
    brand: object = ""  # phrase("WeChat Pay"), phrase("Alipay"): the name as people read it

    def _check_new(self, amount: int, currency: str, capture_method: str) -> None:
        """What a new QR order must be: in a currency the provider takes, paid at once, above zero."""
        if currency.upper() not in self.currencies:
            raise ProviderRejected(phrase("{provider} takes payments in Chinese yuan (CNY) only, not in {currency}.",
                                          provider=self.brand, currency=currency.upper()))
        if capture_method != "automatic":
            raise ProviderRejected(phrase("{provider} cannot hold a payment to take later.", provider=self.brand))
        if amount <= 0:
            raise ProviderRejected(phrase("The amount to pay must be more than zero."))

    def _not_here(self, what: object) -> ProviderRejected:
        return ProviderRejected(phrase("{provider} payments are made by scanning a QR code; {what} is not available.",
                                       provider=self.brand, what=what))

    def create_payment(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str],
                       capture_method: str = "automatic", *, payment_method: str | None = None,
                       confirm: bool = False, card_present: bool = False) -> ProviderPayment:
        raise self._not_here(phrase("a card payment"))

    def confirm(self, payment_id: str, payment_method: str, idempotency_key: str) -> ProviderPayment:
        raise self._not_here(phrase("a card payment"))

    def capture(self, payment_id: str, idempotency_key: str, amount: int | None = None) -> ProviderPayment:
        raise ProviderRejected(phrase("{provider} cannot hold a payment to take later.", provider=self.brand))

    def transfer(self, to_account: str, amount: int, currency: str, idempotency_key: str,
                 metadata: dict[str, str] | None = None) -> ProviderTransfer:
        raise self._not_here(phrase("a payout"))

    def terminal_process(self, reader_id: str, payment_id: str, idempotency_key: str) -> ReaderAction:
        raise self._not_here(phrase("a card reader"))

    def terminal_cancel(self, reader_id: str, idempotency_key: str) -> ReaderAction:
        raise self._not_here(phrase("a card reader"))

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> WebhookEvent:
        raise WebhookSignatureError(phrase("{provider} notifications come to their own address.",
                                           provider=self.brand))

    def pending_events(self, object_id: str) -> list[tuple[bytes, str]]:
        return []  # they post their notifications to their NOTIFY_URL (api/wallet_notifications.py)
