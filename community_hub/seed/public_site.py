"""Demo data for the public site: Maple Court's welcome notice, garden day and a service guide
are public, so /c/maple-court shows a visitor something (idempotent, like the rest of the seed)."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.permissions import load_actor
from community_hub.models import Community, User
from community_hub.models.channels import InfoChannel
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice
from community_hub.property import channels
from community_hub.site import publicity

PUBLIC_NOTICE = "Welcome to Community Hub"
PUBLIC_EVENT = "Community garden day"
GUIDE = "Service guide"
GUIDE_ENTRIES = [("Maple Plumbing", "+1 555 0100", "Leaks, taps and boilers; call before 18:00."),
                 ("Court Locksmith", "+1 555 0111", "Locked out? Open every day, 7:00 to 22:00.")]


def seed_public_site(db: Session, community: Community, staff_user: User) -> None:
    actor = load_actor(db, staff_user)
    cid = community.id
    for model, kind, title in ((Notice, "notice", PUBLIC_NOTICE), (CommunityEvent, "event", PUBLIC_EVENT)):
        row = db.exec(select(model).where(model.community_id == cid, model.title == title)).first()
        if row is not None and not row.public:
            publicity.set_public(db, actor, kind, row.id, True)
    if db.exec(select(InfoChannel).where(InfoChannel.community_id == cid, InfoChannel.name == GUIDE)).first() is None:
        guide = channels.create_channel(db, actor, cid, channels.ChannelInput(
            name=GUIDE, description="Trusted tradespeople near Maple Court.", published=True,
            fields=[{"label": "Name", "type": "text"}, {"label": "Phone", "type": "text"},
                    {"label": "Notes", "type": "text"}]))
        keys = [f["key"] for f in guide.fields]
        for values in GUIDE_ENTRIES:
            channels.add_entry(db, actor, guide.id, dict(zip(keys, values, strict=True)))
        publicity.set_public(db, actor, "channel", guide.id, True)
