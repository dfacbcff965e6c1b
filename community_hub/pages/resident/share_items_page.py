"""/share/items/[item_id]: one item — photos and details; the conversation with the poster (the
poster: each interested neighbour's), live; reserving, paying, confirming receipt, handing over;
reviews once completed; reporting the item or a message."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import demo_card_number
from components.common import confirm_button, form_label, page_header
from components.dialogs import focus_kept
from components.i18n import t, tf
from components.sharing_review import review_button, review_dialog
from components.shells import resident_shell
from state.resident.share_item import ShareItemState as S

I = S.item  # noqa: E741 - the item's facts, read everywhere below


def _facts() -> rx.Component:
    return rx.card(rx.vstack(
        rx.cond(S.photos.length() > 0, rx.hstack(
            rx.foreach(S.photos, lambda src: rx.image(src=src, alt=tf("Photo of {title}", title=I["title"]),
                                                      max_height="14em", border_radius="8px")),
            wrap="wrap", spacing="2")),
        rx.hstack(rx.text(I["offer"], weight="bold", size="5", id="item-offer"), rx.spacer(),
                  rx.badge(I["status_label"], size="2", id="item-status",
                           color_scheme=rx.cond(I["status"] == "available", "green", "orange")),
                  width="100%", align="center"),
        rx.hstack(rx.badge(I["kind_label"]), rx.badge(I["condition"], color_scheme="gray"),
                  rx.badge(I["audience"], color_scheme="gray"), wrap="wrap", spacing="2"),
        rx.cond(I["description"] != "", rx.text(I["description"], white_space="pre-wrap")),
        rx.cond(I["place"] != "", rx.text(tf("Pickup: {place}", place=I["place"]), size="2")),
        rx.text(tf("Posted by {name}", name=I["owner"]), size="2", color_scheme="gray"),
        rx.cond(S.owner_reviews.length() > 0, rx.vstack(
            rx.text(tf("What neighbours say about {name}", name=I["owner"]), size="2", weight="medium"),
            rx.foreach(S.owner_reviews, lambda r: rx.hstack(
                rx.text(r["stars"], color=rx.color("amber", 9), role="img", aria_label=tf("{n} of 5", n=r["rating"])),
                rx.text(r["comment"], size="2"), rx.text(r["name"], size="1", color_scheme="gray"),
                align="center", spacing="2")),
            spacing="1", id="owner-reviews")),
        rx.cond(I["mine"] == "", rx.button(t("Report this item"), variant="ghost", color_scheme="red", size="1",
                                           on_click=S.start_report("item", I["id"]))),
        spacing="2", width="100%"), width="100%")


def _message(m) -> rx.Component:
    return rx.hstack(
        rx.box(rx.cond(m["hidden"] != "", rx.text(t("Removed by a moderator"), size="2", color_scheme="gray"),
                       rx.text(m["body"], size="2", white_space="pre-wrap")),
               rx.text(m["at"], size="1", color_scheme="gray"),
               background=rx.cond(m["mine"] != "", rx.color("accent", 3), rx.color("gray", 3)),
               padding="0.5em 0.75em", border_radius="8px", max_width="80%", class_name="message"),
        rx.cond((m["mine"] == "") & (m["hidden"] == ""),
                rx.button(rx.icon("flag", size=12), variant="ghost", size="1", color_scheme="gray",
                          aria_label=t("Report this message"), on_click=S.start_report("message", m["id"]))),
        justify=rx.cond(m["mine"] != "", "end", "start"), width="100%", align="center")


def _talk_tab(c) -> rx.Component:
    return rx.button(c["name"], rx.cond(c["unread"] != "0", rx.badge(c["unread"], color_scheme="red")),
                     rx.cond(c["reserved"] != "", rx.badge(t("Reserved"), color_scheme="orange")),
                     variant=rx.cond(c["id"] == S.talk_id.to_string(), "solid", "soft"), size="2",
                     on_click=S.open_talk(c["id"]))


def _conversation() -> rx.Component:
    can_write = (S.talk_id != 0) | ((I["mine"] == "") & ((I["status"] == "available") | (I["status"] == "reserved")))
    return rx.card(rx.vstack(
        rx.heading(rx.cond(I["mine"] != "", t("Neighbours who wrote"), t("Message the poster")), size="4"),
        rx.cond(I["mine"] != "", rx.cond(S.talks.length() == 0,
                                         rx.text(t("Nobody has written about it yet."), size="2", color_scheme="gray"),
                                         rx.hstack(rx.foreach(S.talks, _talk_tab), wrap="wrap", spacing="2"))),
        rx.cond(S.talk_id != 0, rx.vstack(
            rx.text(tf("Conversation with {name}", name=rx.cond(I["mine"] != "", S.talk_name, I["owner"])),
                    size="2", weight="medium"),
            rx.vstack(rx.foreach(S.messages, _message), width="100%", spacing="2", id="messages",
                      aria_live="polite"),
            width="100%")),
        rx.cond(can_write, rx.form(rx.vstack(
            form_label(rx.cond(S.talk_id != 0, t("Your message"), t("Write to the poster")), html_for="message-body"),
            rx.text_area(id="message-body", name="body", value=S.draft, on_change=S.set_draft, max_length=1000,
                         width="100%", required=True),
            rx.button(t("Send"), type="submit", disabled=S.busy),
            spacing="2", width="100%"), on_submit=S.send, reset_on_submit=False, width="100%")),
        rx.text(t("Only the two of you read this conversation."), size="1", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def _owner_deal() -> rx.Component:
    status = I["status"]
    return rx.vstack(
        rx.cond((status == "available") & (S.talk_id != 0), confirm_button(
            rx.button(tf("Reserve for {name}", name=S.talk_name), disabled=S.busy),
            t("Reserve the item?"), tf("The others who wrote are told it is reserved for {name}.", name=S.talk_name),
            t("Reserve"), S.reserve)),
        rx.cond(status == "reserved", rx.vstack(
            rx.text(tf("Reserved for {name}", name=I["reserved_name"]), weight="medium", id="reserved-for"),
            rx.cond(I["kind"] == "sell", rx.text(rx.cond(
                I["paid"] != "", rx.cond(I["problem"] != "", t("The buyer reported a problem: an admin settles the money."),
                                          t("The buyer has paid; the money comes to you when they confirm receipt.")),
                t("Waiting for the buyer to pay.")), size="2")),
            rx.cond((I["kind"] != "sell") & (I["owner_done"] == ""),
                    rx.button(t("Mark as handed over"), on_click=S.mark_done, disabled=S.busy)),
            rx.cond((I["kind"] != "sell") & (I["owner_done"] != ""),
                    rx.text(t("You marked it handed over; waiting for the other side."), size="2")),
            rx.cond(I["paid"] == "", rx.button(t("Take the reservation back"), variant="soft", on_click=S.release,
                                                disabled=S.busy)),
            spacing="2")),
        rx.cond((status == "available") | (status == "reserved") | (status == "expired"), rx.hstack(
            rx.text(tf("Up until {day}", day=I["expires"]), size="2", color_scheme="gray"),
            rx.button(t("Renew"), variant="soft", size="1", on_click=S.renew, disabled=S.busy),
            rx.cond(status != "expired", confirm_button(
                rx.button(t("Withdraw"), variant="soft", size="1", color_scheme="red", disabled=S.busy),
                t("Withdraw this item?"), t("Nobody can ask for it any more; a buyer who paid gets the money back."),
                t("Withdraw"), S.withdraw, color_scheme="red")),
            align="center", spacing="3")),
        spacing="3", width="100%")


def _taker_deal() -> rx.Component:
    return rx.cond((I["reserved_for_me"] != "") & (I["status"] == "reserved"), rx.vstack(
        rx.text(t("Reserved for you. Agree the time and place of pickup in the conversation."), weight="medium",
                id="reserved-for"),
        rx.cond(I["kind"] == "sell", rx.cond(I["paid"] == "", rx.vstack(
            demo_card_number("pay-card", S.card, S.set_card),
            confirm_button(rx.button(tf("Pay {amount}", amount=I["offer"]), disabled=S.busy, id="pay-item"),
                           t("Pay for the item?"),
                           tf("{amount} is charged now; the platform holds it until you confirm receipt "
                              "(or for 72 hours if you neither confirm nor report a problem).", amount=I["offer"]),
                           t("Pay"), S.pay),
            spacing="2", width="100%"),
            rx.vstack(
                rx.text(t("Paid: the platform holds the money. Confirm receipt when you have the item."), size="2"),
                rx.hstack(confirm_button(rx.button(t("Confirm receipt"), disabled=S.busy),
                                         t("Confirm receipt?"), t("The money goes to the seller. This cannot be undone."),
                                         t("Confirm receipt"), S.confirm_receipt),
                          rx.cond(I["problem"] == "", rx.button(t("Report a problem"), variant="soft", color_scheme="red",
                                                                on_click=S.report_problem, disabled=S.busy),
                                  rx.text(t("Problem reported: an admin settles the money."), size="2")),
                          spacing="3", wrap="wrap"),
                spacing="2")),
            rx.cond(I["taker_done"] == "", rx.button(t("Mark as handed over"), on_click=S.mark_done, disabled=S.busy),
                    rx.text(t("You marked it handed over; waiting for the other side."), size="2"))),
        spacing="2", width="100%"))


def _deal() -> rx.Component:
    done = I["status"] == "completed"
    involved = (I["mine"] != "") | (I["reserved_for_me"] != "")
    return rx.card(rx.vstack(
        rx.cond(done, rx.hstack(rx.text(t("Completed."), weight="medium", id="item-completed"),
                                rx.cond(involved, review_button("item", I["id"], rx.cond(I["mine"] != "",
                                                                                         I["reserved_name"], I["owner"]))),
                                align="center", spacing="3"),
                rx.cond(I["mine"] != "", _owner_deal(), _taker_deal())),
        spacing="3", width="100%"), width="100%")


def _report_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(S.report_kind == "item", t("Report this item"), t("Report this message"))),
        rx.form(rx.vstack(
            form_label(t("What is wrong?"), html_for="report-reason"),
            rx.text_area(id="report-reason", name="reason", max_length=500, width="100%", required=True),
            rx.hstack(rx.button(t("Cancel"), variant="soft", type="button", on_click=S.close_report),
                      rx.button(t("Send the report"), type="submit", color_scheme="red", disabled=S.busy),
                      justify="end", spacing="3", width="100%"),
            spacing="2", width="100%"), on_submit=S.send_report, reset_on_submit=True),
        **focus_kept()), open=S.reporting, on_open_change=S.set_report_open)


@area_page("/share/items/[item_id]", "Item · Sharing · Community Hub", "resident", S.load)
def share_item() -> rx.Component:
    return resident_shell(rx.vstack(
        rx.link(t("← Items"), href="/share/items", size="2"),
        page_header(rx.cond(S.found, I["title"], t("Item")), error=S.error, notice=S.notice),
        rx.cond(S.found, rx.vstack(
            _facts(),
            rx.cond((I["mine"] != "") | (I["reserved_for_me"] != ""), _deal()),
            _conversation(),
            width="100%", spacing="3")),
        _report_dialog(),
        review_dialog(),
        width="100%",
    ))
