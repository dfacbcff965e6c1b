"""A map: Leaflet through react-leaflet (maintained, MIT), wrapped once in assets/hub_map.js.

    hub_map(lat=..., lon=..., radius_m=..., markers=[{"id", "name", "lat", "lon", "kind", "minutes"}],
            tile_url=MapSourceState.tile_url, attribution=MapSourceState.attribution,
            on_open_shop=State.open_shop)                         # a shop marker was tapped (its id)
    hub_map(..., picking=True, on_pick=State.pick)                # a tap on the map: (lat, lon)

`kind` is "home" (the community), "shop" (a tappable button opening the shop) or "pick" (the
place being chosen). Every marker shows its name. Without a tile URL the map draws the bundled
basemap of the demo area (assets/maps/demo-area.geojson), so nothing is fetched from the internet.

The packages come from the npm registry at build time; the component renders in the browser only
(Leaflet needs `window`), so it is a NoSSRComponent.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import passthrough_event_spec

BASEMAP_URL = "/maps/demo-area.geojson"


class HubMap(rx.NoSSRComponent):
    library = "$/public/hub_map.js"
    tag = "HubMap"
    lib_dependencies: list[str] = ["react-leaflet@5.0.0", "leaflet@1.9.4"]

    lat: rx.Var[float]
    lon: rx.Var[float]
    radius_m: rx.Var[float]
    markers: rx.Var[list[dict[str, str]]]
    tile_url: rx.Var[str]
    attribution: rx.Var[str]
    basemap_url: rx.Var[str]
    picking: rx.Var[bool]
    label: rx.Var[str]
    on_open_shop: rx.EventHandler[passthrough_event_spec(str)]
    on_pick: rx.EventHandler[passthrough_event_spec(float, float)]


def hub_map(**props) -> rx.Component:
    props.setdefault("basemap_url", BASEMAP_URL)
    return HubMap.create(**props)
