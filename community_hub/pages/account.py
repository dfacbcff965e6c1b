"""Every member's own account page and inbox."""

import reflex as rx

from community_hub.pages.agent.referral_card import referral_card
from components.area_page import area_page
from components.common import (
    empty_state,
    error_callout,
    field,
    notice_callout,
    page_title,
    pager,
    submit_button,
)
from components.i18n import t
from components.notify_choices import notify_choices
from components.shells import member_shell
from state.agent.referral import ReferralState
from state.auth.account import AccountState
from state.shared.inbox import InboxState
from state.shared.notify_choices import NotifyChoicesState
from state.shared.session import SessionState


@area_page("/account", "Your account · Community Hub", "member", AccountState.clear, ReferralState.load,
           NotifyChoicesState.load)
def account_page() -> rx.Component:
    return member_shell(
        page_title(t("Your account"), SessionState.user_name),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Change password"), size="4"),
                    error_callout(AccountState.error),
                    notice_callout(AccountState.notice),
                    field(t("Current password"), "current", type="password", auto_complete="current-password"),
                    field(t("New password"), "new", type="password", auto_complete="new-password"),
                    field(t("New password again"), "new2", type="password", auto_complete="new-password"),
                    submit_button(t("Change password"), AccountState.busy),
                    spacing="3", width="100%",
                ),
                on_submit=AccountState.change_password,
                reset_on_submit=True,
            ),
            max_width="480px",
        ),
        rx.box(notify_choices(), max_width="480px", width="100%"),
        rx.card(
            rx.vstack(
                rx.heading(t("Sessions"), size="4"),
                rx.text(t("Log out here, or on every device at once (for a lost phone)."), size="2"),
                rx.hstack(
                    rx.button(t("Log out"), variant="soft", on_click=SessionState.logout),
                    rx.button(t("Log out everywhere"), color_scheme="red", variant="soft",
                              on_click=AccountState.logout_everywhere, id="logout-everywhere"),
                ),
                spacing="3",
            ),
            max_width="480px", margin_top="1em",
        ),
        rx.box(referral_card(), margin_top="1em", width="100%"),
    )


def _item(item: dict) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.hstack(rx.cond(item["unread"] != "", rx.badge(t("new"), color_scheme="red")),
                          rx.text(item["title"], weight="bold")),
                rx.text(item["body"], size="2", white_space="pre-line"),
                rx.text(item["when"], size="1", color_scheme="gray"),
                spacing="1", align="start",
            ),
            rx.spacer(),
            rx.cond(item["unread"] != "", rx.button(t("Mark read"), size="1", variant="soft",
                                                    on_click=InboxState.mark_read(item["id"]))),
            width="100%",
        ),
        width="100%",
    )


@area_page("/inbox", "Inbox · Community Hub", "member", InboxState.load)
def inbox_page() -> rx.Component:
    return member_shell(
        rx.hstack(page_title(t("Inbox")), rx.spacer(),
                  rx.button(t("Mark all read"), variant="soft", on_click=InboxState.mark_read(""),
                            disabled=SessionState.unread == 0)),
        error_callout(InboxState.error),
        rx.box(rx.cond(
            InboxState.total == 0,
            empty_state("bell", t("Nothing here yet"),
                        t("Order updates, notices and replies to your requests arrive here.")),
            rx.vstack(rx.foreach(InboxState.items, _item), pager(InboxState.page, InboxState.pages, InboxState.goto),
                      width="100%"),
        # No on_unmount ending the live watch here: member_shell draws the page in one of two shells
        # and swaps them when the roles arrive after a full page load, which unmounted this box and
        # ended the watch at once (the inbox stopped updating). The watch ends on its own when the
        # path changes or the page loads again.
        ), width="100%", id="inbox-list"),
    )
