"""A product photo given by its URL (issue 19): fetched from a real HTTP server on this computer
(demo mode allows one), stored as an uploaded photo; a redirect is followed, a missing or oversized
picture and something that is not a picture are refused with nothing stored, and outside demo mode
an address inside our own network is refused before anything is fetched."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from community_hub.core.config import load_settings, override_settings
from community_hub.core.errors import ServiceError
from community_hub.partner_api import photo_urls
from tests.images import picture


class _Pictures(BaseHTTPRequestHandler):
    files: dict[str, tuple[int, bytes, dict[str, str]]] = {}
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's hook
        self.asked.append(self.path)
        status, body, headers = self.files.get(self.path, (404, b"no such picture", {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def pictures(tmp_path, monkeypatch) -> Iterator[str]:
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pictures)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Pictures.asked = []
    _Pictures.files = {
        "/milk.png": (200, picture("png"), {"Content-Type": "image/png"}),
        "/old-milk.png": (302, b"", {"Location": "/milk.png"}),
        "/page.html": (200, b"<html>not a picture</html>", {"Content-Type": "text/html"}),
        "/huge.png": (200, b"x" * (photo_urls.MAX_BYTES + 1), {"Content-Type": "image/png"}),
    }
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


def _from_url(api, shop, headers, url):
    return api.post(f"/api/v1/products/{shop.product}/photos/from-url", headers=headers, json={"url": url})


def test_a_photo_given_by_url_is_fetched_and_stored_like_an_upload(api, shop, pictures):
    h = shop.key("products:write")
    added = _from_url(api, shop, h, f"{pictures}/old-milk.png")  # redirected to /milk.png
    assert added.status_code == 200, added.text
    [path] = added.json()["photos"]
    assert api.get(f"/api/media/{path}").headers["content-type"] == "image/png"
    assert _Pictures.asked == ["/old-milk.png", "/milk.png"]


@pytest.mark.parametrize(("path", "said"), [("/gone.png", "answered 404"), ("/page.html", "file type is not accepted"),
                                            ("/huge.png", "larger than 5 MB")])
def test_a_bad_picture_is_refused_and_nothing_is_stored(api, shop, pictures, path, said):
    h = shop.key("products:write")
    refused = _from_url(api, shop, h, pictures + path)
    assert refused.status_code == 422, refused.text
    assert said in refused.json()["error"]["message"]
    assert api.get(f"/api/v1/products/{shop.product}", headers=h).json()["photos"] == []


def test_another_shops_product_is_not_found_and_a_read_key_may_not(api, shop, pictures):
    rival = _from_url(api, shop, shop.key("products:write", rival=True), f"{pictures}/milk.png")
    assert rival.status_code == 404
    reader = _from_url(api, shop, shop.key("products:read"), f"{pictures}/milk.png")
    assert reader.status_code == 403 and _Pictures.asked == ["/milk.png"]  # scope first: never fetched


def test_outside_demo_mode_only_https_to_the_open_internet(pictures):
    # The production rule, on the settings of a demo: only demo_mode differs.
    override_settings(dataclasses.replace(load_settings({"HUB_DEMO_MODE": "1"}), demo_mode=False))
    try:
        for url, said in [(f"{pictures}/milk.png", "starts with https://"),
                          ("https://127.0.0.1/milk.png", "inside its own network"),
                          ("https://localhost/milk.png", "inside its own network"),
                          ("https://10.1.2.3/milk.png", "inside its own network"),
                          ("ftp://example.com/a.png", "starts with https://")]:
            with pytest.raises(ServiceError, match=said):
                photo_urls.fetch_photo(url)
    finally:
        override_settings(None)
    assert _Pictures.asked == []


def test_a_photo_sent_as_a_multipart_form_is_stored_too(api, shop, tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    h = shop.key("products:write")
    added = api.post(f"/api/v1/products/{shop.product}/photos", headers=h,
                     files={"file": ("milk.jpg", picture("jpeg"), "image/jpeg")})
    assert added.status_code == 200, added.text
    [path] = added.json()["photos"]
    assert api.get(f"/api/media/{path}").headers["content-type"] == "image/jpeg"
    two = api.post(f"/api/v1/products/{shop.product}/photos", headers=h,
                   files={"a": ("a.png", picture("png"), "image/png"), "b": ("b.png", picture("png"), "image/png")})
    assert two.status_code == 422 and two.json()["error"]["field"] == "file"
    broken = api.post(f"/api/v1/products/{shop.product}/photos",
                      headers={**h, "Content-Type": "multipart/form-data"}, content=b"--x\r\n")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "malformed_multipart"
