"""The named business postings: each business event (an order paid, settled or refunded, a bill
or ad paid, a deposit held, released or forfeited, a commission, a payout) as one balanced
transaction through `ledger.post`, posted at most once per unique key. The limits (refund at most
what was paid, settle what is still held, pay out at most what is owed) are read from the ledger."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.payments.ledger import (
    LedgerError,
    Line,
    currency_code,
    existing,
    fee_bps,
    held_in_escrow,
    held_in_suspense,
    locked_balance,
    owner_account_kind,
    paid_net,
    positive_amount,
    post,
    provider_owner,
    round_half_up,
)


def _money_in(db: Session, kind: str, *, reference: str, source: str, amount_minor: int, currency: str,
              provider: str, to: tuple[str, str], counterparty: str, memo: str) -> LedgerTransaction:
    """Money a payer sent through the provider arrives: provider clearing up, `to` (kind, owner)
    credited. Posted once per `source`."""
    key = f"{kind}:{source}"
    return existing(db, key) or post(db, kind, reference, [
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), positive_amount(amount_minor), currency),
        Line(to[0], to[1], -amount_minor, currency),
    ], key, source=source, counterparty=counterparty, memo=memo)


def payment_suspended(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                      provider: str, counterparty: str = "") -> LedgerTransaction:
    """Money arrived for something that refused it (see AccountKind.SUSPENSE): on record, not dropped."""
    return _money_in(db, "payment_suspended", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.SUSPENSE, "suspense"),
                     counterparty=counterparty, memo=f"held in suspense: {reference}")


def suspense_released(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                      provider: str) -> LedgerTransaction:
    """Suspended money goes back to clearing, for the normal money-in posting to take it."""
    key = f"suspense_released:{source}"
    return existing(db, key) or post(db, "suspense_released", reference, [
        Line(AccountKind.SUSPENSE, "suspense", positive_amount(amount_minor), currency),
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount_minor, currency),
    ], key, source=source, memo=f"applied from suspense: {reference}")


def order_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
               provider: str, counterparty: str = "") -> LedgerTransaction:
    """A resident paid for an order: provider clearing up, escrow holds it until settlement."""
    return _money_in(db, "order_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.ESCROW, "escrow"),
                     counterparty=counterparty, memo=f"payment for {reference}")


def order_settled(db: Session, *, reference: str, merchant_id: int, category: str,
                  currency: str) -> LedgerTransaction | None:
    """The order is done (signed for): what escrow still holds goes to the shop, minus the
    platform's service fee for the shop's category. None when nothing is held (fully refunded)."""
    key = f"order_settled:{reference}"
    found = existing(db, key)
    if found:
        return found
    gross = held_in_escrow(db, reference, currency)
    if gross <= 0:
        return None
    fee = round_half_up(gross * fee_bps(db, category), 10000)
    lines = [
        Line(AccountKind.ESCROW, "escrow", gross, currency),
        Line(AccountKind.MERCHANT_PAYABLE, f"merchant:{merchant_id}", -(gross - fee), currency),
    ]
    if fee:
        lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", -fee, currency))
    if gross == fee:
        lines.pop(1)
    return post(db, "order_settled", reference, lines, key, source=reference,
                counterparty=f"merchant:{merchant_id}",
                memo=f"settled {reference}: service fee {fee} of {gross}")


def _settlement(db: Session, reference: str) -> LedgerTransaction | None:
    return existing(db, f"order_settled:{reference}")


def _settled_split(db: Session, tx: LedgerTransaction, currency: str) -> tuple[int, int, str]:
    """(gross, fee, merchant owner) of a settlement transaction."""
    rows = db.exec(
        select(LedgerPosting, LedgerAccount)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerPosting.transaction_id == tx.id, LedgerPosting.currency == currency)
    ).all()
    gross = sum(p.amount_minor for p, a in rows if a.kind == AccountKind.ESCROW)
    fee = -sum(p.amount_minor for p, a in rows if a.kind == AccountKind.PLATFORM_REVENUE)
    merchant = tx.counterparty
    return gross, fee, merchant


def refund(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
           provider: str, to_wallet_of: int | None = None, counterparty: str = "") -> LedgerTransaction:
    """Money goes back to the payer (to the card through the provider, or to their wallet).

    Never more than was paid minus what was refunded. It comes from where the money sits now:
    escrow before an order settles; after settlement from the shop's payable and, in proportion,
    the platform's fee; for property fees from the company's collected fees."""
    key = f"refund:{source}"
    found = existing(db, key)
    if found:
        return found
    cur = currency_code(currency)
    amount = positive_amount(amount_minor, "refund amount")
    remaining = paid_net(db, reference, cur)
    if amount > remaining:
        raise LedgerError(phrase("A refund of {amount} is more than what is left to refund ({remaining}).",
                                 amount=amount, remaining=remaining), "refund_too_large")
    if to_wallet_of is not None:
        to_line = Line(AccountKind.RESIDENT_WALLET, f"resident:{to_wallet_of}", -amount, cur)
    else:
        to_line = Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur)
    lines: list[Line] = []
    from_suspense = min(held_in_suspense(db, reference, cur), amount)
    if from_suspense > 0:
        lines.append(Line(AccountKind.SUSPENSE, "suspense", from_suspense, cur))
    held = held_in_escrow(db, reference, cur)
    from_escrow = min(held, amount - max(from_suspense, 0))
    if from_escrow > 0:
        lines.append(Line(AccountKind.ESCROW, "escrow", from_escrow, cur))
    rest = amount - max(from_suspense, 0) - max(from_escrow, 0)
    if rest > 0:
        settled = _settlement(db, reference)
        if settled is not None:
            gross, fee, merchant = _settled_split(db, settled, cur)
            fee_back = min(fee, round_half_up(rest * fee, gross)) if gross else 0
            if fee_back:
                lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", fee_back, cur))
            if rest - fee_back:
                lines.append(Line(AccountKind.MERCHANT_PAYABLE, merchant, rest - fee_back, cur))
            counterparty = counterparty or merchant
        elif counterparty.startswith("property:"):
            lines.append(Line(AccountKind.PROPERTY_COLLECTED, counterparty, rest, cur))
        elif counterparty == "platform":  # what the platform sold itself (ad slots) comes out of revenue
            lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", rest, cur))
        else:
            raise LedgerError(phrase("Cannot tell where the money for {reference} sits to refund it.", reference=reference))
    lines.append(to_line)
    return post(db, "refund", reference, lines, key, source=source, counterparty=counterparty,
                memo=f"refund of {amount} for {reference}")


def property_fee_paid(db: Session, *, reference: str, source: str, company_id: int, amount_minor: int,
                      currency: str, provider: str) -> LedgerTransaction:
    """A resident paid a property bill: we now hold it for the property company."""
    owner = f"property:{company_id}"
    return _money_in(db, "property_fee_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.PROPERTY_COLLECTED, owner),
                     counterparty=owner, memo=f"property fee {reference}")


def ad_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
            provider: str, counterparty: str = "platform") -> LedgerTransaction:
    """A merchant bought an ad slot: the platform sells the slots, so it is revenue at once."""
    return _money_in(db, "ad_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.PLATFORM_REVENUE, "platform"),
                     counterparty=counterparty, memo=f"ad slot {reference}")


def deposit_held(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                 provider: str, counterparty: str = "") -> LedgerTransaction:
    """A deposit was taken: it waits in escrow until released or forfeited."""
    return _money_in(db, "deposit_held", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.ESCROW, "escrow"),
                     counterparty=counterparty, memo=f"deposit held for {reference}")


def _from_deposit(db: Session, reference: str, currency: str, amount_minor: int | None) -> tuple[str, int]:
    """(currency, amount) to take from the deposit held for `reference`: all of it unless
    `amount_minor` says less; more than is held is refused."""
    cur = currency_code(currency)
    held = held_in_escrow(db, reference, cur)
    amount = held if amount_minor is None else positive_amount(amount_minor)
    if amount > 0 and amount > held:
        raise LedgerError(phrase("Only {held} of this deposit is still held.", held=held), "deposit_too_large")
    return cur, amount


def deposit_released(db: Session, *, reference: str, source: str, currency: str, provider: str,
                     amount_minor: int | None = None, to_wallet_of: int | None = None,
                     counterparty: str = "") -> LedgerTransaction | None:
    """The deposit goes back (all that is held unless `amount_minor` says less)."""
    key = f"deposit_released:{source}"
    found = existing(db, key)
    if found:
        return found
    cur, amount = _from_deposit(db, reference, currency, amount_minor)
    if amount <= 0:
        return None
    to = (Line(AccountKind.RESIDENT_WALLET, f"resident:{to_wallet_of}", -amount, cur)
          if to_wallet_of is not None else
          Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur))
    return post(db, "deposit_released", reference, [
        Line(AccountKind.ESCROW, "escrow", amount, cur), to,
    ], key, source=source, counterparty=counterparty, memo=f"deposit released for {reference}")


def deposit_forfeited(db: Session, *, reference: str, source: str, currency: str, beneficiary: str,
                      amount_minor: int | None = None) -> LedgerTransaction | None:
    """The deposit (or part of it) is kept, for `beneficiary`: "merchant:3", "property:1" or
    "platform"."""
    key = f"deposit_forfeited:{source}"
    found = existing(db, key)
    if found:
        return found
    cur, amount = _from_deposit(db, reference, currency, amount_minor)
    if amount <= 0:
        return None
    if beneficiary == "platform":
        to = Line(AccountKind.PLATFORM_REVENUE, "platform", -amount, cur)
    else:
        to = Line(owner_account_kind(beneficiary), beneficiary, -amount, cur)
    return post(db, "deposit_forfeited", reference, [
        Line(AccountKind.ESCROW, "escrow", amount, cur), to,
    ], key, source=source, counterparty="" if beneficiary == "platform" else beneficiary,
        memo=f"deposit forfeited for {reference} to {beneficiary}")


def deposit_applied(db: Session, *, reference: str, merchant_id: int, category: str,
                    currency: str) -> LedgerTransaction | None:
    """A made-to-order deposit is applied at completion (the order signed for): what escrow still
    holds for `reference` ("deposit:order-5") goes to the shop, less the same service fee as the
    rest of the order (marketplace/made_to_order). Posted once; None when nothing is held."""
    key = f"deposit_applied:{reference}"
    found = existing(db, key)
    if found:
        return found
    cur = currency_code(currency)
    gross = held_in_escrow(db, reference, cur)
    if gross <= 0:
        return None
    fee = round_half_up(gross * fee_bps(db, category), 10000)
    owner = f"merchant:{merchant_id}"
    lines = [Line(AccountKind.ESCROW, "escrow", gross, cur)]
    if gross - fee:
        lines.append(Line(AccountKind.MERCHANT_PAYABLE, owner, -(gross - fee), cur))
    if fee:
        lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", -fee, cur))
    return post(db, "deposit_applied", reference, lines, key, source=reference, counterparty=owner,
                memo=f"deposit applied for {reference}: service fee {fee} of {gross}")


def commission_accrued(db: Session, *, reference: str, source: str, agent_id: int, amount_minor: int,
                       currency: str, payer: str = "platform") -> LedgerTransaction:
    """An agent earned a commission, borne by the platform or by a shop ("merchant:3")."""
    key = f"commission_accrued:{source}"
    found = existing(db, key)
    if found:
        return found
    amount = positive_amount(amount_minor, "commission")
    if payer == "platform":
        from_line = Line(AccountKind.PLATFORM_FEES, "platform", amount, currency)
    elif payer.startswith("merchant:"):
        from_line = Line(AccountKind.MERCHANT_PAYABLE, payer, amount, currency)
    else:
        raise LedgerError(phrase("A commission cannot be charged to {payer}.", payer=repr(payer)))
    owner = f"agent:{agent_id}"
    return post(db, "commission_accrued", reference, [
        from_line, Line(AccountKind.COMMISSIONS_PAYABLE, owner, -amount, currency),
    ], key, source=source, counterparty=owner, memo=f"commission for {reference}")


def payout_sent(db: Session, *, reference: str, owner: str, amount_minor: int, currency: str,
                provider: str) -> LedgerTransaction:
    """Money owed to `owner` left through the provider (a transfer to their connected account).

    Never more than is owed: the owner's account row is locked while this is checked."""
    key = f"payout_sent:{reference}"
    found = existing(db, key)
    if found:
        return found
    cur = currency_code(currency)
    amount = positive_amount(amount_minor, "payout")
    kind = owner_account_kind(owner)
    _, held = locked_balance(db, kind, owner, cur)
    owed = -held
    if amount > owed:
        raise LedgerError(phrase("A payout of {amount} is more than the {owed} owed to {owner}.", amount=amount, owed=owed,
                                 owner=owner), "payout_too_large")
    return post(db, "payout_sent", reference, [
        Line(kind, owner, amount, cur),
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur),
    ], key, source=reference, counterparty=owner, memo=f"payout to {owner}")


