"""Full-text search over the products and merchants of a community's business circle.

SQLite: FTS5 external-content tables (`product_fts`, `merchant_fts`) kept in sync by triggers.
PostgreSQL: a stored generated column `product.search_tsv` (to_tsvector 'simple' of name and
description) with a GIN index, and a GIN expression index for merchants; PostgreSQL keeps both in
sync itself. Neither object is in the SQLModel metadata (they are database-specific), so Alembic
autogenerate must ignore `search_tsv`, `ix_product_search_tsv`, `ix_merchant_fts` and the FTS tables.
Both use the language-neutral "simple" tokenisation with prefix matching ("tom" finds "tomato"),
so results are the same on both databases. `ensure_search_index(engine)` creates what is missing
and is safe to call on every start-up (after create_all or migrations).

Chinese: neither tokeniser splits words written without spaces, so both also index the row's
`search_cjk` column, its CJK runs as overlapping pairs of characters and its characters one by one
(models/cjk_grams.py). A CJK query word becomes the phrase of its pairs (FTS5 "a b", tsquery
a <-> b): "牛奶" and "全脂" both find "有机全脂牛奶", and nothing where those characters do not stand
together; a single character is looked up as its own token. English is matched exactly
as before; a query may mix both ("有机 milk").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, case, func, literal, literal_column, or_, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.marketplace import kept_reads
from community_hub.marketplace.catalog import ProductFlags, category_subtree_ids, product_flags
from community_hub.marketplace.circle import listed_circle, my_community
from community_hub.models import Community, Merchant, Product
from community_hub.models.cjk_grams import is_cjk, query_grams, split_term

MAX_TERMS = 8
MAX_PAGE_SIZE = 100

_P = "name, description, search_cjk"  # product_fts's columns (same names as product's)
_P_OLD = "old.name, old.description, old.search_cjk"
_P_NEW = "new.name, new.description, new.search_cjk"
_M = "name, category, description, search_cjk"
_M_OLD = "old.name, old.category, old.description, old.search_cjk"
_M_NEW = "new.name, new.category, new.description, new.search_cjk"
# A migration that changes these columns drops the FTS tables and triggers (0011 did) so that these
# statements create them again, filled from the rows.
_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS product_fts USING fts5({_P}, content='product', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS product_fts_ai AFTER INSERT ON product BEGIN "
    f"INSERT INTO product_fts(rowid, {_P}) VALUES (new.id, {_P_NEW}); END",
    "CREATE TRIGGER IF NOT EXISTS product_fts_ad AFTER DELETE ON product BEGIN "
    f"INSERT INTO product_fts(product_fts, rowid, {_P}) VALUES ('delete', old.id, {_P_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS product_fts_au AFTER UPDATE OF {_P} ON product BEGIN "
    f"INSERT INTO product_fts(product_fts, rowid, {_P}) VALUES ('delete', old.id, {_P_OLD}); "
    f"INSERT INTO product_fts(rowid, {_P}) VALUES (new.id, {_P_NEW}); END",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS merchant_fts USING fts5({_M}, content='merchant', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS merchant_fts_ai AFTER INSERT ON merchant BEGIN "
    f"INSERT INTO merchant_fts(rowid, {_M}) VALUES (new.id, {_M_NEW}); END",
    "CREATE TRIGGER IF NOT EXISTS merchant_fts_ad AFTER DELETE ON merchant BEGIN "
    f"INSERT INTO merchant_fts(merchant_fts, rowid, {_M}) VALUES ('delete', old.id, {_M_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS merchant_fts_au AFTER UPDATE OF {_M} ON merchant BEGIN "
    f"INSERT INTO merchant_fts(merchant_fts, rowid, {_M}) VALUES ('delete', old.id, {_M_OLD}); "
    f"INSERT INTO merchant_fts(rowid, {_M}) VALUES (new.id, {_M_NEW}); END",
]

# The query must use exactly these expressions for PostgreSQL to use the GIN indexes.
# The pairs of characters come first: a tsvector keeps positions only up to 16383, and the phrase
# match of a Chinese word needs its pairs' positions exact. They carry weight A and CJK queries ask
# for A: the raw text's words ("牛奶 奶糖") must not be read as pairs of one longer word ("牛奶糖").
_PG_PRODUCT_TSV = ("(setweight(to_tsvector('simple'::regconfig, coalesce(search_cjk, '')), 'A') || "
                   "to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(description, '')))")
_PG_MERCHANT_TSV = ("(setweight(to_tsvector('simple'::regconfig, coalesce(merchant.search_cjk, '')), 'A') || "
                    "to_tsvector('simple'::regconfig, coalesce(merchant.name, '') || ' ' || coalesce(merchant.category, '') "
                    "|| ' ' || coalesce(merchant.description, '')))")
_PG_DDL = [
    # A stored generated column, not only an expression index: search filters the circle's few
    # thousand products by text, and recomputing to_tsvector per row made that 10x slower.
    f"ALTER TABLE product ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS ({_PG_PRODUCT_TSV}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_product_search_tsv ON product USING gin (search_tsv)",
    f"CREATE INDEX IF NOT EXISTS ix_merchant_fts ON merchant USING gin ({_PG_MERCHANT_TSV})",
]


def ensure_search_index(engine: Engine) -> None:
    """Create the full-text index (and on SQLite its sync triggers) if missing; fill it if new."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            have = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name IN ('product_fts', 'merchant_fts')")}
            for ddl in _SQLITE_DDL:
                conn.exec_driver_sql(ddl)
            # A new external-content index starts empty: fill it from the rows already there.
            if "product_fts" not in have:
                conn.exec_driver_sql("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
            if "merchant_fts" not in have:
                conn.exec_driver_sql("INSERT INTO merchant_fts(merchant_fts) VALUES ('rebuild')")
        elif engine.dialect.name == "postgresql":
            for ddl in _PG_DDL:
                conn.exec_driver_sql(ddl)


def _terms(q: str) -> list[str]:
    """The query's words, a CJK run and the letters next to it being two ("a4纸" -> "a4", "纸")."""
    return [part for word in re.findall(r"\w+", q.lower()) for part in split_term(word)][:MAX_TERMS]


def _sqlite_match(terms: list[str]) -> str:
    """FTS5: a word matches as a prefix; a CJK word as the phrase of its pairs (or its one character)
    in `search_cjk` only (the other columns hold whole runs, which a CJK word never equals)."""
    return " ".join(f'search_cjk : "{" ".join(query_grams(t))}"' if is_cjk(t) else f'"{t}"*' for t in terms)


def _pg_query(terms: list[str]) -> str:
    """tsquery: a word matches as a prefix; a CJK word as its pairs side by side (<->), or its one
    character as a token, among the pairs only (weight A)."""
    return " & ".join(f"({' <-> '.join(g + ':A' for g in query_grams(t))})" if is_cjk(t) else f"{t}:*"
                      for t in terms)


@dataclass(frozen=True)
class ProductHit:
    product: Product
    merchant_id: int
    merchant_name: str
    merchant_slug: str
    distance_m: int
    walk_minutes: float
    flags: ProductFlags


@dataclass(frozen=True)
class MerchantHit:
    merchant: Merchant
    distance_m: int
    walk_minutes: float


@dataclass(frozen=True)
class SearchPage:
    products: list[ProductHit]
    merchants: list[MerchantHit]  # shops whose name/category match (first page only)
    total: int  # products matching, across all pages
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


SORTS = ("relevance", "price_asc", "price_desc", "newest")


def search(
    db: Session, community: Community, q: str = "", *, category: str | None = None,
    min_price: int | None = None, max_price: int | None = None, in_stock: bool = False,
    min_rating: float | None = None, sort: str = "relevance", page: int = 1, page_size: int = 20,
) -> SearchPage:
    """Products (and shops) in the community's circle matching `q` and the filters, one page.

    Prices are minor units; `category` is a category slug and includes its sub-categories;
    `min_rating` filters by the shop's derived rating. Only products for sale are found.
    """
    if sort not in SORTS:
        raise ServiceError(phrase("Sort by one of: {sorts}.", sorts=", ".join(SORTS)))
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ServiceError(phrase("Pages start at 1 and hold 1 to {most} results.", most=MAX_PAGE_SIZE))
    if min_price is not None and max_price is not None and min_price > max_price:
        raise ServiceError(phrase("The lowest price is above the highest price."))
    circle = [c for c in listed_circle(db, community)
              if min_rating is None or c.merchant.rating_avg >= min_rating]
    by_id = {c.merchant.id: c for c in circle}
    terms = _terms(q)
    empty = SearchPage([], [], 0, page, page_size)
    if not by_id:
        return empty
    sqlite = db.get_bind().dialect.name == "sqlite"

    conds = [Product.merchant_id.in_(list(by_id)), Product.available, Product.abnormal.is_(False), Product.live]
    if category:
        cat_ids = category_subtree_ids(db, category)
        if not cat_ids:
            return empty
        conds.append(Product.category_id.in_(cat_ids))
    if min_price is not None:
        conds.append(Product.price_minor >= min_price)
    if max_price is not None:
        conds.append(Product.price_minor <= max_price)
    if in_stock:
        conds.append(or_(Product.stock.is_(None), Product.stock > 0))

    if terms:
        page_ids, total = _ranked_ids(db, conds, terms, sort, page, page_size, sqlite)
        found = {p.id: p for p in db.exec(select(Product).where(Product.id.in_(page_ids)))} if page_ids else {}
        rows = [found[i] for i in page_ids]
    else:
        order = {
            "price_asc": [Product.price_minor, Product.id],
            "price_desc": [Product.price_minor.desc(), Product.id],
            "newest": [Product.created_at.desc(), Product.id.desc()],
            "relevance": [Product.sold_count.desc(), Product.id],  # browsing: best sellers first
        }[sort]
        total = db.exec(select(func.count()).select_from(Product).where(*conds)).one()
        rows = db.exec(select(Product).where(*conds).order_by(*order)
                       .offset((page - 1) * page_size).limit(page_size)).all()
    hits = []
    for p in rows:
        c = by_id[p.merchant_id]
        hits.append(ProductHit(p, c.merchant.id, c.merchant.name, c.merchant.slug, c.distance_m,
                               c.walk_minutes, product_flags(p)))
    merchants = _merchant_hits(db, terms, by_id, sqlite) if terms and page == 1 else []
    return SearchPage(hits, merchants, total, page, page_size)


# Punctuation that separates words in a product name ("Eggs (12)", "Wash & fold"): read as spaces,
# so a LIKE on the space-padded name finds whole words and word starts on both databases.
_SEPARATORS = "()[]{},.;:!?/&+-*'\"#%"


def _score(terms: list[str]) -> tuple:
    """The relevance score, computed by the database (the same expression on both): a term that is
    a whole word of the name counts 3, the start of a word of the name 2; matches only in the
    description count 0 (they still match). Chinese has no word starts to see: a CJK term anywhere
    in the name counts 2, standing alone between spaces 3. Only one page of rows ever leaves the
    database.

    Returns the expression and the values of its parameters. The expression depends only on which
    terms are CJK, so it is built once per such shape: building it (22 nested replaces) and its
    cache key took about 1 ms per search (docs/PROFILE.md, eighth round); a reused expression
    keeps its cache key."""
    cjk = tuple(is_cjk(t) for t in terms)
    params = {}
    for i, (t, chinese) in enumerate(zip(terms, cjk, strict=True)):
        safe = t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"score_whole_{i}"] = f"% {safe} %"
        if chinese:
            params[f"score_anywhere_{i}"] = f"%{safe}%"
        else:
            params[f"score_start_{i}"] = f"% {safe}%"
    return _score_expression(cjk), params


