"""Production maps: with HUB_MAP_TILE_URL set, the circle's map draws that server's tiles with the
credit HUB_MAP_ATTRIBUTION names, instead of the bundled demo basemap. The tile server here is a
small local one, so the test needs no internet either."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page

TILE_PATH = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)\.png$")


def _tile_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 240)).save(out, "PNG")
    return out.getvalue()


class _Tiles(BaseHTTPRequestHandler):
    png = _tile_png()
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        if not TILE_PATH.match(self.path):
            self.send_error(404)
            return
        _Tiles.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.png)))
        self.end_headers()
        self.wfile.write(self.png)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def tile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def app_env_extra(tile_server) -> dict[str, str]:
    return {"HUB_MAP_TILE_URL": tile_server + "/tiles/{z}/{x}/{y}.png",
            "HUB_MAP_ATTRIBUTION": "Tiles from the test tile server"}


def test_the_circle_map_draws_the_configured_tiles_with_their_credit(page: Page, base_url: str):
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/shop")
    the_map = page.locator("#circle-map")
    expect(the_map).to_have_attribute("data-basemap", "tiles")
    expect(the_map.locator("img.leaflet-tile-loaded").first).to_be_visible()
    expect(the_map.locator(".leaflet-control-attribution")).to_contain_text("Tiles from the test tile server")
    expect(the_map.get_by_text("Maple Ave")).to_have_count(0)  # no bundled basemap under the tiles
    expect(the_map.get_by_role("button", name=re.compile("Corner Grocer"))).to_be_visible()
    assert _Tiles.asked and all(TILE_PATH.match(p) for p in _Tiles.asked)
