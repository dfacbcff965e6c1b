"""/api/v1 products (issue 19): a till creates, updates, stocks, prices and archives products
through the catalog's own rules, and syncs up to 500 by SKU in one idempotent, all-or-nothing call."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models import Product


def _product(engine, pid: int) -> Product:
    with Session(engine) as db:
        return db.get(Product, pid)


def test_create_read_update_stock_price_and_archive(api, shop, engine):
    h = shop.key("products:write")
    made = api.post("/api/v1/products", headers=h, json={"name": "Whole milk 1 L", "price_minor": 350,
                                                         "sku": "MILK-1L", "stock": 12})
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    assert made.json()["currency"] == "USD" and made.json()["available"] is True
    assert api.get(f"/api/v1/products/{pid}", headers=h).json()["name"] == "Whole milk 1 L"
    changed = api.patch(f"/api/v1/products/{pid}", headers=h, json={"description": "Fresh from the farm"})
    assert changed.status_code == 200 and changed.json()["description"] == "Fresh from the farm"
    assert api.post(f"/api/v1/products/{pid}/stock", headers=h, json={"stock": 3}).json()["stock"] == 3
    assert api.post(f"/api/v1/products/{pid}/stock", headers=h, json={"stock": None}).json()["stock"] is None
    priced = api.post(f"/api/v1/products/{pid}/price", headers=h, json={"price_minor": 300, "compare_at_minor": 350})
    assert (priced.json()["price_minor"], priced.json()["compare_at_minor"]) == (300, 350)
    assert api.post(f"/api/v1/products/{pid}/archive", headers=h).json()["available"] is False
    p = _product(engine, pid)
    assert (p.price_minor, p.stock, p.available, p.merchant_id) == (300, None, False, shop.merchant)
    listed = api.get("/api/v1/products?limit=1", headers=h).json()
    assert [x["id"] for x in listed["data"]] == [shop.product] and listed["next_cursor"] == str(shop.product)
    rest = api.get(f"/api/v1/products?after={listed['next_cursor']}", headers=h).json()
    assert [x["id"] for x in rest["data"]] == [pid] and rest["next_cursor"] is None


def test_the_catalogs_rules_refuse_in_the_error_shape_and_change_nothing(api, shop, engine):
    h = shop.key("products:write")
    bad = api.post(f"/api/v1/products/{shop.product}/price", headers=h,
                   json={"price_minor": 500, "compare_at_minor": 400})
    assert bad.status_code == 422
    assert bad.json() == {"error": {"code": "invalid", "field": None, "message":
                                    "The compare-at price must be higher than the price (it shows the discount)."}}
    zh = api.post(f"/api/v1/products/{shop.product}/stock", headers={**h, "Accept-Language": "zh-CN"},
                  json={"stock": -1})
    assert zh.status_code == 422 and zh.json()["error"]["field"] == "stock" and "至少" in zh.json()["error"]["message"]
    assert _product(engine, shop.product).price_minor == 1200 and _product(engine, shop.product).stock == 9


def test_wrong_types_bad_json_big_bodies_and_unknown_addresses(api, shop):
    h = shop.key("products:write")
    text_price = api.post("/api/v1/products", headers=h, json={"name": "Tea", "price_minor": "3.50"})
    assert text_price.status_code == 422
    assert text_price.json()["error"] == {"code": "invalid_field", "field": "price_minor",
                                          "message": "This must be a whole number."}
    extra = api.post("/api/v1/products", headers=h, json={"name": "Tea", "price_minor": 1, "colour": "red"})
    assert extra.json()["error"]["field"] == "colour" and extra.status_code == 422
    broken = api.post("/api/v1/products", headers={**h, "content-type": "application/json"}, content=b'{"name": ')
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "malformed_json"
    listed = api.post("/api/v1/products", headers=h, json=[1, 2])
    assert listed.status_code == 422 and listed.json()["error"]["code"] == "invalid_body"
    huge = api.post("/api/v1/products", headers=h, content=b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'"}')
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "body_too_large"
    nowhere = api.get("/api/v1/nothing-here", headers=h)
    assert nowhere.status_code == 404 and nowhere.json()["error"]["code"] == "no_route"
    wrong = api.delete(f"/api/v1/products/{shop.product}", headers=h)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert api.get("/api/v1/products/99999999999", headers=h).status_code == 404
    beyond = api.get("/api/v1/products?after=298895776345", headers=h)  # past every id: an empty page
    assert beyond.status_code == 200 and beyond.json() == {"data": [], "next_cursor": None}


def test_keys_scopes_and_other_shops(api, shop, engine):
    assert api.get("/api/v1/products").json()["error"]["code"] == "missing_key"
    assert api.get("/api/v1/products", headers={"Authorization": "Bearer hub_live_nope"}).status_code == 401
    reader = shop.key("orders:read")
    refused = api.post("/api/v1/products", headers=reader, json={"name": "Tea", "price_minor": 100})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "missing_scope"
    rival = shop.key("products:write", rival=True)
    for call in (lambda: api.get(f"/api/v1/products/{shop.product}", headers=rival),
                 lambda: api.post(f"/api/v1/products/{shop.product}/stock", headers=rival, json={"stock": 0}),
                 lambda: api.patch(f"/api/v1/products/{shop.product}", headers=rival, json={"name": "Mine"})):
        answer = call()
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert api.get(f"/api/v1/products/{shop.other_product}", headers=rival).status_code == 200
    assert _product(engine, shop.product).stock == 9


def test_bulk_upsert_by_sku_is_idempotent_and_all_or_nothing(api, shop, engine):
    h = shop.key("products:write")
    rows = [{"sku": f"SKU-{n}", "name": f"Item {n}", "price_minor": 100 + n, "stock": n} for n in range(3)]
    first = api.post("/api/v1/products/bulk", headers=h, json={"products": rows})
    assert first.status_code == 200 and len(first.json()["created"]) == 3
    again = api.post("/api/v1/products/bulk", headers=h, json={"products": rows})
    assert again.json() == {"created": [], "updated": [], "unchanged": first.json()["created"]}
    rows[1] = {**rows[1], "stock": 50}
    assert api.post("/api/v1/products/bulk", headers=h, json={"products": rows}).json()["updated"] == [
        first.json()["created"][1]]
    bad = [*rows, {"sku": "SKU-9", "name": "Nine", "price_minor": 500, "compare_at_minor": 100},
           {"sku": "SKU-10", "name": "Ten", "price_minor": 1}]
    bad[0] = {**bad[0], "stock": 99}
    refused = api.post("/api/v1/products/bulk", headers=h, json={"products": bad})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "products[3]"
    assert refused.json()["error"]["message"].startswith("Nothing was saved. Row 3:")
    typed = api.post("/api/v1/products/bulk", headers=h, json={"products": [rows[0], {**rows[1], "stock": "7"}]})
    assert typed.status_code == 422 and typed.json()["error"]["field"] == "products[1].stock"
    dup = api.post("/api/v1/products/bulk", headers=h, json={"products": [rows[0], rows[0]]})
    assert dup.status_code == 422 and dup.json()["error"]["field"] == "products[1]"
    too_many = [{"sku": f"S{n}", "name": "x", "price_minor": 1} for n in range(501)]
    over = api.post("/api/v1/products/bulk", headers=h, json={"products": too_many})
    assert over.status_code == 422 and over.json()["error"]["field"] == "products"
    with Session(engine) as db:
        stored = {p.sku: p.stock for p in db.exec(select(Product).where(Product.sku.is_not(None)))}
    assert stored == {"SKU-0": 0, "SKU-1": 50, "SKU-2": 2}  # none of the refused calls wrote anything


def test_an_idempotency_key_repeats_the_answer_and_refuses_another_body(api, shop, engine):
    h = {**shop.key("products:write"), "Idempotency-Key": "create-tea-1"}
    first = api.post("/api/v1/products", headers=h, json={"name": "Tea", "price_minor": 250})
    again = api.post("/api/v1/products", headers=h, json={"name": "Tea", "price_minor": 250})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers.get("idempotent-replayed") == "true"
    other = api.post("/api/v1/products", headers=h, json={"name": "Coffee", "price_minor": 250})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    with Session(engine) as db:
        assert [p.name for p in db.exec(select(Product).where(Product.name.in_(["Tea", "Coffee"])))] == ["Tea"]


def test_a_photo_sent_as_the_body_is_checked_and_stored(api, shop, tmp_path, monkeypatch):
    import io

    from PIL import Image

    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    h = shop.key("products:write")
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(picture, "PNG")
    added = api.post(f"/api/v1/products/{shop.product}/photos", headers={**h, "Content-Type": "image/png"},
                     content=picture.getvalue())
    assert added.status_code == 200, added.text
    [path] = added.json()["photos"]
    assert api.get(f"/api/media/{path}").headers["content-type"] == "image/png"
    fake = api.post(f"/api/v1/products/{shop.product}/photos", headers={**h, "Content-Type": "image/png"},
                    content=b"<html>not a picture</html>")
    assert fake.status_code == 422 and fake.json()["error"]["code"] == "invalid"
    huge = api.post(f"/api/v1/products/{shop.product}/photos", headers=h, content=b"x" * (6 * 1024 * 1024))
    assert huge.status_code == 413
    rival = shop.key("products:write", rival=True)
    assert api.post(f"/api/v1/products/{shop.product}/photos", headers=rival,
                    content=picture.getvalue()).status_code == 404
    assert len(api.get(f"/api/v1/products/{shop.product}", headers=h).json()["photos"]) == 1
