"""Every screen the app declares, read from the app itself (the routes its @rx.page / @area_page
decorators registered), with who may open it; and real ids from a demo database for the routes
with a [parameter]. Browser tests that visit "every page" use this, so a new page is visited
without anyone adding it to a list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from tests.e2e.helpers import DEMO_PASSWORD


@dataclass(frozen=True)
class Screen:
    route: str  # as declared: "/orders/[order_id]"
    area: str  # who may open it, as @area_page declared it; "" for a public page


def _area(route: str) -> str:
    """Who may open it: what @area_page recorded for the route (state/shared/page_opening.py)."""
    from state.shared import page_opening

    opening = page_opening.opening(route)
    return opening.area if opening else ""


def declared_screens() -> list[Screen]:
    """The routes of every page module (community_hub/pages registers them all on import)."""
    from reflex_base.registry import RegistrationContext

    from community_hub.pages import register_all_pages

    register_all_pages()
    seen: dict[str, Screen] = {}
    for _render, kwargs in RegistrationContext.ensure_context().decorated_pages:
        declared = kwargs["route"]
        route = "/" + declared.strip("/")
        seen[route] = Screen(route, _area(declared))
    return sorted(seen.values(), key=lambda s: s.route)


def _as(db, email: str):
    return accounts.login(db, identifier=email, password=DEMO_PASSWORD)[1]


def demo_ids(db_url: str) -> dict[str, str]:
    """A real value for every [parameter] a route may have, made through the services as people
    would (an order paid, one waiting for payment, a cart, a repair, a question to the office, a
    published form and channel), plus what the demo data already has (bills, notices, shops)."""
    from community_hub.marketplace import cart, checkout, order_payments
    from community_hub.models import Community, Merchant, Product
    from community_hub.models.billing import Bill
    from community_hub.models.notices import Notice
    from community_hub.models.workorders import WorkOrderCategory
    from community_hub.payments import intents
    from community_hub.property import care, channels, forms
    from community_hub.property.workorders import moves

    eng = engine_for(db_url)
    ids: dict[str, str] = {"kiosk_id": "lobby-1"}

    def order(pay: bool) -> tuple[int, int]:
        with session_scope(eng) as db:
            resident = _as(db, "resident@demo.hub")
            shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
            product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_(None)
                                                    | (Product.stock >= 5)).order_by(Product.price_minor.desc())).first()
            cart.add_to_cart(db, resident, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
            oid = checkout.place_order(db, resident, shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                       fulfilment="pickup").id
        with session_scope(eng) as db:
            pid = order_payments.start_order_payment(db, _as(db, "resident@demo.hub"), oid).id
        if pay:
            with session_scope(eng) as db:
                intents.confirm_payment(db, _as(db, "resident@demo.hub"), pid, "4242424242424242")
        return oid, pid

    paid_order, paid = order(pay=True)
    _, waiting = order(pay=False)
    ids.update(order_id=str(paid_order), payment_id=str(paid), pay_payment_id=str(waiting))
    with session_scope(eng) as db:
        resident = _as(db, "resident@demo.hub")
        staff = _as(db, "staff@demo.hub")
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id).order_by(Product.id)).first()
        cart.add_to_cart(db, resident, product.id, quantity=1)  # something to check out
        category = db.exec(select(WorkOrderCategory).where(WorkOrderCategory.community_id == community.id)).first()
        repair = moves.report_work_order(db, resident, category_id=category.id, location="Kitchen",
                                         description="The tap drips")
        ticket = care.submit(db, resident, kind="question", subject="Bikes", body="Where do bikes go?")
        form = forms.create_form(db, staff, community.id, title="Parking permit",
                                 fields=[{"label": "Plate", "type": "text", "required": True}])
        forms.publish_form(db, staff, form.id)
        channel = channels.create_channel(db, staff, community.id, channels.ChannelInput(
            name="Useful numbers", fields=[{"label": "Name", "type": "text"}], published=True))
        channels.add_entry(db, staff, channel.id, {channel.fields[0]["key"]: "Night porter"})
        bill = db.exec(select(Bill).where(Bill.household_id == resident.household_id).order_by(Bill.id)).first()
        notice = db.exec(select(Notice).where(Notice.community_id == community.id).order_by(Notice.id)).first()
        # A parking slot Noor shares with the community (/share/parking/[slot_id]).
        from community_hub.sharing import parking_slots
        from community_hub.sharing.free_windows import WindowIn

        ids["slot_id"] = str(parking_slots.post_slot(
            db, _as(db, "noor@demo.hub"), place="A1-05", hourly_price="2.00", deposit_bps=2500, min_hours=1,
            max_hours=8, approval="instant", windows=[WindowIn("08:00", "20:00", weekday=d) for d in range(7)]).id)
        ids.update(merchant_id=str(shop.id), slug=shop.slug, product_id=str(product.id), repair_id=str(repair.id),
                   ticket_id=str(ticket.id), form_id=str(form.id), channel_slug=channel.slug, bill_id=str(bill.id),
                   notice_id=str(notice.id))
        # The public site (/c/[community]/...): the seed's public service guide and one of its entries.
        from community_hub.models.channels import ChannelEntry, InfoChannel
        guide = db.exec(select(InfoChannel).where(InfoChannel.community_id == community.id, InfoChannel.public)).first()
        first = db.exec(select(ChannelEntry).where(ChannelEntry.channel_id == guide.id).order_by(ChannelEntry.id)).first()
        ids.update(community=community.slug, channel=guide.slug, entry=str(first.id))
        # An item Noor gives away to the community (/share/items/[item_id]).
        from community_hub.sharing import items as shared_items

        ids["item_id"] = str(shared_items.post_item(db, _as(db, "noor@demo.hub"), kind="give", title="Board games",
                                                    pickup_place="Lobby A").id)
        # A platform announcement to everyone (/announcements/[announcement_id]).
        from community_hub.notify import announcements

        ids["announcement_id"] = str(announcements.publish(
            db, _as(db, "admin@demo.hub"), title="Welcome to Community Hub", body="Tell us what you think.",
            audience="everyone").id)
        # No demo account is an agent: a neighbour applies and is approved, so the agent's pages
        # are seen as an agent sees them (the approval gives the role).
        from community_hub.membership import agents
        from tests.images import picture

        app = agents.apply(db, _as(db, "li@demo.hub"), name="Li Wei", mobile="+8613800138000",
                           identity_kind="national_id", identity_value="11010519491231002X", region="Maple Court",
                           files=[("licence.png", picture("png"))])
        agents.review(db, _as(db, "admin@demo.hub"), app.id, "approved")
    eng.dispose()
    return ids


def filled(route: str, ids: dict[str, str]) -> str:
    """The route with its [parameter] replaced by a real value ("/pay/[payment_id]" is the payment
    still waiting to be paid: a paid one has no card form to see)."""
    parts = []
    for part in route.split("/"):
        if part.startswith("[") and part.endswith("]"):
            name = part[1:-1]
            if route.startswith("/pay/"):
                name = "pay_" + name
            if name not in ids:
                raise AssertionError(f"{route}: no demo value for [{name}] (add one to demo_ids)")
            part = ids[name]
        parts.append(part)
    return "/".join(parts)
