"""A product card's row is made once per product object (the kept answers of the home page, a
shop page and a search are shown to every resident for a few seconds) and each caller gets its
own copy: what a page does to its rows never reaches another page's."""

from __future__ import annotations

from community_hub.models import Product
from state.resident.shop_rows import product_row


def _product(stock: int = 3) -> Product:
    return Product(id=7, merchant_id=1, name="Oat milk", price_minor=350, currency="USD", stock=stock,
                   low_stock_threshold=5)


def test_the_same_product_gives_the_same_card_as_a_copy_of_its_own():
    p = _product()
    first = product_row(p, "Corner Grocer", "corner-grocer", lang="en")
    first["fav"] = "changed by one page"
    again = product_row(p, "Corner Grocer", "corner-grocer", lang="en")
    assert again["fav"] == "" and again["name"] == "Oat milk" and again["stock"] == "Only 3 left"
    assert again is not product_row(p, "Corner Grocer", "corner-grocer", lang="en")


def test_the_card_follows_the_reader_and_the_product_it_was_made_from():
    p = _product()
    assert product_row(p, favourite=True, lang="en")["fav"] == "1"
    assert product_row(p, favourite=False, lang="en")["fav"] == ""
    assert product_row(p, lang="zh")["stock"] != product_row(p, lang="en")["stock"]
    sold_out = _product(stock=0)  # a newer answer is a new object: its own card
    assert product_row(sold_out, lang="en")["sold_out"] == "1"
    assert product_row(p, lang="en")["sold_out"] == ""
