"""The reads every resident of a community shares, kept a few seconds in this process
(core/kept_reads.py): the community itself, the business circle (which shops are within the
walk), the home feed and the home's running campaigns are the same for every resident of a
community, and the home and search pages read them on every open; a shop's page (its details,
hours, sections, products and latest reviews) is the same for everyone who opens it, and so is a
search's answer for everyone of a community who asks the same words with the same filters.

They are dropped at once when this process writes a product, a shop, its hours or sections, a
review, a category, a home list or its items, a promotion or its items, or a community. A write
by another worker shows within FRESH_S; so does a sale that takes the last item (a guarded stock
update, which the listener does not see), and checkout refuses the item anyway.
"""

from __future__ import annotations

from community_hub.core.kept_reads import KeptReads
from community_hub.models import Community, Merchant, Product
from community_hub.models.catalog import Category, MerchantHours, MerchantSection
from community_hub.models.promotions import HomeList, HomeListItem, Promotion, PromotionItem
from community_hub.models.reviews import Review

FRESH_S = 5.0
_KEPT = KeptReads((Product, Merchant, MerchantHours, MerchantSection, Review, Category, HomeList, HomeListItem,
                   Promotion, PromotionItem, Community), FRESH_S)
kept, forget, keys = _KEPT.kept, _KEPT.forget, _KEPT.keys
