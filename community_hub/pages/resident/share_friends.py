"""/share/friends: find neighbours, friend requests, friends, circles, blocks and privacy."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, form_label, page_header
from components.i18n import N_, t, tf
from components.shells import resident_shell
from state.resident.share_friends import ShareFriendsState as S

REACHES = [("community", N_("The whole community")), ("friends_of_friends", N_("Friends of friends")),
           ("nobody", N_("Nobody"))]
SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def _select(name: str, label: str, value) -> rx.Component:
    return rx.vstack(form_label(t(label), html_for=f"privacy-{name}"),
                     rx.el.select(*[rx.el.option(t(word), value=code) for code, word in REACHES],
                                  id=f"privacy-{name}", name=name, default_value=value, style=SELECT_STYLE),
                     spacing="1")


def _found(n) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(n["name"], weight="bold"), rx.cond(n["unit"] != "", rx.text(n["unit"], size="1", color_scheme="gray")),
                  spacing="0"),
        rx.spacer(),
        rx.match(n["relation"],
                 ("friend", rx.badge(t("Friends"), color_scheme="green")),
                 ("requested", rx.badge(t("Request sent"), color_scheme="blue")),
                 ("asked_me", rx.badge(t("Asked you"), color_scheme="orange")),
                 rx.button(t("Add friend"), size="2", on_click=S.send_request(n["id"]), disabled=S.busy,
                           aria_label=tf("Add {name} as a friend", name=n["name"]))),
        rx.button(t("Block"), size="1", variant="ghost", color_scheme="red", on_click=S.block(n["id"]),
                  disabled=S.busy, aria_label=tf("Block {name}", name=n["name"])),
        width="100%", align="center", class_name="neighbour-row",
    )


def _find() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Find neighbours"), size="4"),
        rx.form(rx.hstack(
            rx.input(name="query", id="neighbour-query", value=S.query, on_change=S.set_query, max_length=60,
                     placeholder=t("A name or a unit, like B-204"), aria_label=t("Name or unit"), width="100%"),
            rx.button(t("Search"), type="submit", disabled=S.busy), width="100%"),
            on_submit=S.search, reset_on_submit=False, width="100%"),
        rx.text(t("Only neighbours of your community who allow it are found."), size="1", color_scheme="gray"),
        rx.cond(S.searched, rx.cond(S.found.length() == 0,
                                    rx.text(t("Nobody found."), size="2", color_scheme="gray", id="nobody-found"),
                                    rx.vstack(rx.foreach(S.found, _found), width="100%", spacing="2"))),
        width="100%", spacing="2"), width="100%")


def _request_in(r) -> rx.Component:
    return rx.hstack(rx.text(r["name"], weight="bold"), rx.spacer(),
                     rx.button(t("Accept"), size="2", on_click=S.accept(r["id"]), disabled=S.busy,
                               aria_label=tf("Accept {name}", name=r["name"])),
                     rx.button(t("Decline"), size="2", variant="soft", color_scheme="gray", on_click=S.decline(r["id"]),
                               disabled=S.busy, aria_label=tf("Decline {name}", name=r["name"])),
                     width="100%", align="center", class_name="request-in")


def _request_out(r) -> rx.Component:
    return rx.hstack(rx.text(r["name"]), rx.badge(t("Waiting for an answer")), rx.spacer(),
                     rx.button(t("Withdraw"), size="1", variant="ghost", on_click=S.withdraw(r["id"]), disabled=S.busy,
                               aria_label=tf("Withdraw the request to {name}", name=r["name"])),
                     width="100%", align="center", class_name="request-out")


def _friend(p) -> rx.Component:
    return rx.hstack(
        rx.text(p["name"], weight="bold"), rx.spacer(),
        confirm_button(rx.button(t("Remove"), size="1", variant="soft", color_scheme="gray",
                                 aria_label=tf("Remove {name}", name=p["name"])),
                       t("Remove this friend?"), tf("{name} leaves your friends and your circles.", name=p["name"]),
                       t("Remove"), S.remove_friend(p["id"]), color_scheme="red"),
        confirm_button(rx.button(t("Block"), size="1", variant="ghost", color_scheme="red",
                                 aria_label=tf("Block {name}", name=p["name"])),
                       t("Block this neighbour?"),
                       t("Neither of you will see the other's posts, book or message; they are not told."),
                       t("Block"), S.block(p["id"]), color_scheme="red"),
        width="100%", align="center", class_name="friend-row")


def _circle(c) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(c["name"], weight="bold"), rx.badge(tf("{n} friends", n=c["count"])), rx.spacer(),
                  confirm_button(rx.button(t("Delete"), size="1", variant="ghost", color_scheme="red",
                                           aria_label=tf("Delete the circle {name}", name=c["name"])),
                                 t("Delete this circle?"), t("Posts shown only to it are then seen by nobody but you."),
                                 t("Delete"), S.delete_circle(c["id"]), color_scheme="red"),
                  width="100%", align="center"),
        rx.foreach(S.circle_members, lambda m: rx.cond(
            m["circle"] == c["id"],
            rx.hstack(rx.text(m["name"], size="2"), rx.spacer(),
                      rx.button(t("Take out"), size="1", variant="ghost", on_click=S.remove_from_circle(c["id"], m["user"]),
                                aria_label=tf("Take {name} out of {circle}", name=m["name"], circle=c["name"])),
                      width="100%", align="center"))),
        rx.cond(S.friends.length() > 0, rx.form(rx.hstack(
            rx.el.input(type="hidden", name="circle", value=c["id"]),
            rx.el.select(rx.el.option(t("Choose a friend"), value=""),
                         rx.foreach(S.friends, lambda p: rx.el.option(p["name"], value=p["id"])),
                         name="friend", aria_label=tf("Friend to add to {name}", name=c["name"]), style=SELECT_STYLE),
            rx.button(t("Add"), size="1", type="submit", disabled=S.busy), align="center"),
            on_submit=S.add_to_circle, reset_on_submit=True)),
        width="100%", spacing="2"), width="100%", class_name="circle-card")


def _circles() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Circles"), size="4"),
        rx.text(t("Your own groups of friends, like “Building B” or “Parents”: show a post to chosen circles only."),
                size="2", color_scheme="gray"),
        rx.form(rx.hstack(rx.input(name="name", id="circle-name", max_length=60, placeholder=t("New circle's name"),
                                   aria_label=t("New circle's name"), required=True),
                          rx.button(t("Create circle"), type="submit", disabled=S.busy), align="center"),
                on_submit=S.create_circle, reset_on_submit=True, key=S.circle_form_key.to_string()),
        rx.cond(S.circles.length() == 0, rx.text(t("No circles yet."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(S.circles, _circle), width="100%", spacing="2")),
        width="100%", spacing="2")


def _privacy() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Privacy"), size="4"),
        rx.hstack(_select("findable_by", N_("Who may find me"), S.findable_by),
                  _select("requests_from", N_("Who may send me friend requests"), S.requests_from),
                  wrap="wrap", spacing="4"),
        rx.button(t("Save privacy"), type="submit", disabled=S.busy, size="2"),
        spacing="2", width="100%"), on_submit=S.save_privacy, reset_on_submit=False,
        key=S.findable_by + S.requests_from), width="100%")


def _blocked(p) -> rx.Component:
    return rx.hstack(rx.text(p["name"]), rx.spacer(),
                     rx.button(t("Unblock"), size="1", variant="soft", on_click=S.unblock(p["id"]), disabled=S.busy,
                               aria_label=tf("Unblock {name}", name=p["name"])),
                     width="100%", align="center", class_name="blocked-row")


@area_page("/share/friends", "Friends · Sharing · Community Hub", "resident", S.load)
def share_friends() -> rx.Component:
    return resident_shell(
        rx.link(t("← Sharing"), href="/share", size="2"),
        page_header(t("Friends and circles"), t("Share with the neighbours you know."), error=S.error, notice=S.notice),
        _find(),
        rx.cond(S.incoming.length() > 0, rx.vstack(
            rx.heading(t("Asking to be your friend"), size="4"),
            rx.vstack(rx.foreach(S.incoming, _request_in), width="100%", spacing="2"),
            width="100%", id="requests-in")),
        rx.heading(t("Friends"), size="4", margin_top="0.5em"),
        rx.cond(S.friends.length() == 0,
                rx.cond(S.loaded, empty_state("users", t("No friends yet"),
                                              t("Find a neighbour above and send a friend request."))),
                rx.vstack(rx.foreach(S.friends, _friend), width="100%", spacing="2", id="friends")),
        rx.cond(S.outgoing.length() > 0, rx.vstack(
            rx.heading(t("Your requests"), size="3"),
            rx.vstack(rx.foreach(S.outgoing, _request_out), width="100%", spacing="1"), width="100%")),
        _circles(),
        _privacy(),
        rx.vstack(rx.heading(t("Blocked"), size="4"),
                  rx.cond(S.blocked.length() == 0, rx.text(t("Nobody is blocked."), size="2", color_scheme="gray"),
                          rx.vstack(rx.foreach(S.blocked, _blocked), width="100%", spacing="1")),
                  width="100%", spacing="2"),
    )
