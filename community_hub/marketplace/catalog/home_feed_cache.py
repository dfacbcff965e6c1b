"""The resident's home feed, kept a few seconds per community (marketplace/kept_reads.py): every
resident of a community sees the same lists, and building them is a dozen queries (8.8 ms)."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.permissions import Actor
from community_hub.marketplace import kept_reads
from community_hub.marketplace.catalog.home_feed import HomeFeed, home_feed
from community_hub.marketplace.circle import my_community
from community_hub.models import Community


def cached_home_feed(db: Session, community: Community) -> HomeFeed:
    """The community's home feed, as `home_feed` builds it, at most kept_reads.FRESH_S old."""
    return kept_reads.kept(db, ("home_feed", community.id), lambda own: home_feed(own, community))


def my_home_feed(db: Session, actor: Actor) -> HomeFeed:
    """The resident's community's feed, kept a few seconds."""
    return cached_home_feed(db, my_community(db, actor))
