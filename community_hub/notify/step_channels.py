"""Which channels a step's message goes by (issue 18): for every order, bill, repair and sharing
step (a message template) and each side it goes to — the resident, or the staff (the shop, the
property office, a worker) — an admin chooses in-app, email and SMS (defaults below, a row in
step_channel_rule only where changed); each member turns channels off within that for a kind
of message (member_channel_off). notify/outbox.notify_user honours both for every step template.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.models import AuditEntry
from community_hub.models.base import utcnow
from community_hub.models.notify_choices import MemberChannelOff, StepChannelRule

CHANNELS = ("in_app", "email", "sms")
RESIDENT, STAFF = "resident", "staff"
# The kinds of message a member chooses for, in the order the account page lists them.
CATEGORIES = {"orders": N_("Orders"), "bills": N_("Bills"), "repairs": N_("Repairs"), "sharing": N_("Sharing"),
              "news": N_("News and promotions")}


@dataclass(frozen=True)
class Step:
    template: str
    side: str
    category: str
    label: str  # N_-marked, for the admin's matrix
    defaults: tuple[bool, bool, bool]  # in_app, email, sms


# Defaults keep what the app did before the matrix existed: in-app for most steps, bill reminders
# also by email and SMS, a repair handed to a worker also by SMS to the worker's phone.
STEPS: tuple[Step, ...] = (
    Step("order_new_for_merchant", STAFF, "orders", N_("New order"), (True, False, False)),
    Step("order_update", RESIDENT, "orders", N_("Order step"), (True, False, False)),
    Step("order_update", STAFF, "orders", N_("Order step"), (True, False, False)),
    Step("bill_reminder", RESIDENT, "bills", N_("Bill reminder"), (True, True, True)),
    Step("bill_paid", RESIDENT, "bills", N_("Bill paid"), (True, False, False)),
    Step("workorder_status", RESIDENT, "repairs", N_("Repair step"), (True, False, False)),
    Step("workorder_assigned", STAFF, "repairs", N_("Repair assigned to a worker"), (True, False, True)),
    Step("sharing_item_reserved", RESIDENT, "sharing", N_("Shared item reserved"), (True, False, False)),
    Step("sharing_deposit_kept", RESIDENT, "sharing", N_("Parking deposit kept"), (True, False, False)),
    Step("platform_announcement", RESIDENT, "news", N_("Platform announcement"), (True, False, False)),
)
_BY_KEY = {(s.template, s.side): s for s in STEPS}
STEP_TEMPLATES = {s.template for s in STEPS}


def default_side(template: str) -> str:
    """The side a step's message goes to when the sender does not say (the resident's, if it has one)."""
    return RESIDENT if (template, RESIDENT) in _BY_KEY else STAFF


def step_of(template: str, side: str) -> Step | None:
    return _BY_KEY.get((template, side))


def channels_for(db: Session, template: str, side: str, user_id: int | None) -> set[str]:
    """The channels a step's message goes by to this person: the admin's matrix (or its default)
    less what the member turned off for that kind of message. A template that is no step: in-app."""
    step = _BY_KEY.get((template, side))
    if step is None:
        return {"in_app"}
    rule = db.exec(select(StepChannelRule).where(StepChannelRule.step == template,
                                                 StepChannelRule.side == side)).first()
    on = (rule.in_app, rule.email, rule.sms) if rule else step.defaults
    allowed = {c for c, flag in zip(CHANNELS, on, strict=True) if flag}
    if user_id is not None and allowed:
        off = db.exec(select(MemberChannelOff.channel).where(MemberChannelOff.user_id == user_id,
                                                            MemberChannelOff.category == step.category)).all()
        allowed -= set(off)
    return allowed


@dataclass(frozen=True)
class MatrixRow:
    template: str
    side: str
    category: str
    label: str
    channels: list[str]  # the channels on
    changed: bool  # differs from the default


def matrix(db: Session, actor: Actor) -> list[MatrixRow]:
    """Every step with the channels its messages go by now."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    rules = {(r.step, r.side): r for r in db.exec(select(StepChannelRule)).all()}
    rows = []
    for s in STEPS:
        r = rules.get((s.template, s.side))
        on = (r.in_app, r.email, r.sms) if r else s.defaults
        rows.append(MatrixRow(s.template, s.side, s.category, s.label,
                              [c for c, flag in zip(CHANNELS, on, strict=True) if flag], on != s.defaults))
    return rows


def set_channel(db: Session, actor: Actor, template: str, side: str, channel: str, on: bool) -> list[str]:
    """Turn one channel of one step on or off (audited); returns the step's channels after."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    step = _BY_KEY.get((template, side))
    if step is None or channel not in CHANNELS:
        raise ServiceError(phrase("There is no such step or channel."))
    rule = db.exec(select(StepChannelRule).where(StepChannelRule.step == template, StepChannelRule.side == side)
                   .with_for_update()).first()
    if rule is None:
        rule = StepChannelRule(step=template, side=side, in_app=step.defaults[0], email=step.defaults[1],
                               sms=step.defaults[2])
    setattr(rule, channel, bool(on))
    if not (rule.in_app or rule.email or rule.sms):
        raise ServiceError(phrase("A step needs at least one channel; keep in-app on if nothing else."))
    rule.updated_by, rule.updated_at = actor.user_id, utcnow()
    db.add(rule)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="notify.channel", subject=f"step:{template}:{side}",
                      detail=f"{channel} {'on' if on else 'off'}"))
    db.flush()
    return [c for c in CHANNELS if getattr(rule, c)]


@dataclass(frozen=True)
class MemberChoice:
    category: str
    label: str
    offered: list[str]  # channels the platform sends this kind of message by (to anyone)
    off: list[str]  # of those, the ones this member turned off


def my_choices(db: Session, actor: Actor) -> list[MemberChoice]:
    """For each kind of message, the channels the platform uses for it and which the member turned off."""
    require_user(actor)
    rules = {(r.step, r.side): r for r in db.exec(select(StepChannelRule)).all()}
    offered: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    for s in STEPS:
        r = rules.get((s.template, s.side))
        on = (r.in_app, r.email, r.sms) if r else s.defaults
        offered[s.category] |= {c for c, flag in zip(CHANNELS, on, strict=True) if flag}
    off: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    for row in db.exec(select(MemberChannelOff).where(MemberChannelOff.user_id == actor.user_id)).all():
        off.setdefault(row.category, set()).add(row.channel)
    return [MemberChoice(c, label, [ch for ch in CHANNELS if ch in offered[c]], [ch for ch in CHANNELS if ch in off[c]])
            for c, label in CATEGORIES.items()]


def set_my_choice(db: Session, actor: Actor, category: str, channel: str, on: bool) -> None:
    """The member turns a channel on or off for a kind of message (only ever narrowing the platform's)."""
    require_user(actor)
    if category not in CATEGORIES or channel not in CHANNELS:
        raise ServiceError(phrase("There is no such kind of message or channel."))
    row = db.exec(select(MemberChannelOff).where(MemberChannelOff.user_id == actor.user_id,
                                                MemberChannelOff.category == category,
                                                MemberChannelOff.channel == channel)).first()
    if on and row is not None:
        db.delete(row)
    elif not on and row is None:
        db.add(MemberChannelOff(user_id=actor.user_id, category=category, channel=channel))
    db.flush()
