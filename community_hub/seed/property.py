"""Demo data for the property portal: fees and this month's bills, notices, a poll, an event,
repair categories. Safe to run again: anything already there (by name) is left alone."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from community_hub.accounts.passwords import hash_password
from community_hub.core.permissions import load_actor
from community_hub.models import Community, User, UserStatus
from community_hub.models.ads import AdSlot
from community_hub.models.base import utcnow
from community_hub.models.billing import BillingSettings, ConvenienceService, FeeItem
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice
from community_hub.models.polls import Poll
from community_hub.models.workorders import MaintenanceWorker, WorkOrderCategory
from community_hub.property import ads, billing, events, notices, polls, workorders
from community_hub.property.notices import NoticeInput
from community_hub.seed.common import DEMO_PASSWORD

NOTICES = [
    NoticeInput("Welcome to Community Hub",
                "Pay your property fees, report repairs and follow community news here.", pinned=True),
    NoticeInput("Water maintenance on Saturday",
                "Water will be off in all buildings from 09:00 to 12:00 for pipe maintenance."),
]
FEES = [
    dict(name="Management fee", kind="area", rate_minor=250, unit_label="m²"),
    dict(name="Cleaning and security", kind="fixed", rate_minor=1500),
    dict(name="Parking", kind="parking", rate_minor=4000, unit_label="slot"),
]
CATEGORIES = [("Plumbing", 24), ("Electrical", 8), ("Common areas", 72)]
WORKER = ("worker@demo.hub", "Wes Worker", "+15550001999")
POLL = "Should we add bike racks by the entrance?"
EVENT = "Community garden day"
# Ad slots merchants can buy by card or with points (price per day: cents, points).
AD_SLOTS = [("Home carousel", "home_carousel", 400, 40, 3), ("Lobby screen", "kiosk_attract", 600, 60, 2)]
SERVICES = [dict(name="Printing", price_minor=20, unit_label="page", max_quantity=200,
                 description="Black and white A4, collected at the office."),
            dict(name="Dry-cleaning collection", price_minor=600, unit_label="item", max_quantity=10,
                 description="Left at the office by 10:00, back the next day.")]


def seed_property(db: Session, community: Community, staff_user: User) -> None:
    """Add the demo property data for `community` as `staff_user` (who must be its property staff)."""
    actor = load_actor(db, staff_user)
    cid = community.id
    now = utcnow()
    if db.exec(select(BillingSettings).where(BillingSettings.community_id == cid)).first() is None:
        billing.configure_billing(db, actor, cid, currency="USD", due_day=15, late_fee_kind="percent",
                                  late_fee_value=500, late_fee_grace_days=5)
    have = set(db.exec(select(FeeItem.name).where(FeeItem.community_id == cid)).all())
    for fee in FEES:
        if fee["name"] not in have:
            billing.add_fee_item(db, actor, cid, **fee)
    billing.generate_bills(db, actor, cid, billing.period_of(now))  # idempotent by (household, period)

    titles = set(db.exec(select(Notice.title).where(Notice.community_id == cid)).all())
    for data in NOTICES:
        if data.title not in titles:
            n = notices.create_notice(db, actor, cid, data)
            notices.publish_notice(db, actor, n.id, now=now)

    if db.exec(select(Poll).where(Poll.community_id == cid, Poll.question == POLL)).first() is None:
        polls.create_poll(db, actor, cid, question=POLL, options=["Yes", "No", "No opinion"],
                          closes_at=now + timedelta(days=14), quorum_percent=30)

    if db.exec(select(CommunityEvent).where(CommunityEvent.community_id == cid,
                                            CommunityEvent.title == EVENT)).first() is None:
        start = (now + timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0)
        events.create_event(db, actor, cid, title=EVENT, starts_at=start, ends_at=start + timedelta(hours=3),
                            capacity=30, location="Central garden",
                            description="Planting, tea and cake. Bring gloves if you have them.", now=now)

    slots = set(db.exec(select(AdSlot.name).where(AdSlot.community_id == cid)).all())
    for name, placement, minor, pts, capacity in AD_SLOTS:
        if name not in slots:
            ads.create_slot(db, actor, cid, placement=placement, name=name, price_per_day_minor=minor,
                            price_per_day_points=pts, capacity=capacity)
    offered = set(db.exec(select(ConvenienceService.name).where(ConvenienceService.community_id == cid)).all())
    for svc in SERVICES:
        if svc["name"] not in offered:
            billing.add_convenience_service(db, actor, cid, **svc)

    cats = set(db.exec(select(WorkOrderCategory.name).where(WorkOrderCategory.community_id == cid)).all())
    for name, sla in CATEGORIES:
        if name not in cats:
            workorders.add_category(db, actor, cid, name, sla)
    _seed_worker(db, actor, cid)
    db.flush()


def _seed_worker(db: Session, actor, cid: int) -> None:
    """worker@demo.hub: a maintenance worker with a login, so the worker screens can be tried."""
    email, name, phone = WORKER
    user = db.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, display_name=name, password_hash=hash_password(DEMO_PASSWORD),
                    status=UserStatus.ACTIVE, verified_at=utcnow())
        db.add(user)
        db.flush()
    if db.exec(select(MaintenanceWorker).where(MaintenanceWorker.community_id == cid,
                                               MaintenanceWorker.user_id == user.id)).first() is None:
        workorders.add_worker(db, actor, cid, name, phone, user_id=user.id)
