"""Merchant: products and services — list, create/edit with photos, stock, show/hide, CSV in and out."""

from __future__ import annotations

import reflex as rx

from community_hub.core import uploads
from community_hub.core.errors import ServiceError
from community_hub.marketplace import catalog
from state.merchant.common import money, parse_money, shop_id
from state.shared.service_call import acting, reading

PAGE_SIZE = 15
EMPTY_FORM = {"name": "", "description": "", "price": "", "compare_at": "", "stock": "", "unlimited": "",
              "threshold": "5", "sku": "", "available": "1"}


def _decimal(minor: int | None) -> str:
    return "" if minor is None else f"{minor // 100}.{minor % 100:02d}"


def _whole(text: str, what: str, allow_blank: bool = False) -> int | None:
    text = (text or "").strip()
    if not text and allow_blank:
        return None
    if not text.isdigit():
        raise ServiceError(f"The {what} must be a whole number (0 or more).")
    return int(text)


class MerchantProductsState(rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    query: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False
    # Create/edit dialog: editing_id 0 = closed, -1 = a new product.
    editing_id: int = 0
    form: dict[str, str] = dict(EMPTY_FORM)
    photos: list[str] = []
    form_error: str = ""
    # Options of the product being edited ("Size: Large +$1.50"), and the one being added.
    options: list[str] = []
    option: dict[str, str] = {"group": "", "value": "", "delta": ""}
    # Quick stock edit.
    stock_id: int = 0
    stock_name: str = ""
    stock_value: str = ""
    # CSV import: one line per bad row.
    import_errors: list[str] = []
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
            async with reading(self) as (db, actor):
                products = catalog.merchant_products(db, actor, shop_id(actor))
        except ServiceError as exc:
            self.error, self._all = exc.message, []
            self._page()
            return
        self._all = [{
            "id": str(p.id), "name": p.name, "description": p.description, "sku": p.sku or "",
            "price": money(p.price_minor, p.currency), "price_dec": _decimal(p.price_minor),
            "compare_at": money(p.compare_at_minor, p.currency), "compare_dec": _decimal(p.compare_at_minor),
            "stock": "unlimited" if p.stock is None else str(p.stock), "stock_raw": "" if p.stock is None else str(p.stock),
            "threshold": str(p.low_stock_threshold),
            "low": "1" if p.stock is not None and p.stock <= p.low_stock_threshold else "",
            "available": "1" if p.available else "", "abnormal": "1" if p.abnormal else "",
            "abnormal_reason": p.abnormal_reason, "photos": ",".join(p.photos), "photo_count": str(len(p.photos)),
        } for p in products]
        self._page()

    @rx.event
    async def load(self):
        self.page, self.error, self.notice, self.import_errors = 1, "", "", []
        self.editing_id = self.stock_id = 0
        await self._load()

    @rx.event
    def search(self, form: dict):
        self.query, self.page = (form.get("q") or "").strip(), 1
        self._page()

    @rx.event
    def goto(self, page: int):
        self.page = page
        self._page()

    # ---- create / edit

    @rx.event
    def new_product(self):
        self.editing_id, self.form, self.photos, self.form_error = -1, dict(EMPTY_FORM), [], ""

    @rx.event
    async def edit(self, row: dict):
        self.editing_id, self.form_error = int(row["id"]), ""
        await self._load_options()
        self.form = {"name": row["name"], "description": row["description"], "price": row["price_dec"],
                     "compare_at": row["compare_dec"], "stock": row["stock_raw"],
                     "unlimited": "" if row["stock_raw"] else "1", "threshold": row["threshold"], "sku": row["sku"],
                     "available": row["available"]}
        self.photos = [p for p in row["photos"].split(",") if p]

    async def _load_options(self):
        async with reading(self) as (db, _actor):
            found = catalog.product_options(db, self.editing_id)
        self.options = [f"{o.group}: {o.value}" + (f" {'+' if o.price_delta_minor >= 0 else '-'}"
                                                      f"{money(abs(o.price_delta_minor))}" if o.price_delta_minor else "")
                        for o in found]

    @rx.event
    def set_option(self, name: str, value: str):
        self.option = {**self.option, name: value}

    @rx.event
    async def add_option(self):
        self.form_error = ""
        delta_text = self.option["delta"].strip()
        try:
            delta = parse_money(delta_text.lstrip("+-"), "price change", allow_blank=True) or 0
            if delta_text.startswith("-"):
                delta = -delta
            async with acting(self) as (db, actor):
                catalog.add_option(db, actor, self.editing_id, self.option["group"], self.option["value"], delta)
        except ServiceError as exc:
            self.form_error = exc.message
            return
        self.option = {"group": self.option["group"], "value": "", "delta": ""}
        await self._load_options()

    @rx.event
    def close_edit(self):
        self.editing_id = 0

    @rx.event
    def set_field(self, name: str, value: str):
        self.form = {**self.form, name: value}

    @rx.event
    def set_flag(self, name: str, on: bool):
        self.form = {**self.form, name: "1" if on else ""}

    @rx.event
    def remove_photo(self, path: str):
        self.photos = [p for p in self.photos if p != path]

    @rx.event
    async def upload_photos(self, files: list[rx.UploadFile]):
        """Each file is checked by its content (PNG, JPEG or WebP, at most 5 MB) before it is kept."""
        self.form_error = ""
        for f in files:
            data = await f.read()
            try:
                stored = uploads.store_public_image(data, f.name or "photo")
            except ServiceError as exc:
                self.form_error = f"{f.name}: {exc.message}"
                return
            self.photos = [*self.photos, stored.path]
        return rx.clear_selected_files("product-photos")

    @rx.event
    async def save(self):
        if self.busy:
            return
        self.busy, self.form_error, self.notice = True, "", ""
        yield
        f = self.form
        try:
            price = parse_money(f["price"], "price")
            compare = parse_money(f["compare_at"], "compare-at price", allow_blank=True)
            stock = None if f["unlimited"] else _whole(f["stock"], "stock")
            threshold = _whole(f["threshold"], "low-stock alert level")
            async with acting(self) as (db, actor):
                if self.editing_id == -1:
                    p = catalog.create_product(db, actor, shop_id(actor), name=f["name"], description=f["description"],
                                               price_minor=price, compare_at_minor=compare, stock=stock,
                                               sku=f["sku"], photos=self.photos, available=bool(f["available"]))
                    catalog.update_product(db, actor, p.id, low_stock_threshold=threshold)
                    done = f"{p.name} added."
                else:
                    p = catalog.update_product(db, actor, self.editing_id, name=f["name"].strip(),
                                               description=f["description"], price_minor=price,
                                               compare_at_minor=compare, sku=f["sku"].strip() or None,
                                               photos=self.photos, low_stock_threshold=threshold)
                    catalog.set_stock(db, actor, p.id, stock)
                    catalog.set_available(db, actor, p.id, bool(f["available"]))
                    done = f"{p.name} saved."
        except ServiceError as exc:
            self.form_error, self.busy = exc.message, False
            return
        self.busy, self.editing_id, self.notice = False, 0, done
        await self._load()

    # ---- stock and visibility from the list

    @rx.event
    def edit_stock(self, row: dict):
        self.stock_id, self.stock_name, self.stock_value = int(row["id"]), row["name"], row["stock_raw"]

    @rx.event
    def set_stock_value(self, value: str):
        self.stock_value = value

    @rx.event
    def close_stock(self):
        self.stock_id = 0

    @rx.event
    async def save_stock(self):
        self.error = self.notice = ""
        try:
            stock = _whole(self.stock_value, "stock", allow_blank=True)
            async with acting(self) as (db, actor):
                catalog.set_stock(db, actor, self.stock_id, stock)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Stock of {self.stock_name} set to {'unlimited' if stock is None else stock}."
        self.stock_id = 0
        await self._load()

    @rx.event
    async def set_available(self, product_id: str, on: bool):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                p = catalog.set_available(db, actor, int(product_id), on)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"{p.name} is {'shown in' if on else 'hidden from'} your shop."
        await self._load()

    # ---- CSV

    @rx.event
    async def import_csv(self, files: list[rx.UploadFile]):
        self.error, self.notice, self.import_errors = "", "", []
        if not files:
            self.error = "Choose a CSV file first."
            return
        data = await files[0].read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error = "That file is not UTF-8 text; save it as CSV (UTF-8) and try again."
            return
        try:
            async with acting(self) as (db, actor):
                result = catalog.import_csv(db, actor, shop_id(actor), text)
        except catalog.CsvImportError as exc:
            self.error, self.import_errors = "Nothing was imported: fix these rows and try again.", exc.errors
            return
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Imported: {result.created} new, {result.updated} updated."
        await self._load()
        return rx.clear_selected_files("products-csv")

    @rx.event
    async def export_csv(self):
        try:
            async with reading(self) as (db, actor):
                text = catalog.export_csv(db, actor, shop_id(actor))
        except ServiceError as exc:
            self.error = exc.message
            return None
        return rx.download(data=text, filename="products.csv")
