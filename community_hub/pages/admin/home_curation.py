"""Admin: home curation — each community's home lists, by hand or by rule. Merchants no longer
pin their products: a shop that wants the carousel buys an ad slot."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import N_, t, tf
from components.shells import admin_shell
from state.admin.home_curation import AdminHomeCurationState as S
from state.shared.back_office import AdminPermission

_RULES = (("default", N_("Default")), ("manual", N_("Chosen by hand")), ("most_ordered_7d", N_("Most ordered in 7 days")),
          ("newest", N_("Newest listed")), ("highest_rated", N_("Highest rated")))


def _list_card(row: dict) -> rx.Component:
    select_id = "rule-" + row["kind"]
    return rx.card(rx.vstack(
        rx.heading(row["label"], size="3", as_="h2"),
        rx.text(tf("Shown now: {items}", items=row["shown"]), size="2", color_scheme="gray"),
        rx.hstack(
            rx.text(t("Filled"), size="2", weight="medium", id=select_id + "-label"),
            rx.select.root(rx.select.trigger(id=select_id, aria_labelledby=select_id + "-label"),
                           rx.select.content(*[rx.select.item(t(words), value=value) for value, words in _RULES]),
                           value=row["rule"], on_change=lambda v: S.set_rule(row["kind"], v)),
            align="center", spacing="2"),
        rx.cond(row["rule"] == "manual", rx.cond(
            S.products.length() == 0,
            rx.text(t("No products for sale around this community yet."), size="2", color_scheme="gray"),
            rx.flex(rx.foreach(S.products, lambda p: rx.checkbox(
                p["label"], checked=S.picked.contains(row["kind"] + ":" + p["id"]),
                on_change=lambda on: S.toggle(row["kind"], p["id"], on))), gap="3", wrap="wrap"))),
        rx.button(t("Save"), size="2", disabled=S.busy | (row["rule"] == "default"), on_click=S.save(row["kind"]),
                  aria_label=tf("Save {list}", list=row["label"])),
        spacing="2", width="100%"), width="100%", class_name="home-list-card")


@area_page("/admin/home", "Home curation · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.CONTENT)
def admin_home_curation() -> rx.Component:
    return admin_shell(
        page_header(t("Home curation"), t("Choose what each community's home page shows: by hand, or by a rule that "
                                          "keeps it fresh. Shops buy carousel ad slots; they cannot pin for free."),
                    error=S.error, notice=S.notice),
        rx.cond(S.communities.length() == 0,
                empty_state("house", t("No communities yet"), t("Communities appear once property companies add them.")),
                rx.vstack(
                    rx.hstack(rx.text(t("Community"), size="2", weight="medium", id="curation-community-label"),
                              rx.select.root(rx.select.trigger(id="curation-community",
                                                               aria_labelledby="curation-community-label"),
                                             rx.select.content(rx.foreach(S.communities, lambda c: rx.select.item(
                                                 c["label"], value=c["value"]))),
                                             value=S.community, on_change=S.pick_community),
                              align="center", spacing="2"),
                    rx.foreach(S.lists, _list_card),
                    spacing="3", width="100%")),
    )
