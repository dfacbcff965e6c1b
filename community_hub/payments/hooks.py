"""How orders, bills, deposits and ads hear about their money.

The registry lives here; nothing registers itself on import. `community_hub.payment_hooks.
register_payment_hooks()` wires the domains in one visible place (the app calls it once; tests
call it through a fixture), and `clear_hooks()` empties the registry again.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from community_hub.core.permissions import Actor
from community_hub.models.payments import Payment

HookFn = Callable[[Session, Payment], None]
_hooks: dict[str, list[tuple[str, HookFn]]] = {"succeeded": [], "posted": [], "refunded": [], "failed": [],
                                                "canceled": []}


def _register(kind: str, purpose_prefix: str, fn: HookFn) -> None:
    entry = (purpose_prefix, fn)
    if entry not in _hooks[kind]:
        _hooks[kind].append(entry)


def on_payment_succeeded(purpose_prefix: str, fn: HookFn) -> None:
    """Call fn(db, payment) in the same transaction when a payment for "{prefix}:..." succeeds."""
    _register("succeeded", purpose_prefix, fn)


def on_payment_posted(purpose_prefix: str, fn: HookFn) -> None:
    """Call fn(db, payment) in the same transaction once a succeeded payment's money-in is posted
    (after the "succeeded" hooks, which run first so a refusal can hold the money in suspense)."""
    _register("posted", purpose_prefix, fn)


def on_payment_refunded(purpose_prefix: str, fn: HookFn) -> None:
    """Call fn(db, payment) after each refund of such a payment succeeds (see refunded_minor)."""
    _register("refunded", purpose_prefix, fn)


def on_payment_failed(purpose_prefix: str, fn: HookFn) -> None:
    _register("failed", purpose_prefix, fn)


def on_payment_canceled(purpose_prefix: str, fn: HookFn) -> None:
    _register("canceled", purpose_prefix, fn)


RefundCheck = Callable[[Session, Actor, Payment], bool]
_refund_checks: dict[str, RefundCheck] = {}


def allow_refunds(purpose_prefix: str, fn: RefundCheck) -> None:
    """Who else may refund "{prefix}:..." payments: fn(db, actor, payment) -> True (property staff
    for their bills, the office that sold an ad slot). The paid shop and admins always may."""
    _refund_checks[purpose_prefix] = fn


def clear_hooks() -> None:
    for hooks in _hooks.values():
        hooks.clear()
    _refund_checks.clear()


def run_hooks(kind: str, db: Session, payment: Payment) -> None:
    prefix = payment.purpose.split(":", 1)[0]
    for hook_prefix, fn in list(_hooks[kind]):
        if hook_prefix == prefix:
            fn(db, payment)


def refund_check_allows(db: Session, actor: Actor, payment: Payment) -> bool:
    """Whether the check registered with `allow_refunds` for this payment's kind lets `actor` in."""
    check = _refund_checks.get(payment.purpose.split(":", 1)[0])
    return check is not None and actor.is_authenticated and check(db, actor, payment)
