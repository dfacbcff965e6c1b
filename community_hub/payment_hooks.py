"""Where the domains hear about their money: the one place payment hooks are registered.

Orders move when their payment succeeds or is refunded, bills and ad bookings when theirs is paid,
and property staff or the office that sold an ad may refund. The app calls `register_payment_hooks()`
once at start-up (tests through a fixture); the registry itself is `payments.hooks`.
"""

from __future__ import annotations

from community_hub.marketplace import order_payments, orders, service_cover
from community_hub.marketplace.made_to_order import money as made_to_order_money
from community_hub.marketplace.promotions import coupon_money, platform_coupons
from community_hub.membership import card_fee_payments, commission, member_price
from community_hub.partner_api import events as partner_events
from community_hub.payments import hooks, wallet_shortfall
from community_hub.property import ad_payments, bill_payments
from community_hub.sharing import share_payments


def register_payment_hooks() -> None:
    """Wire every domain's payment hooks (idempotent: registering twice changes nothing)."""
    hooks.on_payment_succeeded("order", order_payments.order_paid)
    hooks.on_payment_refunded("order", order_payments.order_refunded)
    hooks.on_payment_succeeded("bill", bill_payments.bill_paid)
    hooks.allow_refunds("bill", bill_payments.may_refund_bill)
    hooks.on_payment_succeeded("bills", bill_payments.bills_paid)
    hooks.allow_refunds("bills", bill_payments.may_refund_bills)
    hooks.on_payment_succeeded("ad", ad_payments.ad_paid)
    hooks.allow_refunds("ad", ad_payments.may_refund_ad)
    # Neighbour sharing: a parking deposit makes the booking, the balance readies the payout, a
    # buyer's payment holds the item's price; the renter or owner of a cancelled booking, or the
    # seller of a withdrawn item, may send the money back.
    hooks.on_payment_succeeded("share", share_payments.share_paid)
    hooks.allow_refunds("share", share_payments.may_refund_share)
    # Membership: card fees complete their activation; orders signed and settled earn commission up
    # the buyer's referral chain (after order_payments' own settlement hook, appended at its
    # import); refunds of either reverse it pro rata.
    hooks.on_payment_succeeded("card_fee", card_fee_payments.card_fee_paid)
    hooks.on_payment_succeeded("cover", service_cover.cover_paid)
    hooks.on_payment_refunded("card_fee", card_fee_payments.card_fee_refunded)
    hooks.on_payment_refunded("order", commission.on_payment_refunded)
    for on_signing in (commission.on_order_transition, member_price.on_order_transition):
        if on_signing not in orders.ON_TRANSITION:
            orders.ON_TRANSITION.append(on_signing)
    # A platform coupon's discount goes into the order's escrow just BEFORE the settlement takes
    # it (first in the list), so the shop is settled on the full price and the platform bears it.
    if coupon_money.on_order_transition not in orders.ON_TRANSITION:
        orders.ON_TRANSITION.insert(0, coupon_money.on_order_transition)
    hooks.on_payment_refunded("order", coupon_money.on_payment_refunded)  # its share of a later refund
    # After it (it needs the coupon's discount): an order refunded in full gives its coupon back.
    hooks.on_payment_refunded("order", platform_coupons.on_order_refunded)
    if platform_coupons.on_order_transition not in orders.ON_TRANSITION:  # a cancelled order's coupon comes back
        orders.ON_TRANSITION.append(platform_coupons.on_order_transition)
    # The public API's event stream (and its webhooks): every order timeline step and every refund
    # of an order becomes a numbered event in the same transaction (partner_api/events.py).
    hooks.on_payment_refunded("order", partner_events.order_refunded)
    partner_events.listen()
    # Made to order (issue 20): the deposit pays the order and is held; the balance is the order's
    # own "order:" payment; the listener applies, releases or guards the deposit as the order moves.
    hooks.on_payment_succeeded("deposit", made_to_order_money.deposit_paid)
    hooks.on_payment_refunded("deposit", made_to_order_money.deposit_refunded)
    hooks.on_payment_succeeded("order", made_to_order_money.balance_paid)
    if made_to_order_money.on_order_transition not in orders.ON_TRANSITION:
        orders.ON_TRANSITION.append(made_to_order_money.on_order_transition)
    # Partly from the wallet: once the rest (a top-up named after the payment) is in the wallet,
    # the payment is paid from the wallet in full (payments/wallet_shortfall.py).
    hooks.on_payment_posted("topup", wallet_shortfall.pay_target)
