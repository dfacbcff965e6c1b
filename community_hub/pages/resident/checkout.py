"""/checkout/[merchant_id]: how the order reaches the resident, the coupon, the totals, Place order."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import N_, t, tf
from components.shells import resident_shell
from state.resident.checkout import CheckoutState


def _summary() -> rx.Component:
    totals = CheckoutState.totals
    return rx.card(
        rx.vstack(
            rx.foreach(CheckoutState.lines, lambda line: rx.hstack(
                rx.text(line["qty"], " × ", line["name"]), rx.spacer(), rx.text(line["total"]), width="100%")),
            rx.divider(),
            rx.hstack(rx.text(t("Subtotal")), rx.spacer(), rx.text(totals["subtotal"], id="total-subtotal"), width="100%"),
            rx.cond(totals["discount"] != "", rx.hstack(rx.text(tf("Coupon {code}", code=CheckoutState.coupon_applied)), rx.spacer(),
                                                   rx.text(totals["discount"], id="total-discount"), width="100%")),
            rx.cond(totals["platform"] != "", rx.hstack(
                rx.text(tf("Platform coupon {name}", name=totals["platform_name"])), rx.spacer(),
                rx.text(totals["platform"], id="total-platform-discount"), width="100%")),
            rx.cond(totals["member"] != "", rx.hstack(rx.text(totals["member_label"]), rx.spacer(),
                                                 rx.text(totals["member"], id="total-member"), width="100%")),
            rx.hstack(rx.text(t("Delivery fee")), rx.spacer(), rx.text(totals["fee"], id="total-fee"), width="100%"),
            rx.hstack(rx.text(t("Total"), weight="bold"), rx.spacer(), rx.text(totals["total"], weight="bold", id="total-total"),
                      width="100%"),
            rx.cond(totals["deposit"] != "", rx.vstack(  # made to order (issue 20)
                rx.hstack(rx.text(t("Deposit now"), weight="bold"), rx.spacer(),
                          rx.text(totals["deposit"], weight="bold", id="total-deposit"), width="100%"),
                rx.hstack(rx.text(t("Balance when ready")), rx.spacer(), rx.text(totals["balance"], id="total-balance"),
                          width="100%"),
                rx.text(totals["deposit_rule"], size="1", color_scheme="gray", id="deposit-rule-note"),
                width="100%", spacing="1")),
            width="100%", spacing="2",
        ),
        width="100%",
    )


def _how() -> rx.Component:
    return rx.vstack(
        rx.text(t("How do you want it?"), weight="medium"),
        rx.radio_group.root(
            # Each choice inside its <label>: tapping the words picks it, and readers name the radio.
            rx.flex(*[rx.el.label(rx.radio_group.item(value=value, id=f"fulfilment-{value}"), rx.text(t(words)),
                                  style={"display": "flex", "gap": "0.5em", "align_items": "center"})
                      for value, words in (("delivery", N_("Delivery")),
                                           ("pickup", N_("Pickup (at the shop, or at the lobby kiosk)")))],
                    gap="4", wrap="wrap"),
            value=CheckoutState.fulfilment, on_change=CheckoutState.set_fulfilment,
        ),
        rx.cond(
            CheckoutState.fulfilment == "delivery",
            rx.vstack(
                form_label(t("Delivery address"), html_for="address", weight="regular"),
                rx.input(id="address", value=CheckoutState.address, on_change=CheckoutState.set_address,
                         width="100%", size="3"),
                width="100%", spacing="1",
            ),
        ),
        rx.text(rx.cond(CheckoutState.fulfilment == "delivery", t("Delivery time"), t("Pickup time")), size="2"),
        rx.select.root(
            rx.select.trigger(id="window", aria_label=rx.cond(CheckoutState.fulfilment == "delivery", t("Delivery time"),
                                                              t("Pickup time"))),
            rx.select.content(rx.foreach(CheckoutState.windows,
                                         lambda w: rx.select.item(w["label"], value=w["value"]))),
            value=CheckoutState.window, on_change=CheckoutState.set_window,
        ),
        form_label(t("Note for the shop (optional)"), html_for="note", weight="regular"),
        rx.input(id="note", value=CheckoutState.note, on_change=CheckoutState.set_note, width="100%", max_length=500),
        width="100%", spacing="2",
    )


def _coupon() -> rx.Component:
    return rx.vstack(
        form_label(t("Coupon"), html_for="coupon"),
        rx.cond(
            CheckoutState.coupon_saved,
            rx.hstack(rx.cond(CheckoutState.coupon_applied != "",
                              rx.badge(tf("{code} applied", code=CheckoutState.coupon_applied), color_scheme="green",
                                       id="coupon-applied")),
                      rx.button(t("Remove coupon"), size="1", variant="soft", on_click=CheckoutState.remove_coupon,
                                disabled=CheckoutState.busy), align="center"),
            rx.hstack(rx.input(id="coupon", value=CheckoutState.coupon, on_change=CheckoutState.set_coupon,
                               placeholder=t("e.g. WELCOME5"), max_length=30),
                      rx.button(t("Apply"), variant="soft", on_click=CheckoutState.apply_coupon, id="coupon-apply",
                                disabled=CheckoutState.busy)),
        ),
        rx.cond(CheckoutState.coupon_error != "",
                rx.text(CheckoutState.coupon_error, color_scheme="red", size="2", id="coupon-error")),
        _platform_coupon(),
        width="100%", spacing="1",
    )


def _platform_coupon() -> rx.Component:
    """One platform coupon from "My coupons" on top of the shop's coupon; the best is preselected."""
    return rx.cond(CheckoutState.platform_choices.length() > 0, rx.vstack(
        rx.text(t("Platform coupon"), weight="medium", size="2", id="platform-coupon-label", margin_top="0.5em"),
        rx.select.root(rx.select.trigger(id="platform-coupon", aria_labelledby="platform-coupon-label"),
                       rx.select.content(rx.foreach(CheckoutState.platform_choices,
                                                    lambda c: rx.select.item(c["label"], value=c["value"]))),
                       value=CheckoutState.platform_pick, on_change=CheckoutState.pick_platform_coupon,
                       disabled=CheckoutState.busy),
        rx.text(t("The platform pays this one, so it adds to a shop's coupon. The best one is chosen for you."),
                size="1", color_scheme="gray"),
        rx.cond(CheckoutState.platform_error != "",
                rx.text(CheckoutState.platform_error, color_scheme="red", size="2", id="platform-coupon-error")),
        spacing="1", width="100%"))


@area_page("/checkout/[merchant_id]", "Checkout · Community Hub", "resident", CheckoutState.load)
def resident_checkout() -> rx.Component:
    return resident_shell(
        rx.link(t("← Back to your cart"), href="/cart"),
        page_header(t("Checkout"), CheckoutState.shop_name, error=CheckoutState.error),
        rx.cond(
            CheckoutState.empty,
            empty_state("shopping-cart", t("Nothing to check out"), t("Your cart at this shop is empty.")),
            rx.vstack(
                rx.foreach(CheckoutState.problems, lambda p: rx.callout(p, icon="triangle_alert", color_scheme="orange",
                                                                        width="100%")),
                _summary(),
                _how(),
                _coupon(),
                rx.text(t("Payment: card, on the next page (demo payment)."), size="2", color_scheme="gray"),
                rx.button(rx.cond(CheckoutState.busy, rx.spinner(size="2"), rx.fragment()), t("Place order"),
                          size="3", width="100%", id="place-order", disabled=CheckoutState.busy | ~CheckoutState.loaded,
                          on_click=CheckoutState.place),
                width="100%", spacing="4",
            ),
        ),
    )
