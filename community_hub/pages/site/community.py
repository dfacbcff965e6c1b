"""A community's public site: its front (/c/{slug}) and, under it, its public channels, their
entries and its public notices. Readable without logging in (`@area_page(..., "public", ...)`)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout
from components.i18n import t, tf
from components.seo_editor import seo_editor
from components.site_shell import site_shell
from state.site.front import CommunityFrontState as F
from state.site.front import PublicChannelState as CH
from state.site.front import PublicEntryState as EN
from state.site.front import PublicNoticeState as NO


def _section(title: str, rows, render, empty: str, id: str) -> rx.Component:
    return rx.el.section(rx.vstack(
        rx.heading(title, size="5", as_="h2"),
        rx.cond(rows.length() == 0, rx.text(empty, color_scheme="gray", size="2"),
                rx.vstack(rx.foreach(rows, render), spacing="2", width="100%")),
        spacing="2", width="100%"), id=id, style={"width": "100%"})


def _notice(n) -> rx.Component:
    return rx.card(rx.link(rx.heading(n["title"], size="3", as_="h3"), href=n["href"]),
                   rx.text(n["when"], size="1", color_scheme="gray"), rx.text(n["excerpt"], size="2"), width="100%")


def _channel(ch) -> rx.Component:
    return rx.card(rx.link(rx.heading(ch["name"], size="3", as_="h3"), href=ch["href"]),
                   rx.text(ch["description"], size="2"), width="100%")


def _shop(s) -> rx.Component:
    return rx.card(rx.hstack(
        rx.vstack(rx.link(rx.heading(s["name"], size="3", as_="h3"), href=s["href"]),
                  rx.text(s["category"], " · ", tf("{minutes} min walk", minutes=s["walk"]), size="1", color_scheme="gray"),
                  rx.text(s["description"], size="2"), spacing="1"),
        width="100%"), width="100%")


def _event(e) -> rx.Component:
    return rx.card(rx.heading(e["title"], size="3", as_="h3"),
                   rx.text(e["when"], rx.cond(e["location"] != "", rx.text.span(" · ", e["location"])), size="2",
                           color_scheme="gray"),
                   rx.text(e["description"], size="2"), width="100%")


@area_page("/c/[community]", F.title, "public", F.load)
def community_front() -> rx.Component:
    return site_shell(
        F.here,
        error_callout(F.error),
        rx.cond(F.found, rx.vstack(
            rx.hstack(rx.vstack(rx.heading(F.community_name, size="8", as_="h1", id="community-name"),
                                rx.cond(F.address != "", rx.text(F.address, color_scheme="gray")), spacing="1"),
                      rx.spacer(), seo_editor("community", F.seo_ref), width="100%", align="start", wrap="wrap"),
            _section(t("Notices"), F.notices, _notice, t("No public notices."), "public-notices"),
            _section(t("Events open to all"), F.events, _event, t("No events coming up."), "public-events"),
            _section(t("Shops within a 10-minute walk"), F.shops, _shop, t("No shops nearby yet."), "public-shops"),
            _section(t("Channels"), F.channels, _channel, t("No public channels."), "public-channels"),
            spacing="5", width="100%")),
    )


def _back(state) -> rx.Component:
    return rx.link(tf("← {community}", community=state.community_name), href=state.community_href)


@area_page("/c/[community]/channel/[channel]", CH.title, "public", CH.load)
def public_channel() -> rx.Component:
    return site_shell(
        CH.here,
        error_callout(CH.error),
        rx.cond(CH.found, rx.vstack(
            _back(CH),
            rx.hstack(rx.heading(CH.channel_name, size="7", as_="h1"), rx.spacer(), seo_editor("channel", CH.seo_ref),
                      width="100%", wrap="wrap"),
            rx.cond(CH.header_text != "", rx.markdown(CH.header_text)),
            rx.cond(CH.description != "", rx.text(CH.description, color_scheme="gray")),
            rx.cond(CH.entries.length() == 0, empty_state("book-open", t("Nothing here yet"), t("This channel has no entries yet.")),
                    rx.vstack(rx.foreach(CH.entries, lambda e: rx.card(
                        rx.link(rx.heading(e["title"], size="3", as_="h2"), href=e["href"]),
                        rx.text(e["summary"], size="2", color_scheme="gray"), width="100%")), spacing="2", width="100%")),
            rx.cond(CH.footer_text != "", rx.markdown(CH.footer_text)),
            spacing="3", width="100%")),
    )


@area_page("/c/[community]/channel/[channel]/[entry]", EN.title, "public", EN.load)
def public_entry() -> rx.Component:
    return site_shell(
        EN.here,
        error_callout(EN.error),
        rx.cond(EN.found, rx.vstack(
            rx.hstack(_back(EN), rx.text("/"), rx.link(EN.channel_name, href=EN.channel_href), spacing="2"),
            rx.hstack(rx.heading(EN.entry_title, size="7", as_="h1", id="entry-title"), rx.spacer(),
                      seo_editor("entry", EN.seo_ref), width="100%", wrap="wrap"),
            rx.el.dl(rx.foreach(EN.values, lambda v: rx.fragment(
                rx.el.dt(rx.text(v["label"], weight="bold", size="2")), rx.el.dd(rx.text(v["value"]), margin_bottom="0.5em")))),
            spacing="3", width="100%")),
    )


@area_page("/c/[community]/notice/[notice_id]", NO.title, "public", NO.load)
def public_notice() -> rx.Component:
    return site_shell(
        NO.here,
        error_callout(NO.error),
        rx.cond(NO.found, rx.vstack(
            _back(NO),
            rx.heading(NO.notice_title, size="7", as_="h1", id="notice-title"),
            rx.text(NO.when, size="1", color_scheme="gray"),
            rx.markdown(NO.body),
            spacing="3", width="100%")),
    )
