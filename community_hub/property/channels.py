"""Channels: staff define a model of fields ("Service guide", "Emergency phones", "Lost and found"),
fill it with entries, and publish it for residents to browse. A channel can be duplicated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models.base import utcnow
from community_hub.models.channels import ChannelEntry, InfoChannel
from community_hub.property.forms import clean_values, normalize_fields, store_images

CHANNEL_FIELD_TYPES = ("text", "textarea", "number", "date", "image", "choice", "link", "phone", "email")


@dataclass(frozen=True)
class ChannelInput:
    name: str
    fields: list[dict]
    description: str = ""
    header_text: str = ""
    footer_text: str = ""
    seo_title: str = ""
    seo_description: str = ""
    published: bool = False


@dataclass(frozen=True)
class ChannelPage:
    """What a resident's channel page shows: the texts, the field labels and the entries."""

    id: int
    name: str
    slug: str
    description: str
    header_text: str
    footer_text: str
    seo_title: str
    seo_description: str
    fields: list[dict]
    entries: list[dict]  # each: {"id": ..., <field key>: value}


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "channel"


def _unique_slug(db: Session, community_id: int, name: str, exclude_id: int | None = None) -> str:
    base, n = _slugify(name), 1
    slug = base
    while True:
        q = select(InfoChannel.id).where(InfoChannel.community_id == community_id, InfoChannel.slug == slug)
        found = db.exec(q).first()
        if found is None or found == exclude_id:
            return slug
        n += 1
        slug = f"{base}-{n}"


