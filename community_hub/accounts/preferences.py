"""What a member chooses for themselves and keeps across devices: for now, their language."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import LANGUAGES
from community_hub.core.permissions import Actor, require_user
from community_hub.models import User


def set_language(db: Session, actor: Actor, lang: str) -> str:
    """Remember the member's language ("en" or "zh"); messages to them go out in it."""
    require_user(actor)
    if lang not in LANGUAGES:
        raise ServiceError("Choose English or 中文.")
    user = db.get(User, actor.user_id)
    if user.language != lang:
        user.language = lang
        db.add(user)
    return lang
