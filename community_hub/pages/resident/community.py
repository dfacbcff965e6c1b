"""Residents' community page: the way in to notices, bills, repairs and the care inbox, plus polls
(vote, results by the poll's rule) and events (sign up, cancel, waiting list)."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, notice_callout, page_title
from components.i18n import N_, t, tf
from components.property_ads import ad_strip
from components.property_polls import percent_bar
from components.shells import resident_shell
from state.property.ads import ResidentAdsState
from state.resident.community_page import CommunityHubState as S

LINKS = [("megaphone", N_("Notices"), N_("News from the office."), "/notices"),
         ("receipt", N_("Bills"), N_("Property fees: pay and statements."), "/bills"),
         ("wrench", N_("Repairs"), N_("Report and follow repairs."), "/repairs"),
         ("message-circle", N_("Ask the office"), N_("Questions and suggestions."), "/care"),
         ("book-open", N_("Channels"), N_("Guides and directories."), "/channels"),
         ("clipboard-list", N_("Forms"), N_("Surveys and requests."), "/forms"),
         ("concierge-bell", N_("Services"), N_("Book help from the office."), "/services"),
         ("wallet", N_("Money"), N_("Payments, refunds and receipts."), "/money"),
         ("piggy-bank", N_("Wallet"), N_("Top up, pay from your balance."), "/me/wallet"),
         ("handshake", N_("Share"), N_("Parking slots, items and friends."), "/share"),
         ("ticket-percent", N_("My coupons"), N_("Coupons you collected."), "/me/coupons"),
         ("message-square", N_("Questions to shops"), N_("Ask a shop near you."), "/questions")]


def _links() -> rx.Component:
    return rx.grid(
        *[rx.link(rx.card(rx.hstack(rx.icon(icon), rx.text(t(title), weight="bold"), align="center"),
                          rx.text(t(text), size="2")), href=href, underline="none")
          for icon, title, text, href in LINKS],
        columns=rx.breakpoints(initial="2", sm="4"), spacing="3", width="100%", id="community-links",
    )


def _option(poll: dict, o: dict) -> rx.Component:
    single = poll["kind"] == "single"
    chooser = rx.cond(
        single,
        rx.radio_group.root(rx.radio_group.item(value=o["id"], aria_label=o["label"]),
                            value=rx.cond(S.picked[poll["id"]].contains(o["id"]), o["id"], ""),
                            on_change=lambda _v: S.pick(poll["id"], o["id"], True, True)),
        rx.checkbox(checked=S.picked[poll["id"]].contains(o["id"]), aria_label=o["label"],
                    on_change=lambda on: S.pick(poll["id"], o["id"], False, on)),
    )
    return rx.vstack(
        rx.hstack(
            rx.cond((poll["open"] != "") & (poll["voted"] == ""), chooser),
            rx.text(o["label"], size="2", weight=rx.cond(o["mine"] != "", "bold", "regular")),
            rx.cond(o["mine"] != "", rx.badge(t("your vote"), size="1")),
            rx.spacer(),
            rx.cond(poll["shown"] != "", rx.text(o["votes"], " · ", o["percent"], "%", size="2")),
            width="100%", align="center", spacing="2", class_name="poll-option"),
        rx.cond(poll["shown"] != "", percent_bar(o["percent"])),
        spacing="1", width="100%",
    )


def _poll(poll: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(poll["question"], size="4"), rx.spacer(),
                  rx.badge(rx.cond(poll["open"] != "", t("open"), t("closed")),
                           color_scheme=rx.cond(poll["open"] != "", "green", "gray")), width="100%"),
        rx.cond(poll["description"] != "", rx.text(poll["description"], size="2")),
        rx.text(poll["scope"], tf(" · closes {when}", when=poll["closes"]), size="1", color_scheme="gray"),
        rx.foreach(S.options[poll["id"]], lambda o: _option(poll, o)),
        rx.cond(poll["shown"] != "",
                rx.text(poll["turnout"], rx.cond(poll["quorum"] != "", " · " + poll["quorum"], ""), size="1",
                        color_scheme="gray", class_name="poll-turnout"),
                rx.text(rx.cond(poll["open"] != "", t("Results are shown after you vote or when the poll closes"),
                                t("Results are shown ")),
                        size="1", color_scheme="gray")),
        rx.cond((poll["open"] != "") & (poll["voted"] == ""),
                rx.button(t("Vote"), on_click=S.vote(poll["id"]), class_name="poll-vote")),
        spacing="2", width="100%"), width="100%", class_name="poll-card")


def _event(ev: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(ev["title"], size="4"), rx.spacer(),
                  rx.cond(ev["cancelled"] != "", rx.badge(t("cancelled"), color_scheme="gray"),
                          rx.cond(ev["full"] != "", rx.badge(t("full"), color_scheme="orange"),
                                  rx.badge(tf("{count} places left", count=ev["left"]), color_scheme="green"))), width="100%"),
        rx.text(ev["when"], " · ", ev["location"], size="2"),
        rx.text(ev["description"], size="2", color_scheme="gray"),
        rx.text(tf("{going} of {capacity} going", going=ev["confirmed"], capacity=ev["capacity"]),
                rx.cond(ev["waitlisted"] != "0", tf(", {count} waiting", count=ev["waitlisted"]), ""), size="1"),
        rx.cond(ev["mine"] == "confirmed", rx.vstack(
            rx.text(t("You are going. Your ticket: "), rx.code(ev["ticket"]), size="2", class_name="event-ticket"),
            rx.hstack(rx.image(src=ev["ticket_qr"], alt=tf("Ticket QR code for {title}", title=ev["title"]), width="140px",
                               height="140px", class_name="event-ticket-qr"),
                      rx.text(t("Show this at the lobby kiosk's scanner to check in."), size="1", color_scheme="gray"),
                      align="center", spacing="3"),
            rx.form(rx.hstack(
                # The event id rides in a hidden field: a form in rx.foreach cannot hand its row to the handler.
                rx.el.input(type="hidden", name="event_id", value=ev["id"]),
                rx.input(name="code", placeholder=t("Code at the door"), size="1", width="10em"),
                rx.button(t("Check in"), type="submit", size="1", variant="soft"), spacing="2"),
                on_submit=S.check_in, reset_on_submit=True),
            spacing="1")),
        rx.cond(ev["mine"] == "waitlisted",
                rx.vstack(rx.text(tf("You are number {position} on the waiting list.", position=ev["position"]), size="2"),
                          rx.text(t("Priority within a group: the higher level first, then whoever registered first. "
                                    "Members without a card come after all cardholders."), size="1", color_scheme="gray"),
                          spacing="0")),
        rx.cond(ev["cancelled"] == "", rx.hstack(
            rx.cond(ev["mine"] == "",
                    rx.cond(ev["full"] != "",
                            rx.button(t("Join the waiting list"), variant="soft", on_click=S.sign_up(ev["id"], True)),
                            rx.button(t("Sign up"), on_click=S.sign_up(ev["id"], False), class_name="event-signup")),
                    rx.button(rx.cond(ev["mine"] == "confirmed", t("Give up my place"), t("Leave the waiting list")),
                              variant="soft", color_scheme="red", on_click=S.cancel(ev["id"]),
                              class_name="event-cancel")))),
        spacing="1", width="100%"), width="100%", class_name="event-card")


@area_page("/community", "Community · Community Hub", "resident", S.load, ResidentAdsState.load("home_carousel"))
def resident_community() -> rx.Component:
    return resident_shell(rx.box(
        page_title(t("Community"), t("Notices, bills, repairs, polls and events of your community.")),
        _links(),
        ad_strip(),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.heading(t("Polls"), size="5", margin_top="1em"),
        rx.cond(S.polls.length() == 0, rx.text(t("No polls right now."), color_scheme="gray"),
                rx.vstack(rx.foreach(S.polls, _poll), spacing="2", width="100%", id="polls")),
        rx.heading(t("Events"), size="5", margin_top="1em"),
        rx.cond(S.events.length() == 0, rx.text(t("No events coming up."), color_scheme="gray"),
                rx.vstack(rx.foreach(S.events, _event), spacing="2", width="100%", id="events")),
        width="100%",
    ))
