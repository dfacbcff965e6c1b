"""The catalog: products, sections and categories, CSV in and out, a shop's public page, favourites and the home feed. One module per job; this package re-exports them so callers write catalog.create_product(...)."""

from __future__ import annotations

from community_hub.marketplace.catalog.admin_list import AdminProductRow, admin_products  # noqa: F401
from community_hub.marketplace.catalog.barcodes import check_barcode_free, clean_barcode  # noqa: F401
from community_hub.marketplace.catalog.common import (  # noqa: F401
    CSV_COLUMNS,
    HOT_SOLD_MIN,
    MAX_CSV_ROWS,
    MAX_PHOTOS,
    NEW_DAYS,
    CsvImportError,
    ProductFlags,
    is_for_sale,
    kept_shop_labels,
    merchant_or_404,
    product_flags,
    shop_labels,
)
from community_hub.marketplace.catalog.csv_io import ImportResult, export_csv, import_csv  # noqa: F401
from community_hub.marketplace.catalog.favourites import (  # noqa: F401
    Favourites,
    favourite_ids,
    list_favourites,
    toggle_favourite,
)
from community_hub.marketplace.catalog.home_feed import (  # noqa: F401
    HomeFeed,
    home_feed,
)
from community_hub.marketplace.catalog.home_feed_cache import my_home_feed  # noqa: F401
from community_hub.marketplace.catalog.product_form import (  # noqa: F401
    ProductFormResult,
    option_delta,
    save_product_form,
)
from community_hub.marketplace.catalog.products import (  # noqa: F401
    EDITABLE,
    add_option,
    add_product_photo,
    check_option,
    clear_abnormal,
    create_product,
    flag_abnormal,
    low_stock,
    merchant_products,
    product_options,
    set_available,
    set_stock,
    update_product,
)
from community_hub.marketplace.catalog.sections import (  # noqa: F401
    CategoryNode,
    category_subtree_ids,
    category_tree,
    create_category,
    create_section,
)
from community_hub.marketplace.catalog.shop_page import ShopPage, shop_page  # noqa: F401
