"""/orders (the resident's orders) and /orders/[order_id] (one order, live: timeline, sign,
report a problem, cancel, pay, review, refunds)."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, error_callout, notice_callout, page_title
from components.dialogs import state_dialog
from components.file_picker import labelled_upload
from components.i18n import N_, t, tf
from components.shells import resident_shell
from state.resident.orders import OrderPageState, ResidentOrdersState

# Each star a thumb can tap is named for screen readers ("4 stars").
_STARS = (N_("1 star"), N_("2 stars"), N_("3 stars"), N_("4 stars"), N_("5 stars"))


def _order_row(row) -> rx.Component:
    return rx.link(
        rx.card(rx.hstack(
            rx.vstack(rx.text(tf("Order #{id}", id=row["id"]), " · ", row["shop"], weight="bold"),
                      rx.text(row["at"], size="1", color_scheme="gray"), spacing="0"),
            rx.spacer(),
            rx.badge(row["state"], color_scheme=row["color"]),
            rx.text(row["total"], weight="medium"),
            align="center", width="100%", spacing="3",
        ), width="100%"),
        href="/orders/" + row["id"], underline="none", color="inherit", width="100%", id="order-link-" + row["id"],
    )


@area_page("/orders", "Orders · Community Hub", "resident", ResidentOrdersState.load)
def resident_orders() -> rx.Component:
    return resident_shell(
        page_title(t("Your orders")),
        rx.hstack(rx.link(t("Your requests to shops"), href="/demands"), rx.link(t("Cart"), href="/cart"), spacing="4",
                  margin_bottom="1em"),
        error_callout(ResidentOrdersState.error),
        rx.cond(ResidentOrdersState.rows.length() == 0,
                rx.cond(ResidentOrdersState.loaded,
                        empty_state("package", t("No orders yet"),
                                    t("When you order from a shop nearby, you can follow it here."))),
                rx.vstack(rx.foreach(ResidentOrdersState.rows, _order_row), width="100%", spacing="2",
                          id="orders-list")),
    )


def _timeline() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Timeline"), size="4"),
        rx.vstack(
            rx.foreach(OrderPageState.timeline, lambda step: rx.hstack(
                rx.box(width="10px", height="10px", border_radius="50%", background=rx.color("grass", 9),
                       margin_top="6px", flex_shrink="0"),
                rx.vstack(
                    rx.text(step["label"], weight="medium"),
                    rx.text(step["at"], tf(" · by {who}", who=step["by"]), size="1", color_scheme="gray"),
                    rx.cond(step["note"] != "", rx.text(step["note"], size="2")),
                    rx.cond(step["photos"] != "", rx.text(tf("{count} photo(s)", count=step["photos"]), size="1")),
                    spacing="0",
                ),
                align="start", id="step-" + step["state"], class_name="timeline-step",
            )),
            spacing="3", id="timeline", width="100%",
        ),
        width="100%", spacing="2",
    )


def _summary() -> rx.Component:
    s = OrderPageState.summary
    return rx.card(rx.vstack(
        rx.foreach(OrderPageState.lines, lambda line: rx.hstack(
            rx.text(line["qty"], " × ", line["name"],
                    rx.cond(line["options"] != "", rx.text.span(" (", line["options"], ")"))),
            rx.spacer(), rx.text(line["total"]), width="100%")),
        rx.divider(),
        rx.hstack(rx.text(t("Subtotal")), rx.spacer(), rx.text(s["subtotal"]), width="100%"),
        rx.cond(s["discount"] != "", rx.hstack(rx.text(t("Coupon")), rx.spacer(), rx.text(s["discount"]), width="100%")),
        rx.hstack(rx.text(t("Delivery fee")), rx.spacer(), rx.text(s["fee"]), width="100%"),
        rx.hstack(rx.text(t("Total"), weight="bold"), rx.spacer(), rx.text(s["total"], weight="bold", id="order-total"),
                  width="100%"),
        _made_to_order(),
        rx.text(s["how"], rx.cond(s["address"] != "", rx.text.span(tf(" to {address}", address=s["address"]))), " · ", s["window"], size="2"),
        rx.text(t("Payment: "), s["payment"], rx.cond(s["paid"] != "", t(" (paid)"), t(" (not paid yet)")),
                rx.cond(s["paid"] != "", rx.link(t(" · receipts and refunds"), href="/money", id="order-money-link")),
                size="2", id="order-payment"),
        rx.cond(s["courier"] != "", rx.text(t("Courier: "), s["courier"], size="2", id="order-courier")),
        rx.cond(s["pickup_code"] != "", rx.text(t("Pickup code: "), rx.code(s["pickup_code"]), size="2")),
        rx.cond(OrderPageState.pickup_qr_image != "", rx.vstack(
            rx.image(src=OrderPageState.pickup_qr_image, alt=t("Pickup QR code"), width="12em", height="12em", id="pickup-qr"),
            rx.text(t("Show this at the shop's counter, or scan it at the lobby kiosk, to collect your order."),
                    size="2", color_scheme="gray"),
            spacing="1")),
        width="100%", spacing="2",
    ), width="100%")


def _made_to_order() -> rx.Component:
    """Made to order (issue 20): the deposit paid now, the balance when the shop says it is ready."""
    m = OrderPageState.made
    return rx.cond(m["deposit"] != "", rx.vstack(
        rx.hstack(rx.text(t("Deposit now")), rx.spacer(), rx.text(m["deposit"], id="order-deposit"), width="100%"),
        rx.hstack(rx.text(t("Balance when ready")), rx.spacer(), rx.text(m["balance"], id="order-balance"), width="100%"),
        rx.text(rx.match(m["balance_state"],
                         ("paid", t("Balance paid.")),
                         ("due", t("Your order is ready: pay the balance.")),
                         t("You pay the balance when the shop says your order is ready.")),
                size="2", id="order-balance-state", custom_attrs={"data-state": m["balance_state"]}),
        rx.text(m["rule"], size="1", color_scheme="gray"),
        width="100%", spacing="1",
    ))


def _refunds() -> rx.Component:
    return rx.cond(OrderPageState.refunds.length() > 0, rx.vstack(
        rx.heading(t("Refunds"), size="4"),
        rx.foreach(OrderPageState.refunds, lambda r: rx.callout(
            rx.text(t("Refund of "), rx.text.strong(r["amount"]), " · ", r["status"], " · ", r["at"],
                    rx.cond(r["reason"] != "", rx.text.span(" · ", r["reason"]))),
            icon="undo-2", color_scheme="green", width="100%")),
        width="100%", id="refunds",
    ))


def _actions() -> rx.Component:
    st = OrderPageState
    return rx.hstack(
        rx.cond(st.can_pay, rx.button(t("Pay now"), on_click=st.pay_now, id="pay-now")),
        rx.cond(st.made["balance_state"] == "due", rx.button(t("Pay the balance"), on_click=st.pay_balance,
                                                             disabled=st.busy, id="pay-balance")),
        rx.cond(st.can_sign, confirm_button(
            rx.button(t("Everything is fine: sign"), color_scheme="green", disabled=st.busy, id="sign-order"),
            t("Sign for this order?"), t("Signing says you received everything as ordered: the shop is then paid, "
                                          "and a problem can no longer be reported here."), t("Yes, sign"), st.sign)),
        rx.cond(st.can_dispute, rx.button(t("Report a problem"), color_scheme="red", variant="soft",
                                          on_click=st.open_dispute(True), id="report-problem")),
        rx.cond(st.can_cancel, rx.button(t("Cancel order"), color_scheme="gray", variant="soft",
                                         on_click=st.open_cancel(True), id="cancel-order")),
        wrap="wrap", spacing="2",
    )


def _cancel_dialog() -> rx.Component:
    st = OrderPageState
    return state_dialog(
        t("Cancel this order?"),
        rx.dialog.description(rx.cond(st.made["cancel_text"] != "", st.made["cancel_text"],
                                      t("Stock goes back to the shop; a paid order is refunded.")),
                              id="cancel-terms"),
        rx.input(placeholder=t("Reason (optional)"), value=st.cancel_reason, on_change=st.set_cancel_reason,
                 margin_top="1em", id="cancel-reason"),
        is_open=st.cancel_open, on_cancel=st.open_cancel(False), on_open_change=st.open_cancel,
        cancel_label=t("Keep the order"),
        action=rx.button(t("Cancel order"), color_scheme="red", on_click=st.cancel, id="cancel-confirm"))


def _dispute_dialog() -> rx.Component:
    st = OrderPageState
    return state_dialog(
        t("Report a problem"),
        rx.dialog.description(t("Tell us what is wrong; photos help. The platform decides with the shop.")),
        rx.text_area(placeholder=t("What is wrong?"), value=st.dispute_reason, on_change=st.set_dispute_reason,
                     margin_top="1em", id="dispute-reason"),
        labelled_upload(t("Drop photos here or click to choose"), rx.text(t("Drop photos here or click to choose"), size="2"), id="dispute-upload",
                  accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]},
                  max_files=4, border="1px dashed", padding="1em", margin_top="0.5em"),
        rx.hstack(rx.button(t("Attach photos"), size="1", variant="soft",
                            on_click=st.add_photos(rx.upload_files(upload_id="dispute-upload"))),
                  rx.text(tf("{count} attached", count=st.dispute_photos.length()), size="1"), align="center", margin_top="0.5em"),
        is_open=st.dispute_open, on_cancel=st.open_dispute(False), on_open_change=st.open_dispute,
        cancel_label=t("Back"),
        action=rx.button(t("Send report"), color_scheme="red", on_click=st.dispute, disabled=st.busy,
                         id="dispute-submit"))


def _review() -> rx.Component:
    st = OrderPageState
    return rx.fragment(
        rx.cond(st.has_review, rx.card(
            rx.text(t("Your review: "), st.review["stars"], id="my-review"), rx.text(st.review["text"]),
            rx.cond(st.review["reply"] != "", rx.text(t("Shop's reply: "), st.review["reply"], size="2",
                                                      color_scheme="gray")),
            width="100%")),
        rx.cond(st.can_review, rx.card(rx.vstack(
            rx.heading(t("Rate this order"), size="4"),
            # Stars a thumb can tap: each is a button named for screen readers ("4 stars").
            rx.hstack(*[rx.icon_button(
                rx.text(rx.cond(st.rating.to(int) >= n, "★", "☆"), size="6"),
                variant="ghost", color_scheme="amber", on_click=st.set_rating(str(n)),
                aria_label=t(_STARS[n - 1]), aria_pressed=st.rating == str(n), type="button",
                size="3") for n in (1, 2, 3, 4, 5)],
                rx.text(tf("{rating} of 5", rating=st.rating), size="2", color_scheme="gray", id="review-rating"),
                align="center", spacing="1", role="group", aria_label=t("Your rating")),
            rx.text_area(placeholder=t("How was it? (optional)"), value=st.review_text, on_change=st.set_review_text,
                         id="review-text", width="100%"),
            labelled_upload(t("Add photos (optional): drop here or click"), rx.text(t("Add photos (optional): drop here or click"), size="2"),
                      id="review-upload",
                      accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]},
                      max_files=4, border="1px dashed", padding="0.75em", width="100%"),
            rx.hstack(rx.button(t("Attach photos"), size="1", variant="soft", id="review-attach",
                                on_click=st.add_review_photos(rx.upload_files(upload_id="review-upload"))),
                      rx.text(tf("{count} attached", count=st.review_photos.length()), size="1", id="review-photo-count"),
                      align="center"),
            rx.button(t("Send review"), on_click=st.submit_review, disabled=st.busy, id="review-submit"),
            width="100%", spacing="2",
        ), width="100%")),
    )


@area_page("/orders/[order_id]", "Order · Community Hub", "resident", OrderPageState.load)
def resident_order() -> rx.Component:
    st = OrderPageState
    return resident_shell(
        rx.link(t("← Your orders"), href="/orders"),
        error_callout(st.error),
        notice_callout(st.notice),
        rx.cond(st.found, rx.vstack(
            rx.hstack(rx.heading(tf("Order #{id}", id=st.order_id), size="7"), rx.spacer(),
                      rx.badge(st.state_label, color_scheme=st.summary["color"], size="3", id="order-state",
                               custom_attrs={"data-state": st.state}),
                      width="100%", align="center"),
            rx.text(st.shop_name, tf(" · placed {when}", when=st.summary["placed"]), color_scheme="gray"),
            _actions(),
            _refunds(),
            _review(),
            _summary(),
            _timeline(),
            width="100%", spacing="4",
        )),
        _cancel_dialog(),
        _dispute_dialog(),
    )