@lru_cache(maxsize=256)
def _score_expression(cjk: tuple[bool, ...]):
    words = func.lower(Product.name)
    for ch in _SEPARATORS:
        words = func.replace(words, ch, " ")
    padded = literal(" ") + words + literal(" ")
    score = literal(0)
    for i, is_cjk_term in enumerate(cjk):
        whole = padded.like(bindparam(f"score_whole_{i}"), escape="\\")
        if is_cjk_term:
            # The plain name first: most names a CJK term matches do not hold it alone, and a
            # single character can match half the circle; the separators are replaced only then.
            score = score + case((func.lower(Product.name).like(bindparam(f"score_anywhere_{i}"), escape="\\"),
                                  case((whole, 3), else_=2)), else_=0)
        else:
            score = score + case((whole, 3), (padded.like(bindparam(f"score_start_{i}"), escape="\\"), 2), else_=0)
    return score.desc()


def _ranked_ids(db: Session, conds: list, terms: list[str], sort: str, page: int, page_size: int,
                sqlite: bool) -> tuple[list[int], int]:
    """Ids of one page of full-text matches, and the total.

    The circle's products (found through the merchant_id index, a few thousand at most) are checked
    against the text match, rather than every text match in the city being joined to the circle:
    a common word matches tens of thousands of products, the circle holds far fewer. Every sort,
    relevance included (`_score`), is done by the database, which returns one page and the total.
    """
    if sqlite:
        # "+" keeps SQLite from driving the query from the primary key: it uses the merchant index
        # and tests each row against the (once-computed) set of matching rowids.
        match = text("+product.id IN (SELECT rowid FROM product_fts WHERE product_fts MATCH :q)").bindparams(
            q=_sqlite_match(terms))
    else:
        match = literal_column("product.search_tsv").op("@@")(
            func.to_tsquery(literal_column("'simple'::regconfig"), _pg_query(terms)))
    conn = db.connection()  # plain rows: no ORM objects for what is only sorted and counted
    start = (page - 1) * page_size
    if sort != "relevance":
        order = {"price_asc": [Product.price_minor, Product.id],
                 "price_desc": [Product.price_minor.desc(), Product.id],
                 "newest": [Product.created_at.desc(), Product.id.desc()]}[sort]
        rows = conn.execute(select(Product.id, func.count().over()).where(*conds, match)
                            .order_by(*order).offset(start).limit(page_size)).all()
        if rows or page == 1:
            return [r[0] for r in rows], rows[0][1] if rows else 0
        return [], conn.execute(select(func.count()).select_from(Product).where(*conds, match)).scalar_one()
    score, score_params = _score(terms)
    rows = conn.execute(select(Product.id, func.count().over()).where(*conds, match)
                        .order_by(score, Product.sold_count.desc(), Product.id)
                        .offset(start).limit(page_size), score_params).all()
    if rows or page == 1:
        return [r[0] for r in rows], rows[0][1] if rows else 0
    return [], conn.execute(select(func.count()).select_from(Product).where(*conds, match)).scalar_one()


