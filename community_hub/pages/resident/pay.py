"""/pay/[payment_id]: the demo payment page (in place of a card form)."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, form_label, page_title
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.payment_page import PaymentPageState


@area_page("/pay/[payment_id]", "Payment · Community Hub", "resident", PaymentPageState.load)
def resident_pay() -> rx.Component:
    return resident_shell(
        page_title(t("Demo payment"), tf("Order #{id} at {shop}", id=PaymentPageState.order_id,
                                                shop=PaymentPageState.shop_name)),
        rx.callout(t("This is a demo payment page: no real card is charged. 4242 4242 4242 4242 succeeds, "
                     "4000 0000 0000 0002 is declined."), icon="info", color_scheme="blue", width="100%",
                   id="demo-payment-note"),
        error_callout(PaymentPageState.error),
        rx.cond(
            PaymentPageState.found,
            rx.cond(
                PaymentPageState.paid,
                rx.vstack(rx.callout(t("Paid. Thank you!"), icon="check", color_scheme="green", width="100%", id="paid"),
                          rx.link(t("Follow your order"), href="/orders/" + PaymentPageState.order_id.to_string())),
                rx.cond(~PaymentPageState.payable, rx.vstack(
                    rx.callout(t("This order is not waiting for a payment any more."), icon="info", width="100%",
                               id="not-payable"),
                    rx.link(t("See the order"), href="/orders/" + PaymentPageState.order_id.to_string())),
                rx.card(
                    rx.form(rx.vstack(
                        rx.hstack(rx.text(t("Amount")), rx.spacer(),
                                  rx.text(PaymentPageState.amount, weight="bold", id="pay-amount"), width="100%"),
                        form_label(t("Card number"), html_for="card-number", weight="regular"),
                        rx.input(id="card-number", name="card_number", value=PaymentPageState.card,
                                 on_change=PaymentPageState.set_card, placeholder="4242 4242 4242 4242",
                                 auto_complete="cc-number", size="3", width="100%", input_mode="numeric",
                                 max_length=23, required=True),
                        rx.hstack(
                            rx.vstack(form_label(t("Expiry (MM / YY)"), html_for="card-expiry", weight="regular"),
                                      rx.input(id="card-expiry", name="expiry", placeholder=t("MM / YY"),
                                               auto_complete="cc-exp", max_length=7, required=True, width="100%"),
                                      width="50%", spacing="1"),
                            rx.vstack(form_label("CVC", html_for="card-cvc", weight="regular"),
                                      rx.input(id="card-cvc", name="cvc", placeholder="123", auto_complete="cc-csc",
                                               input_mode="numeric", max_length=4, required=True, width="100%"),
                                      width="50%", spacing="1"),
                            width="100%"),
                        rx.button(rx.cond(PaymentPageState.busy, rx.spinner(size="2"), rx.fragment()),
                                  tf("Pay {amount}", amount=PaymentPageState.amount), size="3", width="100%", id="pay-submit",
                                  disabled=PaymentPageState.busy, type="submit"),
                        rx.link(t("Pay later: back to the order"), href="/orders/" + PaymentPageState.order_id.to_string(),
                                size="2"),
                        spacing="3", width="100%",
                    ), on_submit=PaymentPageState.pay, reset_on_submit=False),
                    width="100%", max_width="28em",
                )),
            ),
        ),
    )
