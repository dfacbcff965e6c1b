"""Where a page's map takes its streets from: the configured tile server (HUB_MAP_TILE_URL and its
credit HUB_MAP_ATTRIBUTION), or "" for the bundled basemap of the demo area. Read at run time, so
one build serves a demo without internet and a deployment with real tiles."""

from __future__ import annotations

import reflex as rx

from community_hub.core.config import settings


class MapSourceState(rx.State):
    tile_url: str = ""
    attribution: str = ""

    @rx.event
    def load(self):
        s = settings()
        self.tile_url = s.map_tile_url or ""
        self.attribution = s.map_attribution
