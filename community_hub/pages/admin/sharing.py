"""Admin: the sharing rules (fee ratio, active-post limit)."""

import reflex as rx

from components.area_page import area_page
from components.common import field, page_header
from components.i18n import t
from components.shells import admin_shell
from state.admin.sharing import AdminSharingState as St
from state.shared.back_office import AdminPermission


@area_page("/admin/sharing", "Sharing rules · Community Hub", "admin", St.load, permission=AdminPermission.FINANCE)
def admin_sharing() -> rx.Component:
    return admin_shell(
        page_header(t("Sharing rules"), t("Neighbour sharing: the platform's fee and the fair-use limit."),
                    error=St.error, notice=St.notice),
        rx.card(rx.form(rx.vstack(
            field(t("Sharing fee (per cent of what owners and sellers earn)"), "fee", default_value=St.fee,
                  key=St.fee, input_mode="decimal", hint=t("0 to 50; 0 means no fee.")),
            field(t("Active posts a member may have"), "most", default_value=St.most, key=St.most,
                  input_mode="numeric", hint=t("Items and parking slots together; 1 to 500.")),
            rx.button(t("Save"), type="submit", disabled=St.busy),
            spacing="3", width="100%"), on_submit=St.save, reset_on_submit=False), width="100%", max_width="32em"),
    )
