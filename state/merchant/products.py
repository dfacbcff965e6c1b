"""Merchant: products and services — list, create/edit with photos, stock, show/hide, CSV in and out."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import plain_amount
from community_hub.marketplace import catalog, product_photos
from community_hub.marketplace.catalog import product_review
from community_hub.marketplace.made_to_order import terms as made_to_order
from state.merchant.common import money, shop_id, whole_number
from state.property.photos import read_uploads
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

PAGE_SIZE = 15
EMPTY_FORM = {"name": "", "description": "", "price": "", "compare_at": "", "stock": "", "unlimited": "",
              "threshold": "5", "sku": "", "barcode": "", "category": "", "available": "1",
              "made_to_order": "", "deposit": ""}
# How the editor names each field in the summary of what to fix.
FIELD_NAMES = {"name": phrase("Product name"), "description": phrase("Description"), "price": phrase("Price"),
               "compare_at": phrase("Compare-at price"), "stock": phrase("Stock"), "threshold": phrase("Alert level"),
               "sku": phrase("SKU"), "barcode": phrase("Barcode"), "category": phrase("Category"),
               "photos": phrase("Photos"), "options": phrase("Options"), "deposit": phrase("Deposit (%)")}
MEDIA = "/api/media/"


def _decimal(minor: int | None) -> str:
    return "" if minor is None else plain_amount(minor, "USD")


def _products(db, actor):
    """The shop's products, each with what the merchant last asked for (a waiting or refused edit is
    what the editor shows: catalog/product_review), and the category tree."""
    found = catalog.merchant_products(db, actor, shop_id(actor))
    return [(p, product_review.proposed(db, p)) for p in found], catalog.category_tree(db)


REVIEW_LABELS = {"pending": phrase("Waiting for review"), "rejected": phrase("Not approved")}


def _category_choices(nodes, trail: str = "") -> list[dict[str, str]]:
    """The category tree flattened for a select: "Food › Bakery"."""
    out = []
    for n in nodes:
        label = f"{trail} › {n.name}" if trail else n.name
        out.append({"id": str(n.id), "label": label})
        out.extend(_category_choices(n.children, label))
    return out


def _option_text(group: str, value: str, delta: int) -> str:
    return f"{group}: {value}" + (f" {'+' if delta >= 0 else '-'}{money(abs(delta))}" if delta else "")


def _options(db, actor, product_id: int):
    return catalog.product_options(db, product_id)


def _save(db, actor, editing_id: int, f: dict, photos: list[str], new_options: list[dict[str, str]]):
    """Create or update the product with its stock, visibility and new options, in one transaction;
    the result names every field that is wrong."""
    return catalog.save_product_form(db, actor, shop_id(actor), None if editing_id == -1 else editing_id, f,
                                     photos, new_options)


def _deposit_rule(db, actor):
    return catalog.merchant_or_404(db, shop_id(actor)).deposit_rule


def _set_deposit_rule(db, actor, rule: str):
    return made_to_order.set_deposit_rule(db, actor, shop_id(actor), rule)


def _import(db, actor, text: str):
    return catalog.import_csv(db, actor, shop_id(actor), text)


def _export(db, actor):
    return catalog.export_csv(db, actor, shop_id(actor))


class MerchantProductsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    query: str = ""
    # Create/edit dialog: editing_id 0 = closed, -1 = a new product.
    editing_id: int = 0
    form: dict[str, str] = dict(EMPTY_FORM)
    photos: list[str] = []
    form_error: str = ""
    # What is wrong with each field, all at once ({"price": "Enter the price."}).
    field_errors: dict[str, str] = {}
    categories: list[dict[str, str]] = []
    # Options typed for a product not saved yet: added with it, in the same transaction.
    new_options: list[dict[str, str]] = []
    # Options of the product being edited ("Size: Large +$1.50"), and the one being added.
    options: list[str] = []
    option: dict[str, str] = {"group": "", "value": "", "delta": ""}
    # Quick stock edit.
    stock_id: int = 0
    stock_name: str = ""
    stock_value: str = ""
    # CSV import: one line per bad row.
    import_errors: list[str] = []
    # Made to order (issue 20): what happens to a deposit if the customer cancels after work started.
    deposit_rule: str = "keep"
    _all: list[dict[str, str]] = []

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def _page(self):
        q = self.query.lower()
        found = [r for r in self._all if not q or q in r["name"].lower() or q in r["sku"].lower()]
        self.total = len(found)
        self.page = min(max(1, self.page), self.pages)
        self.rows = found[(self.page - 1) * PAGE_SIZE:self.page * PAGE_SIZE]

    async def _load(self):
        try:
            products, tree = await look(self, _products)
        except ServiceError:
            self._all = []
            self._page()
            raise
        self.categories = _category_choices(tree)
        self.deposit_rule = await look(self, _deposit_rule)
        unlimited = await in_language(self, phrase("unlimited"))
        labels = {k: await in_language(self, v) for k, v in REVIEW_LABELS.items()}
        self._all = [{
            "review": p.review_state if p.review_state in labels else "", "review_label": labels.get(p.review_state, ""),
            "review_reason": p.review_reason, "live": "1" if p.live else "",
            "ask_name": str(ask["name"]), "ask_price_dec": _decimal(ask["price_minor"]),
            "ask_category": str(ask["category_id"] or ""), "ask_photos": ",".join(ask["photos"]),
            "id": str(p.id), "name": p.name, "description": p.description, "sku": p.sku or "",
            "price": money(p.price_minor, p.currency), "price_dec": _decimal(p.price_minor),
            "compare_at": money(p.compare_at_minor, p.currency), "compare_dec": _decimal(p.compare_at_minor),
            "stock": unlimited if p.stock is None else str(p.stock), "stock_raw": "" if p.stock is None else str(p.stock),
            "threshold": str(p.low_stock_threshold),
            "low": "1" if p.stock is not None and p.stock <= p.low_stock_threshold else "",
            "available": "1" if p.available else "", "abnormal": "1" if p.abnormal else "",
            "abnormal_reason": p.abnormal_reason, "photos": ",".join(p.photos), "photo_count": str(len(p.photos)),
            "thumb": MEDIA + p.photos[0] if p.photos else "", "barcode": p.barcode or "",
            "category": str(p.category_id or ""),
            "made_to_order": "1" if p.made_to_order else "", "deposit": made_to_order.percent_text(p.deposit_bps),
        } for p, ask in products]
        self._page()

    async def _opened(self):
        self.page, self.import_errors = 1, []
        self.editing_id = self.stock_id = 0

    @rx.event
    @screen_event(busy=False)  # a search box that is not text (a forged call): the page's message
    async def search(self, form: dict):
        self.query, self.page = str(form.get("q") or "").strip()[:100], 1
        self._page()

    @rx.event
    def goto(self, page: int):
        self.page = page if isinstance(page, int) else 1
        self._page()

    # ---- create / edit

    @rx.event
    def new_product(self):
        self.editing_id, self.form, self.photos, self.form_error = -1, dict(EMPTY_FORM), [], ""
        self.field_errors, self.new_options, self.options = {}, [], []
        self.option = {"group": "", "value": "", "delta": ""}

    @rx.var
    def photo_urls(self) -> list[dict[str, str]]:
        return [{"path": p, "url": MEDIA + p, "name": p.rsplit("/", 1)[-1]} for p in self.photos]

    @rx.event
    @screen_event(busy=False, error="form_error")
    async def edit(self, row: dict):
        row = next((r for r in self._all if r["id"] == str(row.get("id"))), None)
        if row is None:
            raise ServiceError(phrase("That product is not on this page any more."))
        self.editing_id, self.field_errors, self.new_options, self.form_error = int(row["id"]), {}, [], ""
        self.option = {"group": "", "value": "", "delta": ""}
        await self._load_options()
        # A waiting or refused edit is what the merchant works on; the live version shows in the list.
        self.form = {"name": row["ask_name"], "description": row["description"], "price": row["ask_price_dec"],
                     "compare_at": row["compare_dec"], "stock": row["stock_raw"],
                     "unlimited": "" if row["stock_raw"] else "1", "threshold": row["threshold"], "sku": row["sku"],
                     "barcode": row["barcode"], "category": row["ask_category"], "available": row["available"],
                     "made_to_order": row["made_to_order"], "deposit": row["deposit"]}
        self.photos = [p for p in row["ask_photos"].split(",") if p]

    async def _load_options(self):
        found = await look(self, _options, self.editing_id)
        self.options = [_option_text(o.group, o.value, o.price_delta_minor) for o in found]

    @rx.event
    def set_option(self, name: str, value: str):
        if name in self.option:
            self.option = {**self.option, name: str(value)[:80]}

    @rx.event
    @screen_event(error="form_error")
    async def add_option(self):
        delta = catalog.option_delta(self.option["delta"])
        if self.editing_id == -1:  # not saved yet: the option is added with the product
            group, value = catalog.check_option(self.option["group"], self.option["value"])
            self.new_options = [*self.new_options, {"group": group, "value": value, "delta": self.option["delta"]}]
            self.options = [*self.options, _option_text(group, value, delta)]
        else:
            await call(self, catalog.add_option, self.editing_id, self.option["group"], self.option["value"], delta)
            await self._load_options()
        self.option = {"group": self.option["group"], "value": "", "delta": ""}

    @rx.event
    def close_edit(self):
        self.editing_id = 0

    @rx.event
    def set_field(self, name: str, value: str):
        if name in EMPTY_FORM:
            self.form = {**self.form, name: str(value)[:5000]}

    @rx.event
    def set_flag(self, name: str, on: bool):
        if name in EMPTY_FORM:
            self.form = {**self.form, name: "1" if on else ""}

    @rx.event
    def remove_photo(self, path: str):
        self.photos = [p for p in self.photos if p != path]

    @rx.event
    @screen_event(error="form_error")
    async def upload_photos(self, files: list[rx.UploadFile]):
        """The service checks that a merchant is asking, then each picture (PNG, JPEG or WebP, at
        most 5 MB, decoded), and only then stores them in the public catalog area."""
        picked = await read_uploads(files)
        self.photos = [*self.photos, *await call(self, product_photos.store_product_photos, picked)]
        yield rx.clear_selected_files("product-photos")

    @rx.event
    @screen_event(error="form_error")
    async def save(self):
        result = await call(self, _save, self.editing_id, dict(self.form), list(self.photos), list(self.new_options))
        # Each field's problem in the reader's language (a service's message, translated whole).
        self.field_errors = {k: await in_language(self, v) for k, v in result.errors.items()}
        if result.errors:
            wrong = "; ".join([f"{await in_language(self, FIELD_NAMES.get(k, k))}: {v}"
                               for k, v in self.field_errors.items()])
            n = len(result.errors)
            raise ServiceError(phrase("Fix 1 field: {wrong}", wrong=wrong) if n == 1 else
                               phrase("Fix {count} fields: {wrong}", count=n, wrong=wrong))
        name = result.product.name
        if result.product.review_state == "pending":  # an untrusted shop: catalog/product_review
            said = phrase("{name} saved; it waits for the platform's review before residents see the change.",
                          name=name)
        else:
            said = phrase("{name} added.", name=name) if self.editing_id == -1 else phrase("{name} saved.", name=name)
        self.notice = await in_language(self, said)
        self.editing_id, self.new_options = 0, []
        await self._load()

    @rx.event
    @screen_event
    async def set_deposit_rule(self, rule: str):
        shop = await call(self, _set_deposit_rule, str(rule)[:16])
        self.deposit_rule = shop.deposit_rule
        self.notice = await in_language(self, made_to_order.rule_text(shop.deposit_rule))

    # ---- stock and visibility from the list

    @rx.event
    @screen_event(busy=False)
    async def edit_stock(self, row: dict):
        self.stock_id, self.stock_name = row_id(row.get("id")), str(row.get("name", ""))[:160]
        self.stock_value = str(row.get("stock_raw", ""))[:12]

    set_stock_value = text_setter("stock_value", 12)

    @rx.event
    def close_stock(self):
        self.stock_id = 0

    @rx.event
    @screen_event
    async def save_stock(self):
        stock = whole_number(self.stock_value, phrase("stock"), allow_blank=True)
        await call(self, catalog.set_stock, self.stock_id, stock)
        self.notice = await in_language(self, phrase("Stock of {name} set to unlimited.", name=self.stock_name)
                                        if stock is None else
                                        phrase("Stock of {name} set to {stock}.", name=self.stock_name, stock=stock))
        self.stock_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def set_available(self, product_id: str, on: bool):
        p = await call(self, catalog.set_available, row_id(product_id), bool(on))
        self.notice = await in_language(self, phrase("{name} is shown in your shop.", name=p.name) if on else
                                        phrase("{name} is hidden from your shop.", name=p.name))
        await self._load()

    @rx.event
    @screen_event
    async def resubmit(self, product_id: str):
        p = await call(self, product_review.resubmit, row_id(product_id))
        self.notice = await in_language(self, phrase("{name} is sent for review again.", name=p.name))
        await self._load()

    # ---- CSV

    @rx.event
    @screen_event
    async def import_csv(self, files: list[rx.UploadFile]):
        self.import_errors = []
        if not files:
            raise ServiceError(phrase("Choose a CSV file first."))
        [(_name, data)] = await read_uploads(files[:1])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(phrase("That file is not UTF-8 text; save it as CSV (UTF-8) and try again.")) from None
        try:
            result = await call(self, _import, text)
        except catalog.CsvImportError as exc:
            self.error = await in_language(self, phrase("Nothing was imported: fix these rows and try again."))
            self.import_errors = [await in_language(self, e) for e in exc.errors]
            return
        self.notice = await in_language(self, phrase("Imported: {created} new, {updated} updated.",
                                                     created=result.created, updated=result.updated))
        await self._load()
        yield rx.clear_selected_files("products-csv")

    @rx.event
    @screen_event(busy=False)
    async def export_csv(self):
        text = await look(self, _export)
        yield rx.download(data=text, filename="products.csv")
