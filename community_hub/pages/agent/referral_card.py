"""The referral card: a member's code, link and QR, who referred them, how many joined through
them, and the way to become an agent (or to their console). Shown on /account and /agent."""

import reflex as rx

from components.i18n import t, tf
from state.agent.referral import ReferralState as R


def _agent_link() -> rx.Component:
    return rx.match(
        R.agent_status,
        ("active", rx.link(t("Open your agent console"), href="/agent", id="agent-console-link")),
        ("suspended", rx.link(t("Your agent account is suspended: see your agent console"), href="/agent",
                              id="agent-console-link")),
        rx.cond(R.application_state == "",
                rx.link(t("Become an agent: earn commission on what the people you bring spend"),
                        href="/agent/apply", id="agent-apply-link"),
                rx.link(t("Your agent application"), href="/agent/apply", id="agent-apply-link")),
    )


def referral_card(show_agent_link: bool = True) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Invite neighbours"), size="4"),
            rx.text(t("Whoever signs up through your link is linked to you for good."), size="2",
                    color_scheme="gray"),
            rx.flex(
                rx.image(src=R.qr, alt=tf("QR code of your referral link {link}", link=R.link), width="148px",
                         height="148px", id="referral-qr"),
                rx.vstack(
                    rx.hstack(rx.text(t("Your referral code:"), size="2"),
                              rx.code(R.code, size="3", id="referral-code"), align="center"),
                    rx.text(t("Your link:"), size="2"),
                    rx.code(R.link, id="referral-link", word_break="break-all"),
                    rx.button(rx.icon("copy", size=14), t("Copy link"), size="1", variant="soft",
                              on_click=rx.set_clipboard(R.link), id="copy-referral-link"),
                    rx.text(rx.cond(R.referred_count == 1, t("1 person joined through you."),
                                    tf("{count} people joined through you.", count=R.referred_count)),
                            size="2", id="referred-count"),
                    spacing="2", align="start",
                ),
                gap="4", wrap="wrap", align="center",
            ),
            rx.cond(R.referrer_name != "",
                    rx.text(tf("You were referred by {name}.", name=R.referrer_name), size="2", id="my-referrer")),
            rx.cond(R.unbound_note != "", rx.text(R.unbound_note, size="2", color_scheme="amber", id="my-referrer")),
            _agent_link() if show_agent_link else rx.fragment(),
            spacing="3", width="100%",
        ),
        max_width="640px", width="100%", id="referral-card",
    )
