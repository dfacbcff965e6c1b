"""The home feed of a community, kept a few seconds in this process.

Every resident of a community sees the same featured lists, and the home page is the page most
opened: building the feed is a dozen queries (about 9 ms), which the load bench showed as the
largest single read of the resident mix. A feed is kept for FRESH_S seconds per community, and
dropped at once when this process writes anything that changes it (a product, a shop, a home list
or its items, a promotion), so a person who just changed one sees the change. A write made by
another worker shows within FRESH_S; a sale that takes the last item (a guarded stock update,
which the listener does not see) shows as sold out within FRESH_S too, and checkout refuses the
item anyway.

The rows kept are read-only Product objects of a closed session: callers read their columns and
never change or lazy-load through them.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from community_hub.core.permissions import Actor
from community_hub.marketplace.catalog.home_feed import HomeFeed, home_feed
from community_hub.marketplace.circle import my_community
from community_hub.models import Community, Merchant, Product
from community_hub.models.promotions import HomeList, HomeListItem, Promotion

FRESH_S = 5.0
_WATCHED = (Product, Merchant, HomeList, HomeListItem, Promotion, Community)

_lock = threading.Lock()
_kept: dict[tuple[str, int], tuple[float, int, HomeFeed]] = {}  # (database, community)
_generation = 0


def cached_home_feed(db: Session, community: Community) -> HomeFeed:
    """The community's home feed, as `home_feed` builds it, at most FRESH_S seconds old."""
    now, key = time.monotonic(), (str(db.get_bind().url), community.id)
    with _lock:
        kept, generation = _kept.get(key), _generation
    if kept is not None and kept[1] == generation and now - kept[0] < FRESH_S:
        return kept[2]
    feed = home_feed(db, community)
    with _lock:
        if generation == _generation:  # nothing was written while it was built
            _kept[key] = (now, generation, feed)
    return feed


def my_home_feed(db: Session, actor: Actor) -> HomeFeed:
    """The resident's community's feed, kept a few seconds."""
    return cached_home_feed(db, my_community(db, actor))


def forget() -> None:
    """Drop every kept feed (a write that changes what feeds show)."""
    global _generation
    with _lock:
        _generation += 1
        _kept.clear()


def _after_flush(session: OrmSession, _context) -> None:
    if any(isinstance(obj, _WATCHED) for group in (session.new, session.dirty, session.deleted) for obj in group):
        forget()


sa_event.listen(OrmSession, "after_flush", _after_flush)
