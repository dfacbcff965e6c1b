"""/share/items (items I may see, filtered by kind; my posts with renew and withdraw) and
/share/items/new (post an item)."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, form_label, page_header
from components.file_picker import labelled_upload
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.share_items import ShareItemsState as S
from state.resident.share_items_new import UPLOAD_ID
from state.resident.share_items_new import ShareItemNewState as N

SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def item_card(i) -> rx.Component:
    return rx.link(rx.card(rx.hstack(
        rx.cond(i["photo"] != "", rx.image(src=i["photo"], alt=i["title"], width="5em", height="5em",
                                           object_fit="cover", border_radius="6px"),
                rx.center(rx.icon("package", size=28, color=rx.color("gray", 8)), width="5em", height="5em")),
        rx.vstack(
            rx.hstack(rx.text(i["title"], weight="bold", size="4"), rx.spacer(), rx.text(i["offer"], weight="bold"),
                      width="100%", align="center"),
            rx.hstack(rx.badge(i["kind_label"]), rx.badge(i["condition"], color_scheme="gray"),
                      rx.cond(i["place"] != "", rx.text(i["place"], size="1", color_scheme="gray")),
                      wrap="wrap", spacing="2"),
            spacing="1", width="100%"),
        width="100%", align="center"), width="100%"), href="/share/items/" + i["id"], underline="none", width="100%",
        class_name="item-card")


def _my_row(i) -> rx.Component:
    return rx.card(rx.hstack(
        rx.link(i["title"], href="/share/items/" + i["id"], weight="bold"),
        rx.badge(i["status_label"], color_scheme=rx.cond(i["status"] == "available", "green", "gray")),
        rx.cond((i["status"] == "available") | (i["status"] == "reserved") | (i["status"] == "expired"),
                rx.text(tf("Up until {day}", day=i["expires"]), size="1", color_scheme="gray")),
        rx.spacer(),
        rx.cond((i["status"] == "available") | (i["status"] == "reserved") | (i["status"] == "expired"),
                rx.button(t("Renew"), size="1", variant="soft", disabled=S.busy, on_click=S.renew(i["id"]),
                          aria_label=tf("Renew {title}", title=i["title"]))),
        rx.cond((i["status"] == "available") | (i["status"] == "reserved"), confirm_button(
            rx.button(t("Withdraw"), size="1", variant="soft", color_scheme="red", disabled=S.busy,
                      aria_label=tf("Withdraw {title}", title=i["title"])),
            t("Withdraw this item?"), t("Nobody can ask for it any more; a buyer who paid gets the money back."),
            t("Withdraw"), S.withdraw(i["id"]), color_scheme="red")),
        wrap="wrap", align="center", width="100%", spacing="2"), width="100%", class_name="my-item")


@area_page("/share/items", "Items · Sharing · Community Hub", "resident", S.load)
def share_items() -> rx.Component:
    return resident_shell(
        rx.link(t("← Sharing"), href="/share", size="2"),
        page_header(t("Items"), t("Sell, swap or give away among neighbours."), error=S.error, notice=S.notice,
                    action=rx.link(rx.button(rx.icon("plus", size=16), t("Post an item")), href="/share/items/new")),
        rx.hstack(rx.link(t("My messages"), href="/share/messages"), rx.link(t("Reviews"), href="/share/reviews"),
                  spacing="4"),
        rx.cond(S.at_limit, rx.callout(tf("You have {n} active posts, the most allowed; withdraw one first.", n=S.most),
                                       icon="info", color_scheme="orange", width="100%")),
        rx.hstack(form_label(t("Show"), html_for="items-kind"),
                  rx.el.select(rx.el.option(t("All items"), value=""), rx.el.option(t("For sale"), value="sell"),
                               rx.el.option(t("To swap"), value="swap"), rx.el.option(t("Free to a good home"), value="give"),
                               id="items-kind", value=S.kind, on_change=S.set_kind, style=SELECT_STYLE),
                  align="center", spacing="2"),
        rx.cond(S.items.length() == 0,
                rx.cond(S.loaded, empty_state("package", t("No items yet"),
                                              t("Items your neighbours share with you appear here."))),
                rx.vstack(rx.foreach(S.items, item_card), width="100%", spacing="2")),
        rx.heading(t("My posts"), size="4", margin_top="1em"),
        rx.text(tf("{n} of {most} active posts", n=S.active, most=S.most), size="2", color_scheme="gray"),
        rx.cond(S.mine.length() == 0, rx.text(t("You have not posted an item yet."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(S.mine, _my_row), width="100%", spacing="2")),
    )


def _photos() -> rx.Component:
    return rx.vstack(
        rx.text(t("Photos"), weight="medium", size="2"),
        labelled_upload(t("Drop photos here or click to choose"),
                        rx.text(t("Drop photos here or click to choose"), size="2"), id=UPLOAD_ID,
                        accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]},
                        max_files=6, multiple=True, border="1px dashed", padding="1em"),
        rx.button(t("Add the photos"), size="2", variant="soft", disabled=N.busy, type="button",
                  on_click=N.add_photos(rx.upload_files(upload_id=UPLOAD_ID))),
        rx.foreach(N.picked, lambda name, i: rx.hstack(
            rx.icon("image", size=14), rx.text(name, size="2"),
            rx.button(t("Remove"), size="1", variant="ghost", type="button", on_click=N.remove_photo(i.to_string()),
                      aria_label=tf("Remove {name}", name=name)), align="center")),
        rx.text(t("A sale or a swap needs at least one photo; up to 6."), size="1", color_scheme="gray"),
        spacing="2", width="100%")


def _text(label, name, *, required=False, max_length=80, **props) -> rx.Component:
    return rx.vstack(form_label(label, html_for="item-" + name),
                     rx.input(id="item-" + name, name=name, required=required, max_length=max_length, width="100%",
                              **props), spacing="1", width="100%")


@area_page("/share/items/new", "Post an item · Sharing · Community Hub", "resident", N.load)
def share_items_new() -> rx.Component:
    return resident_shell(
        rx.link(t("← Items"), href="/share/items", size="2"),
        page_header(t("Post an item"), error=N.error, notice=N.notice),
        rx.cond(N.at_limit, rx.callout(tf("You have {n} active posts, the most allowed; withdraw one first.", n=N.most),
                                       icon="info", color_scheme="orange", width="100%")),
        rx.card(rx.vstack(
            _photos(),
            rx.form(rx.vstack(
                _text(t("Title"), "title", required=True),
                rx.vstack(form_label(t("Description"), html_for="item-description"),
                          rx.text_area(id="item-description", name="description", max_length=2000, width="100%"),
                          spacing="1", width="100%"),
                rx.hstack(
                    rx.vstack(form_label(t("Condition"), html_for="item-condition"),
                              rx.el.select(rx.el.option(t("New"), value="new"), rx.el.option(t("Like new"), value="like_new"),
                                           rx.el.option(t("Good"), value="good"), rx.el.option(t("Fair"), value="fair"),
                                           id="item-condition", name="condition", default_value="good",
                                           style=SELECT_STYLE), spacing="1"),
                    rx.vstack(form_label(t("Kind"), html_for="item-kind"),
                              rx.el.select(rx.el.option(t("Sell"), value="sell"), rx.el.option(t("Swap"), value="swap"),
                                           rx.el.option(t("Give away"), value="give"), id="item-kind", value=N.kind,
                                           on_change=N.set_kind, style=SELECT_STYLE), spacing="1"),
                    rx.cond(N.kind == "sell", _text(t("Price"), "price", required=True, max_length=12,
                                                    input_mode="decimal", placeholder="12.00")),
                    wrap="wrap", spacing="3", align="end", width="100%"),
                rx.cond(N.kind == "swap", _text(t("What you want in exchange"), "swap_for", required=True, max_length=200)),
                _text(t("Pickup place"), "pickup_place", max_length=120, placeholder=t("Lobby of building B")),
                rx.vstack(form_label(t("Who sees it"), html_for="item-audience"),
                          rx.el.select(rx.el.option(t("The whole community"), value="community"),
                                       rx.el.option(t("All friends"), value="friends"),
                                       rx.el.option(t("Chosen circles"), value="circles"),
                                       id="item-audience", value=N.audience, on_change=N.set_audience,
                                       style=SELECT_STYLE), spacing="1"),
                rx.cond(N.audience == "circles", rx.cond(
                    N.circles.length() == 0,
                    rx.callout(t("You have no circles yet: make them on the friends page."), icon="info", width="100%"),
                    rx.hstack(rx.foreach(N.circles, lambda c: rx.el.label(
                        rx.el.input(type="checkbox", name="circle-" + c["id"]), " ", c["name"])),
                        wrap="wrap", spacing="3"))),
                rx.button(t("Post the item"), type="submit", disabled=N.busy | N.at_limit),
                spacing="3", width="100%"), on_submit=N.post, reset_on_submit=False, width="100%"),
            spacing="4", width="100%"), width="100%"),
    )
