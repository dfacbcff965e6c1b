"""Writing messages into the outbox, in the same transaction as whatever caused them.

If the cause rolls back, so does the message; if it commits, the worker will deliver it.
Each message is written when it is queued, in its recipient's language (the account's choice,
else English): the worker only delivers what is stored, so a retry reads the same.
"""

from __future__ import annotations

import logging

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.i18n import DEFAULT, known
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import Channel, OutboxMessage, OutboxStatus, User
from community_hub.notify import step_channels
from community_hub.notify.templates import render, sms_text

log = logging.getLogger("community_hub.outbox")


def channel_for(address: str) -> Channel:
    return Channel.EMAIL if "@" in address else Channel.SMS


def enqueue(
    db: Session,
    *,
    template: str,
    to: str,
    channel: Channel | None = None,
    user_id: int | None = None,
    log_in_demo: bool = False,
    lang: str | None = None,
    **fields: object,
) -> OutboxMessage:
    """Queue one message. `to` is an email, a phone number, or (in_app) the user id as text.
    Written in `lang` when given (someone with no account yet), else the language of `user_id`'s
    account, else English. An SMS is its template's short text, in one segment."""
    lang = known(lang) if lang else recipient_language(db, user_id)
    channel = channel or channel_for(to)
    subject, body = render(template, lang, **fields)
    if channel == Channel.SMS:
        body = sms_text(template, lang, **fields)
    msg = OutboxMessage(
        channel=channel,
        to_address=to,
        user_id=user_id,
        template=template,
        subject=subject,
        body=body,
    )
    db.add(msg)
    db.flush()
    if log_in_demo and settings().demo_mode:
        # Demo mode only: codes also go to the log so a local user can sign up with no mail server.
        log.warning("demo outbox #%s to %s: %s", msg.id, to, subject)
    return msg


def recipient_language(db: Session, user_id: int | None) -> str:
    """The language a user reads their messages in: their account's choice, else English."""
    chosen = db.get(User, user_id).language if user_id is not None and db.get(User, user_id) else ""
    return known(chosen) if chosen else DEFAULT


def notify_user(db: Session, user_id: int, template: str, link: str = "", *, side: str = "", sms_to: str = "",
                **fields: object) -> OutboxMessage | None:
    """An in-app notification (the inbox with the unread count). A step's message (an order, bill,
    repair or sharing step, notify/step_channels.py) goes by the channels the admin's matrix gives
    its `side` ("resident" or "staff"; by default the template's own) less those the member turned
    off: in-app, email to the account's address, SMS to `sms_to` or the account's mobile. Returns
    the in-app message, None when that channel is off."""
    if template not in step_channels.STEP_TEMPLATES:
        return _in_app(db, user_id, template, link, fields)
    channels = step_channels.channels_for(db, template, side or step_channels.default_side(template), user_id)
    msg = _in_app(db, user_id, template, link, fields) if "in_app" in channels else None
    user = db.get(User, user_id) if channels - {"in_app"} else None
    if "email" in channels and user is not None and user.email:
        enqueue(db, template=template, to=user.email, channel=Channel.EMAIL, user_id=user_id, **fields)
    phone = sms_to or (user.phone if user is not None else "")
    if "sms" in channels and phone:
        enqueue(db, template=template, to=phone, channel=Channel.SMS, user_id=user_id, **fields)
    return msg


def notify_phone(db: Session, template: str, side: str, phone: str, **fields: object) -> OutboxMessage | None:
    """A step's SMS to someone with no account here (a worker known only by a phone number), when
    the admin's matrix sends that step by SMS."""
    if not phone or "sms" not in step_channels.channels_for(db, template, side, None):
        return None
    return enqueue(db, template=template, to=phone, channel=Channel.SMS, **fields)


def _in_app(db: Session, user_id: int, template: str, link: str, fields: dict) -> OutboxMessage:
    msg = enqueue(db, template=template, to=str(user_id), channel=Channel.IN_APP, user_id=user_id, **fields)
    msg.link = link
    return msg


def outbox_counts(db: Session, actor: Actor) -> dict[str, int]:
    """Messages waiting and failed in the outbox (the same numbers /api/health reports)."""
    require_admin_permission(actor, AdminPermission.SUPER)
    counts = dict(db.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {"pending": int(counts.get(OutboxStatus.PENDING, 0)), "failed": int(counts.get(OutboxStatus.FAILED, 0))}
