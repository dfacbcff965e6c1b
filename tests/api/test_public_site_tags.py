"""The tags a public page's HTML gets (api/public_site.py): the owner's words are escaped, the old
title and description give way, the canonical URL and Open Graph tags follow the host asked."""

from __future__ import annotations

from community_hub.api.public_site import head_tags, inject
from community_hub.site.seo import PageMeta


def test_tags_escape_the_owners_words_and_replace_the_pages_own_title():
    meta = PageMeta('Tom "&" <Jerry>', "Cheese & more", "cheese, mice", "/shop/tom", "website", "/api/media/x.png")
    tags = head_tags(meta, "https://corner.example.org")
    assert "<title>Tom &quot;&amp;&quot; &lt;Jerry&gt;</title>" in tags
    assert '<link rel="canonical" href="https://corner.example.org/shop/tom">' in tags
    assert '<meta name="keywords" content="cheese, mice">' in tags
    assert '<meta property="og:image" content="https://corner.example.org/api/media/x.png">' in tags
    page = b'<html><head><title>Shop</title><meta name="description" content="old"></head><body></body></html>'
    out = inject(page, tags)
    assert b"<title>Shop</title>" not in out and b'content="old"' not in out
    assert out.count(b"<title>") == 1 and out.endswith(b"</head><body></body></html>")
    assert inject(b"not html", tags) == b"not html"


def test_no_keywords_or_picture_no_empty_tags():
    tags = head_tags(PageMeta("Maple Court", "Homes.", "", "/c/maple-court", "website"), "http://localhost:3000")
    assert "keywords" not in tags and "og:image" not in tags
