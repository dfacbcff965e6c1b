"""Reflex's upload route reads a body before any handler checks who is sending it: a request
larger than the ceiling is refused at the door, declared or not."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from community_hub.api.upload_limit import limit_upload_size

read = []


async def _upload(request):
    body = await request.body()
    read.append(len(body))
    return PlainTextResponse(f"read {len(body)}")


def _client(limit: int) -> TestClient:
    inner = Starlette(routes=[Route("/_upload", _upload, methods=["POST"]), Route("/other", _upload, methods=["POST"])])
    return TestClient(limit_upload_size(inner, max_bytes=limit))


def test_a_body_over_the_ceiling_is_refused_before_it_is_read():
    read.clear()
    http = _client(1000)
    assert http.post("/_upload", content=b"x" * 999).text == "read 999"
    big = http.post("/_upload", content=b"x" * 5000)
    assert big.status_code == 413 and "too large" in big.json()["detail"]
    assert read == [999]  # the handler never saw the large one


def test_a_body_without_a_length_is_stopped_when_it_passes_the_ceiling():
    read.clear()
    http = _client(1000)

    def chunks():
        for _ in range(10):
            yield b"y" * 400

    resp = http.post("/_upload", content=chunks())
    assert resp.status_code == 413
    assert read == []


def test_other_routes_are_not_limited():
    http = _client(10)
    assert http.post("/other", content=b"z" * 100).text == "read 100"
