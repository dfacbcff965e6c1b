"""Photos a resident adds to their own order (a problem report, a review). Whose order it is, is
checked before a byte is written: an upload from anyone else stores nothing."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core import uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.models.orders import Order

MAX_PHOTOS = 4


def store_order_photos(db: Session, actor: Actor, order_id: int, files: list[tuple[str, bytes]],
                       already: int = 0) -> list[str]:
    """Check each file and store it; returns the stored paths (at most MAX_PHOTOS in all)."""
    require_user(actor)
    order = db.get(Order, order_id)
    if order is None or order.user_id != actor.user_id:
        raise NotFound(phrase("order"))  # the same answer whether it exists or not
    if already + len(files) > MAX_PHOTOS:
        raise ServiceError(phrase("At most {most} photos.", most=MAX_PHOTOS))
    uploads.check_images(files)  # every file checked before any is written
    return [uploads.store_upload(data, name or "photo", allowed=uploads.IMAGE_KINDS).path for name, data in files]