def _check(data: ChannelInput) -> tuple[str, list[dict]]:
    name = (data.name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the channel a name (at most 80 characters).")
    if len(data.seo_title) > 70:
        raise ServiceError("The SEO title is too long (at most 70 characters).")
    if len(data.seo_description) > 160:
        raise ServiceError("The SEO description is too long (at most 160 characters).")
    for text, what in ((data.header_text, phrase("header")), (data.footer_text, phrase("footer")),
                       (data.description, phrase("description"))):
        if len(text) > 5000:
            raise ServiceError(phrase("The {what} is too long (at most 5000 characters).", what=what))
    return name, normalize_fields(data.fields, CHANNEL_FIELD_TYPES)


def _apply(ch: InfoChannel, data: ChannelInput, name: str, fields: list[dict]) -> None:
    ch.name, ch.fields, ch.published = name, fields, data.published
    ch.description, ch.header_text, ch.footer_text = data.description, data.header_text, data.footer_text
    ch.seo_title, ch.seo_description = data.seo_title.strip(), data.seo_description.strip()


def _staff_channel(db: Session, actor: Actor, channel_id: int) -> InfoChannel:
    ch = get_or_not_found(db, InfoChannel, channel_id, phrase("channel"))
    require_staff_of(actor, ch.community_id)
    return ch


def require_channel_editor(db: Session, actor: Actor, channel_id: int) -> None:
    """Refuses anyone but the channel's community staff (before a picked file is even kept)."""
    _staff_channel(db, actor, channel_id)


def create_channel(db: Session, actor: Actor, community_id: int, data: ChannelInput) -> InfoChannel:
    """Staff create a channel model with its own fields, texts and SEO title/description."""
    require_staff_of(actor, community_id)
    name, fields = _check(data)
    position = db.exec(select(func.count()).select_from(InfoChannel)
                       .where(InfoChannel.community_id == community_id)).one()
    ch = InfoChannel(community_id=community_id, name=name, slug=_unique_slug(db, community_id, name),
                     position=position)
    _apply(ch, data, name, fields)
    db.add(ch)
    db.flush()
    return ch


def update_channel(db: Session, actor: Actor, channel_id: int, data: ChannelInput) -> InfoChannel:
    """Edit a channel. Existing entries keep their values; they are re-checked when next edited."""
    ch = _staff_channel(db, actor, channel_id)
    name, fields = _check(data)
    if name != ch.name:
        ch.slug = _unique_slug(db, ch.community_id, name, exclude_id=ch.id)
    _apply(ch, data, name, fields)
    db.flush()
    return ch


def duplicate_channel(db: Session, actor: Actor, channel_id: int, *, name: str | None = None,
                      with_entries: bool = True) -> InfoChannel:
    """Copy a channel (fields, texts and, by default, entries) as an unpublished draft."""
    src = _staff_channel(db, actor, channel_id)
    new_name = (name or f"{src.name} (copy)").strip()[:80]
    data = ChannelInput(name=new_name, fields=list(src.fields), description=src.description,
                        header_text=src.header_text, footer_text=src.footer_text, seo_title=src.seo_title,
                        seo_description=src.seo_description, published=False)
    copy = create_channel(db, actor, src.community_id, data)
    if with_entries:
        for e in db.exec(select(ChannelEntry).where(ChannelEntry.channel_id == src.id)
                         .order_by(ChannelEntry.position, ChannelEntry.id)).all():
            db.add(ChannelEntry(channel_id=copy.id, data=dict(e.data), position=e.position, published=e.published))
    db.flush()
    return copy


def add_entry(db: Session, actor: Actor, channel_id: int, values: dict, *, published: bool = True) -> ChannelEntry:
    """Staff add an entry; values are checked against the channel's fields (images: (file name, bytes))."""
    ch = _staff_channel(db, actor, channel_id)
    cleaned = clean_values(ch.fields, values)
    position = db.exec(select(func.count()).select_from(ChannelEntry).where(ChannelEntry.channel_id == ch.id)).one()
    entry = ChannelEntry(channel_id=ch.id, data=store_images(cleaned), position=position, published=published)
    db.add(entry)
    db.flush()
    return entry


def update_entry(db: Session, actor: Actor, entry_id: int, values: dict, *, published: bool = True) -> ChannelEntry:
    entry = get_or_not_found(db, ChannelEntry, entry_id, phrase("entry"))
    ch = _staff_channel(db, actor, entry.channel_id)
    entry.data = store_images(clean_values(ch.fields, values))
    entry.published, entry.updated_at = published, utcnow()
    db.flush()
    return entry


def delete_entry(db: Session, actor: Actor, entry_id: int) -> None:
    entry = get_or_not_found(db, ChannelEntry, entry_id, phrase("entry"))
    _staff_channel(db, actor, entry.channel_id)
    db.delete(entry)
    db.flush()


def list_channels_for_staff(db: Session, actor: Actor, community_id: int) -> list[InfoChannel]:
    require_staff_of(actor, community_id)
    return list(db.exec(select(InfoChannel).where(InfoChannel.community_id == community_id)
                        .order_by(InfoChannel.position, InfoChannel.id)).all())


def list_channels(db: Session, actor: Actor) -> list[InfoChannel]:
    """Published channels of the resident's community, in the staff's order."""
    require_resident(actor)
    return list(db.exec(select(InfoChannel).where(InfoChannel.community_id == actor.community_id,
                                                  InfoChannel.published)
                        .order_by(InfoChannel.position, InfoChannel.id)).all())


def channel_page(db: Session, actor: Actor, community_id: int, slug: str) -> ChannelPage:
    """A channel with its entries: published ones for residents; staff also preview drafts."""
    staff = actor.is_authenticated and (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(community_id))
    if not staff:
        require_resident(actor)
        if actor.community_id != community_id:
            raise NotFound("channel")
    ch = db.exec(select(InfoChannel).where(InfoChannel.community_id == community_id, InfoChannel.slug == slug)).first()
    if ch is None or not (ch.published or staff):
        raise NotFound("channel")
    q = select(ChannelEntry).where(ChannelEntry.channel_id == ch.id)
    if not staff:
        q = q.where(ChannelEntry.published)
    entries = db.exec(q.order_by(ChannelEntry.position, ChannelEntry.id)).all()
    return ChannelPage(ch.id, ch.name, ch.slug, ch.description, ch.header_text, ch.footer_text,
                       ch.seo_title or ch.name, ch.seo_description, list(ch.fields),
                       [{"id": e.id, **e.data} for e in entries])

