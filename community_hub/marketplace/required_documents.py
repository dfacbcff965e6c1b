"""Which documents an application needs before an admin may approve it, and which are still missing.

Every shop shows its business licence and the front of the owner's ID; a shop that sells food
(a category under "Food & drink" in the platform's category tree) also shows its food permit.
The approve button says what is missing and `approve_application` refuses on the same rule."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import NotFound
from community_hub.core.i18n import Text, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_user
from community_hub.marketplace.joined_text import joined
from community_hub.models.catalog import Category, MerchantApplication, MerchantDocument

LABELS = {"licence": phrase("Business licence"), "id_front": phrase("ID (front)"), "id_back": phrase("ID (back)"),
          "food_permit": phrase("Food permit"), "other": phrase("Other")}
ALWAYS = ("licence", "id_front")
FOOD_ROOT = "food"
# Used when the category is not in the tree (a tree not seeded yet): the usual food shops.
FOOD_CATEGORIES = frozenset({"grocery", "bakery", "cafe", "restaurant"})


def is_food(db: Session, category: str) -> bool:
    """The category, or one of its parents in the category tree, is "food"."""
    row = db.exec(select(Category).where(Category.slug == category)).first()
    if row is None:
        return category in FOOD_CATEGORIES or category == FOOD_ROOT
    seen: set[int] = set()
    while row is not None and row.id not in seen:  # a cycle typed by hand must not loop forever
        if row.slug == FOOD_ROOT:
            return True
        seen.add(row.id)
        row = db.get(Category, row.parent_id) if row.parent_id else None
    return False


def required_kinds(db: Session, category: str) -> list[str]:
    return [*ALWAYS, "food_permit"] if is_food(db, category) else list(ALWAYS)


def missing_kinds(db: Session, app: MerchantApplication) -> list[str]:
    have = set(db.exec(select(MerchantDocument.kind).where(MerchantDocument.application_id == app.id)).all())
    return [k for k in required_kinds(db, app.category) if k not in have]


def label(kind: str) -> str:
    return LABELS.get(kind, kind.replace("_", " "))


def labels(kinds: list[str] | tuple[str, ...]) -> Text:
    """"Business licence, Food permit": one message whose labels read in the reader's language."""
    return joined(label(k) for k in kinds)


def missing_sentence(missing: list[str]) -> str:
    """"Missing: Business licence, Food permit." or "" when nothing is missing."""
    return phrase("Missing: {documents}.", documents=labels(missing)) if missing else ""


def application_requirements(db: Session, actor: Actor, application_id: int) -> tuple[list[str], list[str]]:
    """(required, missing) document kinds of an application, for the applicant or an admin."""
    require_user(actor)
    app = db.get(MerchantApplication, application_id)
    if app is None or (app.user_id != actor.user_id and not actor.holds(AdminPermission.REVIEW)):
        raise NotFound(phrase("application"))
    return required_kinds(db, app.category), missing_kinds(db, app)
