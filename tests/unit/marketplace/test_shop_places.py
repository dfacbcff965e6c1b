"""A shop's place on a map: where the picker opens, a tapped point read safely, which community a
place serves; and the bundled basemap of the demo area is the one its generator draws."""

from __future__ import annotations

import json

import pytest

from community_hub.core.errors import NotLoggedIn, ServiceError
from community_hub.core.geo import offset
from community_hub.core.permissions import ANONYMOUS
from community_hub.marketplace import shop_places
from community_hub.seed import CENTER, MERCHANTS, basemap
from tests import factories as f


def test_the_picker_opens_on_my_community_or_the_first_one(world, tx, db):
    with tx() as s:
        f.community(s, lat=51.5, lon=-0.12)
        stranger = f.actor(s, f.user(s))
    mine = shop_places.picker_area(db, world.resident)
    assert (mine.slug, mine.lat, mine.lon, mine.radius_m) == (world.community.slug, 40.0, -75.0, 800)
    assert shop_places.picker_area(db, stranger).slug == world.community.slug  # no community: the first
    with pytest.raises(NotLoggedIn):
        shop_places.picker_area(db, ANONYMOUS)


@pytest.mark.parametrize("lat, lon", [("north", "1"), (None, 2), (float("nan"), 1), (91, 0), (0, 181),
                                      (float("inf"), 0)])
def test_a_tapped_place_must_be_a_place(lat, lon):
    with pytest.raises(ServiceError, match="Tap the map"):
        shop_places.read_place(lat, lon)


def test_a_tapped_place_is_kept_to_a_tenth_of_a_metre():
    assert shop_places.read_place("40.74110049", -73.98970051) == (40.7411, -73.989701)


def test_the_admin_sees_how_far_a_place_is_from_the_nearest_community(world, tx, db):
    with tx() as s:
        f.community(s, lat=51.5, lon=-0.12)
    near = shop_places.nearest_community(db, world.admin, *offset(40.0, -75.0, 300, 400))
    assert (near.area.slug, near.distance_m, near.inside) == (world.community.slug, 500, True)
    far = shop_places.nearest_community(db, world.admin, *offset(40.0, -75.0, 0, 900))
    assert (far.distance_m, far.inside) == (900, False)


def test_the_bundled_basemap_is_drawn_around_the_demo_shops():
    assert json.loads(basemap.ASSET.read_text(encoding="utf-8")) == basemap.build(), \
        "assets/maps/demo-area.geojson is stale: run python -m community_hub.seed.basemap"
    points = [p for feat in basemap.build()["features"] if feat["geometry"]["type"] == "Polygon"
              for p in feat["geometry"]["coordinates"][0]]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    for _slug, _name, _category, east, north in MERCHANTS:
        if abs(east) <= 800 and abs(north) <= 800:  # the circle's shops are on the map
            lat, lon = offset(*CENTER, north, east)
            assert min(lats) < lat < max(lats) and min(lons) < lon < max(lons)
