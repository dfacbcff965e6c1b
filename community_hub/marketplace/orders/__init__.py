"""Orders: their life and rules, the shop's and the resident's moves, what payments do to them, and reading them. One module per job; this package re-exports them so callers write orders.accept_order(...)."""

from __future__ import annotations

from community_hub.marketplace.orders.lifecycle import (  # noqa: F401
    ADMIN,
    AUTO_SIGN_HOURS,
    KIOSK,
    MERCHANT,
    ON_TRANSITION,
    PAYMENTS,
    PICKUP_ALPHABET,
    RESIDENT,
    STATE_LABELS,
    SYSTEM,
    TRANSITIONS,
    S,
    allowed,
    merchant_user_ids,
    new_pickup_code,
    pickup_qr_payload,
    refund_due,
    roles_for,
    transition,
)
from community_hub.marketplace.orders.payment_events import (  # noqa: F401
    auto_sign_due,
    mark_paid,
    mark_refunded,
    settle,
)
from community_hub.marketplace.orders.reading import (  # noqa: F401
    CustomerRow,
    DaySales,
    MerchantToday,
    OrderView,
    TimelineStep,
    describe_total,
    get_order,
    merchant_customers,
    merchant_orders,
    merchant_today,
    my_orders,
    my_orders_in_states,
    my_orders_keys,
    my_orders_version,
    my_orders_with_shops,  # noqa: F401
    order_version,
    sales_by_day,
)
from community_hub.marketplace.orders.resident import (  # noqa: F401
    cancel_order,
    dispute_order,
    resolve_dispute,
    sign_order,
)
from community_hub.marketplace.orders.shop import (  # noqa: F401
    COURIER_NAME_MAX,
    REASON_MAX,
    accept_order,
    check_reason,
    mark_delivered,
    ready_for_pickup,
    reject_order,
    send_out,
    start_preparing,
)
