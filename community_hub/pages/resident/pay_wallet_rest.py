"""The pay page's offer to use the wallet's credit for part of a payment and pay the rest."""

import reflex as rx

from components.common import confirm_button, error_callout
from components.i18n import t, tf
from state.resident.wallet_rest import WalletRestState as W


def wallet_rest_offer() -> rx.Component:
    """Shown only when the credit covers part (not all) of an order, bill or deposit; asks first."""
    return rx.cond(W.credit != "", rx.card(rx.vstack(
        error_callout(W.error),
        confirm_button(
            rx.button(tf("Use my {credit} and pay the other {rest}", credit=W.credit, rest=W.rest),
                      size="3", width="100%", variant="soft", id="pay-rest", disabled=W.busy),
            t("Use your wallet credit?"),
            tf("You pay {rest} now; once it arrives, {credit} is taken from your wallet and the whole "
               "amount is paid. Refunds of it go back to your wallet.", rest=W.rest, credit=W.credit),
            t("Pay the rest"), W.pay_rest),
        spacing="2", width="100%"), width="100%", max_width="28em", id="wallet-rest"))