def _merchant_hits(db: Session, terms: list[str], by_id: dict, sqlite: bool) -> list[MerchantHit]:
    ids = list(by_id)
    if sqlite:
        match = text("+merchant.id IN (SELECT rowid FROM merchant_fts WHERE merchant_fts MATCH :q)").bindparams(
            q=_sqlite_match(terms))
        matched = list(db.exec(select(Merchant.id).where(Merchant.id.in_(ids), match)))
    else:
        tsq = func.to_tsquery(literal_column("'simple'::regconfig"), _pg_query(terms))
        matched = list(db.exec(
            select(Merchant.id).where(Merchant.id.in_(ids), literal_column(_PG_MERCHANT_TSV).op("@@")(tsq))
        ))
    return sorted((MerchantHit(by_id[i].merchant, by_id[i].distance_m, by_id[i].walk_minutes) for i in matched),
                  key=lambda h: h.distance_m)


def my_search(db: Session, actor: Actor, q: str = "", **filters) -> SearchPage:
    """search.search over the resident's own circle (same filters and paging). The same answer
    for every resident of the community who asks the same: kept a few seconds
    (marketplace/kept_reads.py), so read it, never change it."""
    community = my_community(db, actor)
    key = ("search", community.id, q, tuple(sorted(filters.items())))
    return kept_reads.kept(db, key, lambda own: search(own, community, q, **filters))
