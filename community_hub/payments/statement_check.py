"""The phone-wallet providers' statements against our records (issue 20's reconciliation).

For each configured wallet-app provider (WeChat Pay, Alipay) and each day of the report's range,
the provider's statement of that day (`bill_lines(day)`, in the provider's zone: China's) is
compared with our payments and refunds of that provider: a line we have no record of, a payment or
refund of ours (done on a day whose statement was read) missing from every statement read, and an
amount that differs are each a mismatch. A statement that cannot be read (the provider does not
answer, or has none for the day yet) is listed as unreachable, never as a mismatch.

Lines are matched over the whole range, not day by day, so a payment we recorded a second before
midnight and the provider a second after is not a difference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from community_hub.core.config import ConfigError
from community_hub.core.i18n import Text, phrase
from community_hub.core.money import plain_amount
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models.payments import Payment, Refund, RefundStatus
from community_hub.payments.by_provider import provider_label
from community_hub.payments.common import PAID_STATUSES
from community_hub.payments.providers.base import PaymentProviderError
from community_hub.payments.providers.registry import configured_wallet_apps, get_provider
from community_hub.payments.providers.wallet_apps import BillLine

log = logging.getLogger("community_hub.statements")

PROVIDER_ZONE = timezone(timedelta(hours=8))  # WeChat Pay's and Alipay's statements are China's days
DEFAULT_DAYS = 7  # a report with no start reads the last week's statements
MAX_DAYS = 31  # one provider request per day: a month at most per run


@dataclass(frozen=True)
class StatementRow:
    provider: str
    day: date
    kind: str  # "payment" | "refund"
    reference: str  # our out_trade_no, or the refund's id
    payment_id: int | None
    ours_minor: int | None  # None: we have no record
    theirs_minor: int | None  # None: not on the statement
    currency: str
    problem: Text


@dataclass
class StatementCheck:
    mismatches: list[StatementRow] = field(default_factory=list)
    unreachable: list[Text] = field(default_factory=list)  # provider and day that could not be read
    days_read: int = 0  # statements read (provider × day)


def statement_days(since: datetime | None, until: datetime | None, now: datetime | None = None) -> list[date]:
    """The provider days from `since` to `until` whose statement is complete (yesterday at the
    latest, China's time), the newest MAX_DAYS of them."""
    now = (now or datetime.now(UTC)).astimezone(PROVIDER_ZONE)
    last = now.date() - timedelta(days=1)
    if until is not None:
        last = min(last, until.astimezone(PROVIDER_ZONE).date())
    first = since.astimezone(PROVIDER_ZONE).date() if since is not None else last - timedelta(days=DEFAULT_DAYS - 1)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _window(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, PROVIDER_ZONE).astimezone(UTC)
    return start, start + timedelta(days=1)


def _provider_day(at: datetime | None) -> date | None:
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(PROVIDER_ZONE).date()


def check_statements(db: Session, actor: Actor, since: datetime | None = None, until: datetime | None = None,
                     providers: list[str] | None = None) -> StatementCheck:
    """Each configured wallet-app provider's statements of the range against our records."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    out = StatementCheck()
    days = statement_days(since, until)
    for name in configured_wallet_apps() if providers is None else providers:
        try:
            provider = get_provider(name)
        except ConfigError as exc:
            out.unreachable.append(phrase("{provider}: not set up ({problem})", provider=provider_label(name), problem=str(exc)))
            continue
        if not hasattr(provider, "bill_lines"):
            continue
        lines: list[BillLine] = []
        read: list[date] = []
        for day in days:
            try:
                lines += provider.bill_lines(day)
            except PaymentProviderError as exc:
                log.warning("statement of %s for %s could not be read: %s", name, day, exc.detail or exc.message)
                out.unreachable.append(phrase("{provider}, statement of {day}: {problem}", provider=provider_label(name),
                                              day=day.isoformat(), problem=exc.message))
                continue
            read.append(day)
        out.days_read += len(read)
        if read:
            out.mismatches += _compare(db, name, read, lines)
    if out.mismatches:
        log.warning("reconciliation: %d statement differences", len(out.mismatches))
    return out


def _compare(db: Session, name: str, read: list[date], lines: list[BillLine]) -> list[StatementRow]:
    start, end = _window(min(read))[0], _window(max(read))[1]
    paid_lines = [x for x in lines if x.kind == "payment"]
    refund_lines = [x for x in lines if x.kind == "refund"]

    # Our side: what we recorded as done on the days read, and whatever a line names.
    ids = {x.provider_id for x in lines if x.provider_id}
    refs = {x.out_trade_no for x in lines if x.out_trade_no}
    ours = {p.id: p for p in db.exec(select(Payment).where(
        Payment.provider == name, Payment.status.in_([s.value for s in PAID_STATUSES]),
        Payment.succeeded_at >= start, Payment.succeeded_at < end)).all()}
    if ids or refs:
        named = select(Payment).where(Payment.provider == name,
                                      Payment.provider_id.in_(sorted(ids)) | Payment.checkout_id.in_(sorted(refs)))
        ours.update({p.id: p for p in db.exec(named).all()})
    by_provider_id = {p.provider_id: p for p in ours.values() if p.provider_id}
    by_checkout = {p.checkout_id: p for p in ours.values() if p.checkout_id}

    rows: list[StatementRow] = []
    seen_payments: set[int] = set()
    for line in paid_lines:
        payment = by_provider_id.get(line.provider_id) or by_checkout.get(line.out_trade_no)
        day = _provider_day(line.at) or min(read)
        theirs = plain_amount(line.amount, line.currency)
        if payment is None:
            rows.append(StatementRow(name, day, "payment", line.out_trade_no, None, None, line.amount, line.currency,
                                     phrase("a payment of {amount} on the provider's statement we have no record of",
                                            amount=theirs)))
            continue
        seen_payments.add(payment.id)
        if payment.status not in PAID_STATUSES:
            rows.append(StatementRow(name, day, "payment", line.out_trade_no, payment.id, 0, line.amount,
                                     line.currency, phrase("the statement has it paid, our record says {status}",
                                                           status=payment.status)))
        elif (line.amount, line.currency.upper()) != (payment.captured_minor, payment.currency.upper()):
            rows.append(StatementRow(name, day, "payment", line.out_trade_no, payment.id, payment.captured_minor,
                                     line.amount, line.currency, phrase(
                                         "the statement says {theirs}, our record {ours}", theirs=theirs,
                                         ours=plain_amount(payment.captured_minor, payment.currency))))
    for payment in ours.values():
        if payment.id in seen_payments or payment.status not in PAID_STATUSES:
            continue
        day = _provider_day(payment.succeeded_at)
        if day in read:
            rows.append(StatementRow(name, day, "payment", payment.checkout_id or payment.provider_id or "",
                                     payment.id, payment.captured_minor, None, payment.currency,
                                     phrase("our payment of {amount} is missing from the provider's statement",
                                            amount=plain_amount(payment.captured_minor, payment.currency))))

    refund_ids = sorted({x.refund_id for x in refund_lines if x.refund_id})
    our_refunds = {r.id: r for r in db.exec(select(Refund).join(Payment, Payment.id == Refund.payment_id).where(
        Payment.provider == name, Refund.status == RefundStatus.SUCCEEDED,
        Refund.succeeded_at >= start, Refund.succeeded_at < end)).all()}
    if refund_ids:
        our_refunds.update({r.id: r for r in db.exec(select(Refund).join(Payment, Payment.id == Refund.payment_id)
                                                     .where(Payment.provider == name,
                                                            Refund.provider_refund_id.in_(refund_ids))).all()})
    by_refund_id = {r.provider_refund_id: r for r in our_refunds.values() if r.provider_refund_id}
    seen_refunds: set[int] = set()
    for line in refund_lines:
        refund = by_refund_id.get(line.refund_id) if line.refund_id else None
        day = _provider_day(line.at) or min(read)
        theirs = plain_amount(line.amount, line.currency)
        reference = line.refund_id or line.out_trade_no
        if refund is None:
            rows.append(StatementRow(name, day, "refund", reference, None, None, line.amount, line.currency,
                                     phrase("a refund of {amount} on the provider's statement we have no record of",
                                            amount=theirs)))
            continue
        seen_refunds.add(refund.id)
        if refund.status != RefundStatus.SUCCEEDED:
            rows.append(StatementRow(name, day, "refund", reference, refund.payment_id, 0, line.amount,
                                     line.currency, phrase("the statement has the refund made, our record says "
                                                           "{status}", status=refund.status)))
        elif (line.amount, line.currency.upper()) != (refund.amount_minor, refund.currency.upper()):
            rows.append(StatementRow(name, day, "refund", reference, refund.payment_id, refund.amount_minor,
                                     line.amount, line.currency, phrase(
                                         "the statement says {theirs}, our record {ours}", theirs=theirs,
                                         ours=plain_amount(refund.amount_minor, refund.currency))))
    for refund in our_refunds.values():
        if refund.id in seen_refunds or refund.status != RefundStatus.SUCCEEDED:
            continue
        day = _provider_day(refund.succeeded_at)
        if day in read:
            rows.append(StatementRow(name, day, "refund", refund.provider_refund_id or "", refund.payment_id,
                                     refund.amount_minor, None, refund.currency,
                                     phrase("our refund of {amount} is missing from the provider's statement",
                                            amount=plain_amount(refund.amount_minor, refund.currency))))
    return rows
