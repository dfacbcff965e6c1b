"""Plain rows (dict of str) the shopping screens show, built from service results in one place."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from community_hub.core import local_time
from community_hub.core.i18n import translate
from community_hub.marketplace.cart import money
from community_hub.marketplace.catalog import product_flags
from community_hub.models import Merchant, Product
from state.property.photos import photo_src


def when(at: datetime | None, zone: str) -> str:
    """A stored (UTC) time in the viewer's zone, "2026-11-22 09:30 EST"; pass `actor.time_zone`."""
    return local_time.fmt(at, zone)


def product_row(p: Product, shop_name: str = "", shop_slug: str = "", favourite: bool = False,
                lang: str = "") -> dict[str, str]:
    """A product card's texts; the words (stock) in `lang`, the page's language (English by default).

    Kept with the product object it was made from (its SQLAlchemy state's `info`): the home page,
    a shop page and a search show the same kept products (marketplace/kept_reads.py) to every
    resident for a few seconds, and making each card again on every opening was two fifths of the
    event loop's time opening the home page (docs/PROFILE.md, twelfth round). A card lives no
    longer than the answer its product came from; each caller gets its own copy."""
    state = getattr(p, "_sa_instance_state", None)
    if state is None:
        return _product_row(p, shop_name, shop_slug, favourite, lang)
    made = state.info.setdefault(_CARDS, {})
    key = (shop_name, shop_slug, favourite, lang)
    if (row := made.get(key)) is None:
        row = made[key] = _product_row(p, shop_name, shop_slug, favourite, lang)
    return dict(row)


_CARDS = "hub_product_cards"


def _product_row(p: Product, shop_name: str, shop_slug: str, favourite: bool, lang: str) -> dict[str, str]:
    flags = product_flags(p)
    badges = [b for b, on in (("hot", flags.hot), ("new", flags.new), ("pick", flags.recommended)) if on]
    if flags.discount_pct:
        badges.append(f"-{flags.discount_pct}%")
    if p.stock is None:
        stock = ""
    elif p.stock == 0:
        stock = translate(lang, "Sold out")
    elif p.stock <= p.low_stock_threshold:
        stock = translate(lang, "Only {count} left", count=p.stock)
    else:
        stock = translate(lang, "In stock")
    return {
        "id": str(p.id), "name": p.name, "price": money(p.price_minor, p.currency),
        "compare": money(p.compare_at_minor, p.currency) if flags.discount_pct else "",
        "badges": " · ".join(badges), "stock": stock, "sold_out": "1" if p.stock == 0 else "",
        "shop": shop_name, "shop_slug": shop_slug, "fav": "1" if favourite else "",
        "photo": p.photos[0] if p.photos else "", "description": p.description[:140],
    }


def shop_row(m: Merchant, distance_m: int = 0, minutes: float = 0.0, favourite: bool = False,
             lang: str = "") -> dict[str, str]:
    """A shop card's texts; its words in `lang`, the page's language (English by default)."""
    return {
        "id": str(m.id), "slug": m.slug, "name": m.name, "category": m.category, "address": m.address,
        "distance": f"{distance_m} m",
        "minutes": translate(lang, "{minutes} min walk", minutes=f"{minutes:g}"),
        "rating": f"{m.rating_avg:.1f} ★ ({m.rating_count})" if m.rating_count else translate(lang, "No reviews yet"),
        "fee": money(m.delivery_fee_minor, m.currency), "minimum": money(m.min_order_minor, m.currency),
        "logo": m.logo_url, "initials": initials(m.name), "fav": "1" if favourite else "",
    }


def initials(name: str) -> str:
    """"Corner Grocer" -> "CG", "Bean There Café" -> "BT": what a shop card shows without a logo."""
    words = [w for w in name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


@dataclasses.dataclass
class ProductGroup:
    """A titled row of product cards (a shop section, a home-feed strip)."""

    title: str = ""
    products: list[dict[str, str]] = dataclasses.field(default_factory=list)


MAX_REVIEW_PHOTOS = 4


def review_cards(shown: list, zone: str) -> list[dict[str, str]]:
    """A shop's reviews as the shop page and a product page show them (stars, text, reply, day)."""
    return [{"id": str(r.id), "rating": "★" * r.rating + "☆" * (5 - r.rating), "text": r.text, "reply": r.reply_text,
             "at": local_time.localize(r.created_at, zone).strftime("%d %b %Y")} for r in shown]


def review_pictures(shown: list) -> dict[str, list[str]]:
    """Review id -> its first photos as data URLs, read from disk (call it inside the service read)."""
    return {str(r.id): [src for path in r.photos[:MAX_REVIEW_PHOTOS] if (src := photo_src(path))] for r in shown}
