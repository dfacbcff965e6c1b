"""Residents: browse the community's channels (guides, directories) and their entries."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_header, page_title
from components.i18n import t
from components.lists import card_links
from components.property_ads import ad_strip
from components.shells import resident_shell
from state.property.ads import ResidentAdsState
from state.property.channels import ResidentChannelsState as S


@area_page("/channels", "Channels · Community Hub", "resident", S.load_list)
def resident_channels() -> rx.Component:
    return resident_shell(
        page_header(t("Channels"), t("Guides and directories from your property office."), error=S.error),
        rx.cond(S.rows.length() == 0, empty_state("book-open", t("No channels yet"), t("The office has not published any.")),
                card_links(S.rows, "name", lambda r: "/channels/" + r["slug"], id="channels-list")),
    )


@area_page("/channels/[channel_slug]", "Channel · Community Hub", "resident",
           S.load_channel, ResidentAdsState.load("channel_sidebar"))
def resident_channel() -> rx.Component:
    return resident_shell(
        # React hoists these into <head>: the channel's own SEO title and description.
        rx.cond(S.seo_title != "", rx.el.title(S.seo_title)),
        rx.cond(S.seo_description != "", rx.el.meta(name="description", content=S.seo_description)),
        rx.link(t("← All channels"), href="/channels"),
        error_callout(S.error),
        rx.cond(S.name != "", rx.vstack(
            page_title(S.name, S.description),
            rx.cond(S.header_text != "", rx.box(rx.markdown(S.header_text), width="100%")),
            rx.cond(S.entries.length() == 0, rx.text(t("Nothing here yet."), color_scheme="gray"),
                    rx.vstack(rx.foreach(S.entries, lambda e: rx.card(rx.vstack(
                        rx.foreach(S.fields, lambda f, i: rx.cond(e[i] != "", rx.hstack(
                            rx.text(f["label"], ":", size="2", color_scheme="gray"), rx.text(e[i], size="2"),
                            spacing="2"))), spacing="1"), width="100%", class_name="channel-entry")),
                        spacing="2", width="100%", id="channel-entries")),
            rx.cond(S.footer_text != "", rx.box(rx.markdown(S.footer_text), width="100%", color=rx.color("gray", 11))),
            ad_strip(),
            spacing="3", width="100%")),
    )
