"""What every /api/v1 call goes through (issue 19): a rate per key (429 with Retry-After), keys
revoked or rotated, and a line on the key's log for every call whatever its answer."""

from __future__ import annotations

from community_hub.core.db import session_scope
from community_hub.partner_api import keys


def test_a_key_over_its_rate_gets_429_with_retry_after_and_other_keys_do_not(api, shop, monkeypatch):
    monkeypatch.setenv("HUB_API_REQUESTS_PER_MINUTE", "3")
    h, other = shop.key("products:read"), shop.key("products:read")
    answers = [api.get("/api/v1/products", headers=h) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
    assert answers[0].headers["ratelimit-limit"] == "3"
    over = api.get("/api/v1/products", headers=h)
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(over.headers["retry-after"]) <= 60
    assert api.get("/api/v1/products", headers=other).status_code == 200


def test_every_call_is_logged_on_its_key_and_revoking_stops_it(api, shop, engine):
    h = shop.key("products:read")
    secret = h["Authorization"].split()[1]
    api.get("/api/v1/products", headers=h)
    api.get(f"/api/v1/products/{shop.other_product}", headers=h)
    api.post("/api/v1/products", headers=h, json={})
    with session_scope(engine) as db:
        key_id = keys.authenticate(db, secret).key_id
        logged = [(c.method, c.route, c.status) for c in keys.key_calls(db, shop.owner, key_id)]
    assert logged == [("POST", "/api/v1/products", 403), ("GET", "/api/v1/products/{product_id}", 404),
                      ("GET", "/api/v1/products", 200)]
    with session_scope(engine) as db:
        keys.revoke_key(db, shop.owner, key_id)
    gone = api.get("/api/v1/products", headers=h)
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "key_revoked"


def test_a_rotated_key_works_through_its_grace_period(api, shop, engine):
    h = shop.key("products:read")
    with session_scope(engine) as db:
        old = keys.authenticate(db, h["Authorization"].split()[1])
        new = keys.rotate_key(db, shop.owner, old.key_id, 24)
    assert api.get("/api/v1/products", headers=h).status_code == 200
    assert api.get("/api/v1/products", headers={"Authorization": f"Bearer {new.secret}"}).status_code == 200
