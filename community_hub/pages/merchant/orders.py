"""Merchant: orders by state, refreshing by themselves, with the moves each order allows."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    confirm_button,
    empty_state,
    error_callout,
    form_label,
    notice_callout,
    page_header,
    page_title,
)
from components.i18n import t, tf
from components.shells import merchant_shell
from state.merchant.orders import TABS
from state.merchant.orders import MerchantOrdersState as St


def _btn(label, id_prefix: str, row, on_click, **props) -> rx.Component:
    return rx.button(label, id=id_prefix + row["id"], size="2", on_click=on_click, disabled=St.busy, **props)


def _form(row, form: str, *children) -> rx.Component:
    return rx.cond((St.open_id == row["id"]) & (St.open_form == form),
                   rx.hstack(*children, rx.button(t("Cancel"), variant="soft", size="2", on_click=St.close_form),
                             wrap="wrap", align="end", spacing="2", padding_top="0.5em", width="100%"))


def _input(label, id_: str, value, on_change, **props) -> rx.Component:
    return rx.vstack(form_label(label, html_for=id_, size="1"),
                     rx.input(id=id_, value=value, on_change=on_change, size="2", **props), spacing="1")


def _actions(row) -> rx.Component:
    is_pickup = row["fulfilment"] == "pickup"
    return rx.hstack(
        rx.cond(row["can_accept"] == "1", _btn(t("Accept"), "accept-", row, St.accept(row["id"]), color_scheme="green")),
        rx.cond(row["can_reject"] == "1", _btn(t("Reject"), "reject-", row, St.open(row["id"], "reject"),
                                               color_scheme="red", variant="soft")),
        rx.cond(row["can_prepare"] == "1", _btn(t("Start preparing"), "prepare-", row, St.prepare(row["id"]))),
        # Made to order (issue 20): after this a cancellation follows the shop's deposit rule.
        rx.cond(row["can_start_work"] == "1", _btn(t("Start work"), "start-work-", row, St.start_work(row["id"]),
                                                   color_scheme="green")),
        rx.cond(row["can_ask_balance"] == "1", _btn(t("Ready — ask for the balance"), "ask-balance-", row,
                                                    St.ask_balance(row["id"]))),
        rx.cond(row["can_send"] == "1", _btn(t("Send out"), "send-out-", row, St.open(row["id"], "send_out"))),
        rx.cond(row["can_ready"] == "1", _btn(t("Ready for pickup"), "ready-", row, St.ready(row["id"]))),
        rx.cond(row["can_deliver"] == "1",
                rx.cond(is_pickup,
                        _btn(t("Delivered"), "delivered-", row, St.open(row["id"], "deliver"), color_scheme="green"),
                        confirm_button(
                            rx.button(t("Delivered"), id="delivered-" + row["id"], size="2", disabled=St.busy,
                                      color_scheme="green"),
                            tf("Mark order #{id} delivered?", id=row["id"]),
                            t("The customer is asked to sign for it; this cannot be undone."), t("Yes, delivered"),
                            St.deliver(row["id"])))),
        rx.cond(row["can_cancel"] == "1", _btn(t("Cancel order"), "cancel-", row, St.open(row["id"], "cancel"),
                                               variant="soft", color_scheme="gray")),
        rx.cond(row["can_refund"] == "1", _btn(t("Refund"), "refund-", row, St.open(row["id"], "refund"),
                                               variant="outline", color_scheme="orange")),
        wrap="wrap", spacing="2",
    )


def _with_reason(row, step: str, button, title, description, confirm_label, on_confirm) -> rx.Component:
    """Rejecting or cancelling: the reason the customer is told, then a red button that asks first."""
    return _form(row, step,
                 _input(t("Why (the customer sees this)"), step + "-reason", St.reason, St.set_reason,
                        width="min(24em, 80vw)", max_length=500),
                 confirm_button(
                     rx.button(button, id=step + "-confirm", disabled=St.busy, color_scheme="red"),
                     title, description, confirm_label, on_confirm, color_scheme="red"))


def _order(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(rx.heading("#", row["id"], size="4"), href="/merchant/orders/" + row["id"]),
                rx.badge(row["state_label"], id="order-state-" + row["id"],
                         color_scheme=rx.match(row["state"], ("paid", "orange"), ("delivered", "green"),
                                               ("signed", "green"), ("settled", "green"), ("cancelled", "gray"),
                                               ("rejected", "red"), ("refunded", "gray"), ("disputed", "red"), "blue")),
                rx.badge(rx.match(row["fulfilment"], ("delivery", t("delivery")), ("pickup", t("pickup")), row["fulfilment"]),
                         variant="outline"),
                rx.spacer(),
                rx.text(row["created"], size="1", color_scheme="gray"),
                width="100%", align="center",
            ),
            rx.text(row["customer"], " · ", rx.text.strong(row["total"]), size="2"),
            rx.text(row["items"], size="2"),
            rx.cond(row["made"] == "1", rx.text(row["made_text"], size="2", id="order-made-" + row["id"])),
            rx.cond(row["address"] != "", rx.text(t("Deliver to: "), row["address"], size="1", color_scheme="gray")),
            rx.cond(row["note"] != "", rx.text(t("Note: "), row["note"], size="1", color_scheme="gray")),
            rx.cond(row["courier"] != "", rx.text(t("Courier: "), row["courier"], size="1")),
            rx.cond(row["refunded"] != "", rx.text(tf("Refunded {refunded} of {paid}", refunded=row["refunded"], paid=row["paid"]), size="1",
                                                   color_scheme="orange", id="order-refunded-" + row["id"])),
            _actions(row),
            _form(row, "send_out",
                  _input(t("Courier name"), "courier-name", St.courier_name, St.set_courier_name, max_length=80),
                  _input(t("Courier phone (optional, e.g. +1 555 123 4567)"), "courier-phone", St.courier_phone,
                         St.set_courier_phone, type="tel", input_mode="tel", auto_complete="off", max_length=40),
                  rx.button(t("Send out now"), id="send-out-confirm", on_click=St.send_out, disabled=St.busy)),
            _form(row, "refund",
                  _input(t("Amount to refund (e.g. 2.50)"), "refund-amount", St.refund_amount, St.set_refund_amount,
                         input_mode="decimal", placeholder="2.50"),
                  _input(t("Reason (optional)"), "refund-reason", St.reason, St.set_reason, max_length=500),
                  confirm_button(
                      rx.button(t("Refund now"), id="refund-confirm", disabled=St.busy, color_scheme="orange"),
                      tf("Refund order #{id}?", id=row["id"]),
                      tf("Send {amount} back to the customer's card. Money sent back cannot be taken back.",
                         amount=St.refund_amount), t("Yes, refund"), St.refund, color_scheme="orange")),
            _with_reason(row, "reject", t("Reject order"), tf("Reject order #{id}?", id=row["id"]),
                         t("The customer is told your reason and gets their money back; this cannot be undone."),
                         t("Yes, reject"), St.reject),
            _with_reason(row, "cancel", t("Cancel order"), tf("Cancel order #{id}?", id=row["id"]),
                         t("The customer is told your reason; a paid order is refunded. This cannot be undone."),
                         t("Yes, cancel the order"), St.cancel),
            _form(row, "deliver",
                  _input(t("Pickup code the customer shows (or scan the QR)"), "pickup-code", St.pickup_code,
                         St.set_pickup_code),
                  rx.button(t("Hand over"), id="delivered-confirm", on_click=St.deliver_with_code, disabled=St.busy,
                            color_scheme="green")),
            # A long note, address or name wraps inside the card instead of pushing it off the screen.
            spacing="2", width="100%", style={"overflow_wrap": "anywhere", "min_width": "0"},
        ),
        id="order-row-" + row["id"], width="100%", max_width="100%",
    )


def _alerts() -> rx.Component:
    """Sound, notification and tab-title count for new paid orders (assets/order_alerts.js). The
    browser only allows sound and the permission question after a press, hence the button."""
    turn_on = rx.call_script("window.hubOrderAlerts ? window.hubOrderAlerts.enable() : 'missing'",
                             callback=St.alerts_loaded)
    turn_off = rx.call_script("window.hubOrderAlerts ? window.hubOrderAlerts.disable() : 'missing'",
                              callback=St.alerts_loaded)
    return rx.hstack(
        rx.cond(
            St.alerts.contains("on"),
            rx.hstack(
                rx.badge(rx.icon("bell-ring", size=14), t("Order alerts on"), color_scheme="green", size="2"),
                rx.cond(St.alerts == "on-no-notifications",
                        rx.text(t("Sound and tab title only: this browser blocks notifications for this site."),
                                size="1", color_scheme="gray")),
                rx.button(t("Turn off"), size="1", variant="ghost", on_click=turn_off),
                align="center", wrap="wrap"),
            rx.button(rx.icon("bell", size=14), t("Turn on order alerts"), size="2", variant="soft",
                      id="order-alerts-on", on_click=turn_on, disabled=St.alerts == ""),
        ),
        rx.cond(St.alerts == "missing",
                rx.text(t("Order alerts could not load; reload the page."), size="1", color_scheme="red")),
        align="center", wrap="wrap", margin_bottom="0.75em", id="order-alerts",
    )


@area_page("/merchant/orders", "Orders · Community Hub", "merchant", St.load)
def merchant_orders() -> rx.Component:
    return merchant_shell(
        rx.box(
            page_title(t("Orders"), t("New orders appear here by themselves.")),
            _alerts(),
            rx.hstack(
                *[rx.button(tf("{label} ({count})", label=t(label), count=St.tab_counts[value or "all"]),
                            size="1", id="tab-" + (value or "all"), variant=rx.cond(St.tab == value, "solid", "soft"),
                            on_click=St.show_tab(value or "all")) for value, label in TABS],
                wrap="wrap", spacing="2", margin_bottom="1em",
            ),
            error_callout(St.error),
            notice_callout(St.notice),
            rx.cond(St.rows.length() == 0,
                    empty_state("package", t("No orders here"), t("Orders in this state will show up here as they come in.")),
                    rx.vstack(rx.foreach(St.rows, _order), width="100%", spacing="3", id="orders-list")),
            rx.cond(St.more, rx.button(t("Show more"), variant="soft", on_click=St.show_more, margin_top="1em")),
        ),
    )


def _timeline() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Timeline"), size="4"),
        rx.foreach(St.timeline, lambda step: rx.hstack(
            rx.text(step["at"], size="1", color_scheme="gray", min_width="9em"), rx.text(step["label"], size="2"),
            rx.text(tf("by {who}", who=step["by"]), size="1", color_scheme="gray"),
            rx.cond(step["note"] != "", rx.text("— ", step["note"], size="1")), align="center", wrap="wrap")),
        width="100%", id="order-timeline"), width="100%")


@area_page("/merchant/orders/[order_id]", "Order · Community Hub", "merchant", St.load_one)
def merchant_order() -> rx.Component:
    return merchant_shell(
        rx.box(
            rx.link(t("← All orders"), href="/merchant/orders"),
            page_header(t("Order"), error=St.error, notice=St.notice),
            rx.vstack(rx.foreach(St.rows, _order), _timeline(), width="100%", spacing="3"),
        ),
    )
