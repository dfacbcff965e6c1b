"""Photos a merchant picks for a product in the editor. They go to the public catalog area, so
who is asking is checked first: only someone who runs a shop stores anything (the product itself
is checked when it is saved with them)."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core import uploads
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_merchant_of, require_user

MAX_PER_PICK = 8


def store_product_photos(db: Session, actor: Actor, files: list[tuple[str, bytes]]) -> list[str]:
    """Check every picture, then store them all; returns their public catalog paths."""
    require_user(actor)
    if not actor.merchant_ids:
        raise PermissionDenied(phrase("Only a shop's merchant can add product photos."))
    require_merchant_of(actor, min(actor.merchant_ids))
    if len(files) > MAX_PER_PICK:
        raise ServiceError(phrase("Add at most {most} photos at a time.", most=MAX_PER_PICK))
    uploads.check_images(files)
    return [uploads.store_public_image(data, name or "photo").path for name, data in files]
