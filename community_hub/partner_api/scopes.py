"""What an API key may do. A write scope includes reading the same things: a till that updates
stock must also be able to read the products it updates."""

from __future__ import annotations

from community_hub.core.i18n import N_

PRODUCTS_READ = "products:read"
PRODUCTS_WRITE = "products:write"
ORDERS_READ = "orders:read"
ORDERS_WRITE = "orders:write"
WEBHOOKS_MANAGE = "webhooks:manage"
BILLS_READ = "bills:read"  # a community partner's only (partner_api/partner_keys.py): bill payments

# In the order the dashboard lists them, with what each lets a key do (shown translated).
SCOPES: dict[str, str] = {
    PRODUCTS_READ: N_("Read products"),
    PRODUCTS_WRITE: N_("Create and change products, stock and prices"),
    ORDERS_READ: N_("Read orders and events"),
    ORDERS_WRITE: N_("Accept, send out, cancel and refund orders"),
    WEBHOOKS_MANAGE: N_("Register and remove webhook endpoints"),
}
# What a community partner's key may hold (read-only), with what each lets it do.
PARTNER_SCOPES: dict[str, str] = {
    PRODUCTS_READ: N_("Read the products the community's residents can buy"),
    ORDERS_READ: N_("Read the orders the community's residents placed"),
    BILLS_READ: N_("Read the money received against the community's bills"),
    WEBHOOKS_MANAGE: N_("Register webhook endpoints that hear what the key may read"),
}
# A community's events (partner_api/events.py) and the scope a partner's key needs to hear each.
COMMUNITY_EVENTS: dict[str, str] = {"order.created": ORDERS_READ, "order.paid": ORDERS_READ,
                                    "order.status_changed": ORDERS_READ, "bill.paid": BILLS_READ}

# A scope that a held scope also grants.
IMPLIED: dict[str, str] = {PRODUCTS_WRITE: PRODUCTS_READ, ORDERS_WRITE: ORDERS_READ}
WRITE_SCOPES = frozenset({PRODUCTS_WRITE, ORDERS_WRITE, WEBHOOKS_MANAGE})


def grants(held: frozenset[str] | set[str], needed: str) -> bool:
    """Whether a key holding `held` may do what `needed` names."""
    return needed in held or any(IMPLIED.get(s) == needed for s in held)


def partner_hears(held: frozenset[str] | set[str] | list[str], event_type: str) -> bool:
    """Whether a community partner's key holding `held` may hear a community event of this type."""
    needed = COMMUNITY_EVENTS.get(event_type)
    return needed is not None and grants(frozenset(held), needed)
