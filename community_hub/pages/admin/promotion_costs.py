"""Admin (finance): the platform's coupon expense — each discount it paid into a signed order."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, field, page_header
from components.i18n import t
from components.shells import admin_shell
from components.tables import cells, table_or_empty
from state.admin.promotion_costs import AdminPromotionCostsState as S
from state.shared.back_office import AdminPermission


@area_page("/admin/promotion-costs", "Coupon costs · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.FINANCE)
def admin_promotion_costs() -> rx.Component:
    return admin_shell(
        page_header(t("Coupon costs"), t("What platform coupons cost the platform: the discount it pays into each "
                                         "signed order, so shops are paid the full price."), error=S.error),
        rx.form(rx.flex(field(t("From"), "start", type="date", required=False),
                        field(t("Until"), "end", type="date", required=False),
                        rx.button(t("Show"), type="submit", disabled=S.busy, size="3"),
                        gap="3", align="end", wrap="wrap"), on_submit=S.show, reset_on_submit=False),
        rx.hstack(rx.text(t("Total paid by the platform"), weight="medium"), rx.badge(S.total, size="3", id="coupon-cost-total"),
                  align="center", margin_top="1em"),
        table_or_empty(S.rows, empty_state("receipt", t("No coupon costs in this period"),
                                           t("Costs appear when an order that used a platform coupon is signed for.")),
                       (t("Date"), t("Order"), t("Shop"), t("Discount paid"), t("Memo")),
                       cells("at", "order", "shop", "amount", "memo"), id="coupon-costs", margin_top="1em"),
    )