def sharing_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                 provider: str, counterparty: str = "") -> LedgerTransaction:
    """A neighbour paid for something shared (a parking slot's deposit or balance): escrow holds it
    until the owner is paid (`sharing_settled`) or it goes back (`refund`, taken from escrow)."""
    return _money_in(db, "sharing_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.ESCROW, "escrow"),
                     counterparty=counterparty, memo=f"sharing payment held for {reference}")


def sharing_settled(db: Session, *, reference: str, owner_user_id: int, fee_minor: int,
                    currency: str) -> LedgerTransaction | None:
    """What escrow holds for `reference` goes to the sharing owner's wallet ("resident:<id>"), less
    `fee_minor` to the platform. Posted once per reference; None when nothing is held."""
    key = f"sharing_settled:{reference}"
    found = existing(db, key)
    if found:
        return found
    cur = currency_code(currency)
    gross = held_in_escrow(db, reference, cur)
    if gross <= 0:
        return None
    if not isinstance(fee_minor, int) or not 0 <= fee_minor <= gross:
        raise LedgerError(phrase("A fee of {fee} cannot be taken from {gross}.", fee=fee_minor, gross=gross))
    owner = f"resident:{owner_user_id}"
    lines = [Line(AccountKind.ESCROW, "escrow", gross, cur)]
    if gross - fee_minor:
        lines.append(Line(AccountKind.RESIDENT_WALLET, owner, -(gross - fee_minor), cur))
    if fee_minor:
        lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", -fee_minor, cur))
    return post(db, "sharing_settled", reference, lines, key, source=reference, counterparty=owner,
                memo=f"sharing {reference} paid to {owner}: fee {fee_minor} of {gross}")
