"""/pay/[payment_id]: the payment page. With the demo provider, the demo card form; with Stripe, a
button to Stripe's own hosted page, and on the way back "confirming…" until the money is in."""

import reflex as rx

from community_hub.pages.resident.pay_wallet_apps import wallet_app_offers, wallet_app_qr
from community_hub.pages.resident.pay_wallet_rest import wallet_rest_offer
from components.area_page import area_page
from components.common import confirm_button, error_callout, form_label, page_title
from components.i18n import t, tf
from components.shells import member_shell
from state.resident.payment_page import PaymentPageState
from state.resident.wallet_app_pay import WalletAppPayState
from state.resident.wallet_rest import WalletRestState


def _hosted() -> rx.Component:
    """Stripe: no card field of ours; the payer enters the card on Stripe's page and comes back."""
    return rx.cond(
        PaymentPageState.confirming,
        rx.callout(rx.hstack(rx.spinner(size="2"), rx.text(t("Confirming your payment with the card company…")),
                             align="center"), icon="hourglass", width="100%", role="status", id="confirming"),
        rx.card(rx.vstack(
            rx.cond(PaymentPageState.came_back_unpaid,
                    rx.callout(t("You came back without paying: nothing was charged. You can pay now or later."),
                               icon="info", width="100%", id="came-back-unpaid")),
            rx.hstack(rx.text(t("Amount")), rx.spacer(),
                      rx.text(PaymentPageState.amount, weight="bold", id="pay-amount"), width="100%"),
            rx.text(t("You enter your card on the card company's secure page, then come back here."), size="2",
                    color_scheme="gray"),
            rx.button(rx.cond(PaymentPageState.busy, rx.spinner(size="2"), rx.fragment()),
                      tf("Pay {amount} by card", amount=PaymentPageState.amount), size="3", width="100%",
                      id="pay-submit", disabled=PaymentPageState.busy, on_click=PaymentPageState.go_to_checkout),
            rx.link(rx.cond(PaymentPageState.order_id > 0, t("Pay later: back to the order"), t("Pay later: go back")),
                                        href=PaymentPageState.back, size="2"),
            spacing="3", width="100%"), width="100%", max_width="28em"))


def _wallet() -> rx.Component:
    """Pay it all from the wallet, when the wallet covers it (the service checks again)."""
    return rx.cond(PaymentPageState.wallet_can_pay, rx.card(rx.vstack(
        confirm_button(
            rx.button(tf("Pay from wallet (balance {balance})", balance=PaymentPageState.wallet_balance),
                      size="3", width="100%", variant="soft", id="pay-from-wallet", disabled=PaymentPageState.busy),
            t("Pay from your wallet?"),
            tf("{amount} is taken from your wallet credit now.", amount=PaymentPageState.amount),
            t("Pay from wallet"), PaymentPageState.pay_from_wallet),
        rx.text(t("Or pay by card below."), size="2", color_scheme="gray"),
        spacing="2", width="100%"), width="100%", max_width="28em"))


# Any member pays here (a resident's order or bill, a shop's ad or service cover): the service
# shows a payment to its payer only.
@area_page("/pay/[payment_id]", "Payment · Community Hub", "member", PaymentPageState.load, WalletRestState.load,
           WalletAppPayState.load)
def resident_pay() -> rx.Component:
    return member_shell(
        page_title(rx.cond(PaymentPageState.hosted, t("Payment"), t("Demo payment")),
                   rx.cond(PaymentPageState.order_id > 0,
                           tf("Order #{id} at {shop}", id=PaymentPageState.order_id, shop=PaymentPageState.shop_name),
                           PaymentPageState.description)),
        rx.cond(~PaymentPageState.hosted, rx.callout(
            t("This is a demo payment page: no real card is charged. 4242 4242 4242 4242 succeeds, "
              "4000 0000 0000 0002 is declined."), icon="info", color_scheme="blue", width="100%",
            id="demo-payment-note")),
        error_callout(PaymentPageState.error),
        rx.cond(
            PaymentPageState.found,
            rx.cond(
                PaymentPageState.paid,
                rx.vstack(rx.callout(t("Paid. Thank you!"), icon="check", color_scheme="green", width="100%", id="paid"),
                          rx.link(rx.cond(PaymentPageState.order_id > 0, t("Follow your order"), t("Go on")),
                                  href=PaymentPageState.back)),
                rx.cond(~PaymentPageState.payable & ~PaymentPageState.confirming, rx.vstack(
                    rx.callout(rx.cond(PaymentPageState.order_id > 0, t("This order is not waiting for a payment any more."),
                                       t("This is not waiting for a payment any more.")), icon="info", width="100%",
                               id="not-payable"),
                    rx.link(rx.cond(PaymentPageState.order_id > 0, t("See the order"), t("Go back")),
                            href=PaymentPageState.back)),
                rx.vstack(_wallet(), wallet_rest_offer(), rx.cond(WalletAppPayState.is_qr, wallet_app_qr(), rx.cond(PaymentPageState.hosted, _hosted(), rx.card(
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
                        rx.link(rx.cond(PaymentPageState.order_id > 0, t("Pay later: back to the order"), t("Pay later: go back")),
                                        href=PaymentPageState.back,
                                size="2"),
                        spacing="3", width="100%",
                    ), on_submit=PaymentPageState.pay, reset_on_submit=False),
                    width="100%", max_width="28em",
                ))), wallet_app_offers(), width="100%")),
            ),
        ),
    )  # leaving the page stops the confirming poller and the QR's (state/shared/live_watch.py)
