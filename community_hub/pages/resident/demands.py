"""/demands: post a request to the shops around, compare their quotes, accept one."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.demands import ResidentDemandsState


def _form() -> rx.Component:
    st = ResidentDemandsState
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Ask the shops around"), size="4"),
        rx.input(name="title", id="demand-title", placeholder=t("What are you looking for?"), width="100%", required=True),
        rx.text_area(name="description", id="demand-description", placeholder=t("Details (size, brand, quantity…)"),
                     width="100%"),
        rx.hstack(
            rx.select.root(rx.select.trigger(placeholder=t("Kind of shop"), id="demand-category", aria_label=t("Kind of shop")),
                           rx.select.content(rx.foreach(st.categories, lambda c: rx.select.item(c, value=c))),
                           value=st.category, on_change=st.set_category),
            rx.input(name="budget", id="demand-budget", placeholder=t("Budget $ (optional)"), width="10em"),
            rx.select.root(rx.select.trigger(aria_label=t("Open for")), rx.select.content(
                rx.select.item(t("Open 1 day"), value="24"), rx.select.item(t("Open 3 days"), value="72"),
                rx.select.item(t("Open 7 days"), value="168")), name="hours", default_value="72"),
            wrap="wrap", spacing="2",
        ),
        rx.radio_group.root(
            rx.hstack(rx.radio_group.item(value="delivery", aria_label=t("Delivery")), rx.text(t("Delivery")),
                      rx.radio_group.item(value="pickup", aria_label=t("Pickup")),
                      rx.text(t("Pickup")), spacing="2", align="center"),
            value=st.fulfilment, on_change=st.set_fulfilment,
        ),
        rx.cond(st.fulfilment == "delivery",
                rx.input(name="address", id="demand-address", default_value=st.default_address,
                         placeholder=t("Delivery address"), width="100%")),
        rx.button(t("Send request"), type="submit", id="demand-submit"),
        width="100%", spacing="2",
    ), on_submit=st.post, reset_on_submit=True, key=st.form_key.to_string()), width="100%")


def _quote(q) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.link(q["shop"], href="/shop/" + q["slug"], weight="bold"),
                  rx.text(q["rating"], tf(" · valid until {when}", when=q["until"]), size="1", color_scheme="gray"),
                  rx.cond(q["note"] != "", rx.text(q["note"], size="2")),
                  rx.cond(q["by"] != "", rx.text(tf("Delivery by {when}", when=q["by"]), size="1")),
                  spacing="0"),
        rx.spacer(),
        rx.text(q["price"], weight="bold"),
        rx.cond(q["can_accept"] != "",
                rx.button(t("Accept"), size="2", on_click=ResidentDemandsState.accept(q["id"]),
                          disabled=ResidentDemandsState.busy, id="accept-quote-" + q["id"]),
                rx.badge(q["state"])),
        width="100%", align="center", id="quote-" + q["id"],
    )


def _demand(box) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(box.title, weight="bold"), rx.badge(box.category), rx.badge(box.state, color_scheme="blue"),
                  rx.spacer(),
                  rx.cond(box.state == "open", rx.button(t("Withdraw"), size="1", variant="ghost", color_scheme="red",
                                                         on_click=ResidentDemandsState.cancel(box.id))),
                  width="100%", align="center"),
        rx.text(tf("Budget {budget} · open until {when}", budget=box.budget, when=box.expires), size="1", color_scheme="gray"),
        rx.cond(box.order_id != "", rx.link(tf("Go to the order #{id}", id=box.order_id), href="/orders/" + box.order_id)),
        rx.cond(box.quotes.length() == 0,
                rx.text(rx.cond(box.state == "open", t("No quotes yet: shops are told and can answer."), t("No quotes.")),
                        size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(box.quotes, _quote), width="100%", spacing="2")),
        width="100%", spacing="2",
    ), width="100%", id="demand-" + box.id)


@area_page("/demands", "Requests to shops · Community Hub", "resident", ResidentDemandsState.load)
def resident_demands() -> rx.Component:
    st = ResidentDemandsState
    return resident_shell(
        page_header(t("Requests to shops"), t("Can't find it? Ask the shops within a 10-minute walk for a quote."),
                    error=st.error, notice=st.notice),
        _form(),
        rx.heading(t("Your requests"), size="4", margin_top="1em"),
        rx.cond(st.boxes.length() == 0,
                rx.cond(st.loaded, empty_state("megaphone", t("No requests yet"), t("Post one above."))),
                rx.vstack(rx.foreach(st.boxes, _demand), width="100%", spacing="3")),
    )
