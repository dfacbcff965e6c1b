"""Search finds Chinese words inside Chinese text (written without spaces), on SQLite and PostgreSQL."""

from __future__ import annotations

from community_hub.marketplace import catalog, search, shop_settings
from community_hub.models import Product
from community_hub.models.cjk_grams import search_grams
from tests import factories as f


def _names(page) -> list[str]:
    return [h.product.name for h in page.products]


def _stock_shelf(s, w) -> dict[str, int]:
    mk = lambda name, **kw: catalog.create_product(s, w.merchant, w.shop.id, name=name, price_minor=500, **kw)  # noqa: E731
    made = [
        mk("有机全脂牛奶 1升", description="Organic whole milk from a local farm"),
        mk("低脂酸奶", description="plain yoghurt"),
        mk("全麦面包", description="早餐好搭档，配牛奶更香"),  # 牛奶 only in the description
        mk("牛奶", description="鲜牛奶 one litre"),  # the word is the whole name
        mk("Whole milk 1 L"),
        mk("脂肪全无 无糖可乐"),  # 全 and 脂 both here, never side by side as 全脂
    ]
    return {p.name: p.id for p in made}


def test_a_two_character_word_finds_the_product_it_stands_in(world, tx, db):
    with tx() as s:
        _stock_shelf(s, world)
    c = world.community
    assert set(_names(search.search(db, c, "牛奶"))) == {"有机全脂牛奶 1升", "全麦面包", "牛奶"}
    # A word in the middle of the name; a longer run; a single character.
    assert _names(search.search(db, c, "全脂")) == ["有机全脂牛奶 1升"]
    assert _names(search.search(db, c, "机全脂牛")) == ["有机全脂牛奶 1升"]
    assert set(_names(search.search(db, c, "奶"))) == {"有机全脂牛奶 1升", "低脂酸奶", "全麦面包", "牛奶"}


def test_characters_that_do_not_stand_together_do_not_match(world, tx, db):
    with tx() as s:
        _stock_shelf(s, world)
    c = world.community
    for q in ("脂全", "奶牛", "全无脂", "牛奶糖", "鸡蛋"):
        assert search.search(db, c, q).total == 0, q
    # The end of one word and the start of the next, across a space, are not a word.
    assert search.search(db, c, "奶升").total == 0


def test_two_words_side_by_side_are_not_one_longer_word(world, tx, db):
    with tx() as s:
        catalog.create_product(s, world.merchant, world.shop.id, name="牛奶 奶糖", price_minor=500)
    c = world.community
    assert search.search(db, c, "牛奶").total == search.search(db, c, "奶糖").total == 1
    assert search.search(db, c, "牛奶糖").total == 0


def test_chinese_and_english_words_mix_in_one_query(world, tx, db):
    with tx() as s:
        _stock_shelf(s, world)
    c = world.community
    assert _names(search.search(db, c, "有机 milk")) == ["有机全脂牛奶 1升"]
    assert _names(search.search(db, c, "牛奶 litre")) == ["牛奶"]
    assert search.search(db, c, "有机 bread").total == 0
    # English on its own is found as before, prefix and all.
    assert set(_names(search.search(db, c, "mil"))) == {"有机全脂牛奶 1升", "Whole milk 1 L"}


def test_chinese_results_rank_the_name_above_the_description(world, tx, db):
    with tx() as s:
        ids = _stock_shelf(s, world)
        # The best seller only mentions milk in its description: it still comes after the names.
        f.change(s, Product, ids["全麦面包"], sold_count=99)
    page = search.search(db, world.community, "牛奶")
    assert _names(page) == ["牛奶", "有机全脂牛奶 1升", "全麦面包"]
    assert page.total == 3


def test_renamed_products_and_chinese_shop_names_are_found(world, tx, db):
    with tx() as s:
        ids = _stock_shelf(s, world)
        catalog.update_product(s, world.merchant, ids["Whole milk 1 L"], name="鲜榨橙汁")
        shop_settings.update_shop(s, world.merchant, world.shop.id, name="好邻居超市")
    c = world.community
    assert _names(search.search(db, c, "橙汁")) == ["鲜榨橙汁"]
    assert search.search(db, c, "whole").total == 1  # the old English name no longer matches
    assert [m.merchant.name for m in search.search(db, c, "邻居").merchants] == ["好邻居超市"]
    assert search.search(db, c, "邻超").merchants == []


def test_chinese_text_is_stored_as_overlapping_pairs():
    assert search_grams("有机全脂牛奶 1升", "Organic") == "有机 机全 全脂 脂牛 牛奶 有 机 全 脂 牛 奶 升"
    assert search_grams("Whole milk", "") == ""  # English rows store nothing extra
