"""Both languages complete: every string the code marks for translation has its Chinese, the
catalog keeps nothing the code no longer uses, and placeholders match. (`./hub i18n` brings the
catalog in step; a translator fills the empty msgstr lines.)"""

from __future__ import annotations

import re

import pytest

from community_hub import i18n_catalog
from community_hub.core import i18n

_PLACEHOLDERS = re.compile(r"\{(\w+)\}")


def test_every_marked_string_has_chinese_and_the_catalog_is_not_stale():
    marked = i18n_catalog.marked()
    catalog = i18n_catalog.load()
    missing = sorted(f"{text!r} ({marked[text][0]})" for text in marked
                     if text not in catalog or not catalog[text].string or catalog[text].fuzzy)
    assert not missing, f"{len(missing)} strings have no Chinese (run ./hub i18n, then translate): {missing[:20]}"
    stale = sorted(set(catalog) - set(marked))
    assert not stale, f"the catalog keeps strings nothing uses (run ./hub i18n): {stale[:20]}"
    fstrings = i18n_catalog.untranslatable()
    assert not fstrings, f"messages written as f-strings cannot be translated (use phrase): {fstrings[:20]}"
    wrong = [text for text, m in catalog.items()
             if set(_PLACEHOLDERS.findall(text)) != set(_PLACEHOLDERS.findall(m.string))]
    assert not wrong, f"placeholders differ between English and Chinese: {wrong[:10]}"


@pytest.mark.parametrize("header, lang", [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9", "en"), ("fr-FR, zh-TW;q=0.5", "zh"),
    ("en;q=0.4, zh;q=0.9", "zh"), ("", "en"), ("de", "en"), ("garbage;;q=x", "en"),
])
def test_the_browser_language_picks_ours(header, lang):
    assert i18n.from_accept_language(header) == lang


def test_translate_fills_placeholders_in_either_language():
    assert i18n.translate("zh", "Orders") == "订单"
    assert i18n.translate("en", "Orders") == "Orders"
    assert i18n.translate("zh", "Not in the catalog {n}", n=3) == "Not in the catalog 3"
    assert i18n.known("zh-Hans") == "zh" and i18n.known("EN") == "en" and i18n.known(None) == "en"


def test_a_message_with_values_reads_as_english_and_shows_in_either_language():
    m = i18n.phrase("Orders")
    assert m == "Orders" and i18n.localized("zh", m) == "订单"
    inner = i18n.phrase("Orders")
    outer = i18n.Text("{what}: {n}", what=inner, n=3)  # a Text value is translated, a number is not
    assert outer == "Orders: 3" and i18n.localized("zh", outer) == "订单: 3"
    assert i18n.localized("zh", "Log out") == "退出登录"  # a plain sentence is looked up whole
