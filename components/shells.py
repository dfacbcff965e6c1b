"""The four shells: resident (mobile-first, bottom bar on narrow screens), merchant (sidebar),
staff for property and admin (sidebar), kiosk (fullscreen, no navigation chrome)."""

from __future__ import annotations

import reflex as rx

from components.admin_access import shown_if_allowed
from components.agreement_gate import agreement_gate
from components.common import flash_banner, hydration_marker
from components.community_picker import community_picker
from components.i18n import N_, language_switch, t
from state.resident.urgent_notices import UrgentNoticeState
from state.shared.session import SessionState

RESIDENT_NAV = [(N_("Home"), "/home", "house"), (N_("Shop"), "/shop", "store"), (N_("Orders"), "/orders", "package"),
                (N_("Community"), "/community", "users"), (N_("Card"), "/me/card", "id-card"), (N_("Inbox"), "/inbox", "bell")]
MERCHANT_NAV = [(N_("Dashboard"), "/merchant", "layout-dashboard"), (N_("Shop page"), "/merchant/shop", "store"),
                (N_("Orders"), "/merchant/orders", "package"),
                (N_("Products"), "/merchant/products", "boxes"), (N_("Coupons"), "/merchant/coupons", "ticket-percent"),
                (N_("Customers"), "/merchant/customers", "users"), (N_("Member cards"), "/merchant/member-check", "id-card"),
                (N_("Finance"), "/merchant/finance", "wallet"),
                (N_("Requests"), "/merchant/demands", "megaphone"), (N_("Reviews"), "/merchant/reviews", "star"),
                (N_("Ads"), "/merchant/ads", "presentation"), (N_("Promotions"), "/merchant/promotions", "megaphone"),
                (N_("Customer service"), "/merchant/service", "headset"),
                (N_("Connect your shop"), "/merchant/connect", "plug"),
                (N_("Inbox"), "/inbox", "bell"), (N_("Account"), "/account", "user")]
PROPERTY_NAV = [(N_("Dashboard"), "/property", "building-2"), (N_("Communities"), "/property/communities", "map"),
                (N_("Buildings"), "/property/buildings", "building"), (N_("Households"), "/property/households", "house"),
                (N_("Kiosks"), "/property/kiosks", "monitor-smartphone"), (N_("Member cards"), "/property/cards", "id-card"),
                (N_("Notices"), "/property/notices", "megaphone"),
                (N_("Work orders"), "/property/workorders", "wrench"), (N_("Bills"), "/property/bills", "receipt"), (N_("Fee items"), "/property/fees", "list-ordered"),
                (N_("Polls"), "/property/polls", "vote"), (N_("Events"), "/property/events", "calendar"),
                (N_("Services"), "/property/services", "concierge-bell"), (N_("Care inbox"), "/property/care", "message-circle"),
                (N_("Channels"), "/property/channels", "book-open"),
                (N_("Public site"), "/property/public-site", "globe"),
                (N_("Sharing"), "/property/sharing", "car"), (N_("Cardholder groups"), "/property/cardholder-groups", "users-round"),
                (N_("Forms"), "/property/forms", "clipboard-list"), (N_("Ad slots"), "/property/ads", "megaphone"),
                (N_("Inbox"), "/inbox", "bell"), (N_("Account"), "/account", "user")]
ADMIN_NAV = [(N_("Dashboard"), "/admin", "shield"), (N_("Members"), "/admin/users", "users"),
             (N_("Applications"), "/admin/merchants", "store"), (N_("Listings"), "/admin/listings", "map-pin"), (N_("Products"), "/admin/products", "boxes"),
             (N_("Reviews"), "/admin/reviews", "message-square-warning"),
             (N_("Payments"), "/admin/finance", "wallet"), (N_("Money on hold"), "/admin/held", "hand-coins"),
             (N_("Points"), "/admin/points", "coins"),
             (N_("Public site"), "/admin/site", "globe"), (N_("Partner keys"), "/admin/partners", "plug"),
             (N_("Product review"), "/admin/product-review", "clipboard-check"), (N_("Shops"), "/admin/shops", "store"),
             (N_("Promotions"), "/admin/promotions", "ticket-percent"), (N_("Home curation"), "/admin/home", "layout-grid"),
             (N_("Coupon costs"), "/admin/promotion-costs", "receipt"),
             (N_("Announcements"), "/admin/announcements", "megaphone"),
             (N_("Statistics"), "/admin/statistics", "chart-column"), (N_("Deliveries"), "/admin/logistics", "truck"),
             (N_("Notifications"), "/admin/notifications", "bell-ring"),
             (N_("Card programmes"), "/admin/cards", "id-card"), (N_("Card batches"), "/admin/cards/batches", "layers"),
             (N_("Cardholders"), "/admin/cards/holders", "contact"), (N_("Agents"), "/admin/agents", "handshake"),
             (N_("Sharing rules"), "/admin/sharing", "car"),
             (N_("Service cover"), "/admin/service-cover", "headset"), (N_("Service queue"), "/admin/service-queue", "inbox"),
             (N_("Back-office roles"), "/admin/staff", "key-round"),
             (N_("Audit log"), "/admin/audit", "scroll-text"), (N_("Health"), "/admin/health", "activity"),
             (N_("Outbox"), "/admin/outbox", "mail"), (N_("Inbox"), "/inbox", "bell"), (N_("Account"), "/account", "user")]
AGENT_NAV = [(N_("Agent console"), "/agent", "handshake"), (N_("Inbox"), "/inbox", "bell"), (N_("Account"), "/account", "user")]


def _unread_badge() -> rx.Component:
    return rx.cond(SessionState.unread > 0, rx.badge(SessionState.unread, color_scheme="red", radius="full",
                                                      id="unread-count"))


def _brand() -> rx.Component:
    return rx.link(rx.hstack(rx.icon("house", size=22), rx.heading("Community Hub", size="4"), align="center"),
                   href=SessionState.home, underline="none", color="inherit")


def _user_menu() -> rx.Component:
    return rx.hstack(
        # The name gives way on a phone: the brand and Log out must fit in 390 px.
        rx.el.div(rx.text(SessionState.user_name, size="2", id="user-name", trim="both"), display=["none", "block"]),
        language_switch(),
        rx.button(t("Log out"), size="1", variant="soft", on_click=SessionState.logout, id="logout"),
        align="center", spacing="3",
    )


MAIN_ID = "main-content"


def _top_bar() -> rx.Component:
    return rx.hstack(_brand(), rx.spacer(), _user_menu(), width="100%", padding="0.75em 1em", align="center",
                     border_bottom=f"1px solid {rx.color('gray', 5)}", background=rx.color("gray", 1))


def _skip_link() -> rx.Component:
    """The first thing Tab reaches on every page: past the top bar and the menus to the page's own
    content (assets/a11y.css keeps it out of sight until it has focus)."""
    # The router takes the link over and a hash change moves no focus: the click moves it itself
    # (a script run in the browser, no server call).
    return rx.el.a(t("Skip to content"), href="#" + MAIN_ID, class_name="skip-link",
                   on_click=rx.call_script(f"document.getElementById('{MAIN_ID}').focus()"))


def _main(*children: rx.Component, **props) -> rx.Component:
    """The page's own content: the target of the skip link, and the page's main landmark."""
    return rx.box(*children, id=MAIN_ID, role="main", tab_index=-1, **props)


def _banner_item(n) -> rx.Component:
    """An unread urgent notice (red) or platform announcement (blue); opening it takes it away."""
    urgent = n["kind"] == "urgent"
    return rx.link(
        rx.hstack(rx.cond(urgent, rx.icon("siren", size=18), rx.icon("megaphone", size=18)),
                  rx.text(rx.text.strong(rx.cond(urgent, t("Urgent: "), t("Announcement: "))), n["title"],
                          t(" — tap to read"), size="2"),
                  align="center", spacing="2", padding="0.6em 1em", width="100%",
                  background=rx.cond(urgent, rx.color("red", 9), "#1d4ed8"), color="white"),  # white on it: 6.7:1
        href=n["href"], underline="none", width="100%")


def _urgent_banner() -> rx.Component:
    """Unread urgent notices (residents) and platform announcements (everyone), on whatever page is open."""
    return rx.box(
        rx.foreach(UrgentNoticeState.items, _banner_item),
        # Announced as it appears (aria-live), without being an empty "alert" on every page. Its
        # poller starts in the page's opening (components/area_page's `banner`), not on mount.
        aria_live="assertive", id="urgent-banner", width="100%",
    )


def _tab(label: str, href: str, icon: str) -> rx.Component:
    badge = _unread_badge() if href == "/inbox" else rx.fragment()
    return rx.link(
        rx.vstack(rx.hstack(rx.icon(icon, size=20), badge, spacing="1", align="center"), rx.text(t(label), size="1"),
                  align="center", spacing="0"),
        href=href, underline="none", color="inherit", flex="1", padding="0.5em 0", aria_label=t(label),
    )


def resident_shell(*children: rx.Component) -> rx.Component:
    """Every resident page: one top bar, the urgent banner, and the same six places on every
    screen (links across the top on a desktop, a bottom tab bar a thumb reaches on a phone)."""
    return rx.box(
        _skip_link(),
        _top_bar(),
        _urgent_banner(),
        agreement_gate(),  # a new version of the agreement or rules, until accepted
        # Responsive display goes on plain divs: on a Radix Flex, `display` is a Radix prop and a
        # list there does not become media queries (the phone bar then showed on desktops); and a
        # Radix Box carries `.rt-Box {display: block}`, which wins over the media queries whenever the
        # global stylesheet is linked again after them (React did so on /shop once the map loaded).
        rx.el.div(rx.hstack(*[rx.link(t(label), href=href) for label, href, _ in RESIDENT_NAV], _unread_badge(),
                         spacing="5", padding="0.5em 1em"), display=["none", "none", "block"], id="top-nav"),
        _main(flash_banner(), *children, padding="1em", max_width="900px", margin="0 auto", padding_bottom="5em",
              overflow_wrap="anywhere"),
        # Bottom navigation on phones: thumbs reach it, and it stays put while scrolling.
        rx.el.nav(rx.hstack(*[_tab(*item) for item in RESIDENT_NAV], width="100%", spacing="0"),
                  position="fixed", bottom="0", left="0", right="0", aria_label=t("Main"),
                  background=rx.color("gray", 1), border_top=f"1px solid {rx.color('gray', 5)}",
                  display=["block", "block", "none"], z_index="10", id="bottom-nav"),
        min_height="100vh",
    )


def _sidebar_shell(title: str, nav: list[tuple[str, str, str]], *children: rx.Component) -> rx.Component:
    side = rx.el.div(rx.vstack(
        rx.text(t(title), size="1", weight="bold", color_scheme="gray", text_transform="uppercase"),
        *[
            # An admin sees only the pages their back-office permissions open (components/admin_access).
            shown_if_allowed(href, rx.link(rx.hstack(rx.icon(icon, size=16), rx.text(t(label)), align="center"),
                                           href=href, underline="none", color="inherit", padding="0.4em 0.5em",
                                           width="100%"))
            for label, href, icon in nav
        ],
        rx.hstack(rx.text(t("Unread"), size="1", color_scheme="gray"), _unread_badge(), align="center"),
        padding="1em", spacing="1", align="start"),
        width="220px", min_width="220px", border_right=f"1px solid {rx.color('gray', 5)}",
        display=["none", "none", "block"], min_height="calc(100vh - 60px)",
    )
    # On a phone the links fold into one "Menu" button: a row of a dozen links wrapped over
    # several lines and pushed every page down. The list opens over the page, rows thumb-sized.
    mobile_nav = rx.el.div(rx.hstack(
        rx.popover.root(
            rx.popover.trigger(rx.button(rx.icon("menu", size=16), t("Menu"), variant="soft", size="2", id="mobile-menu")),
            rx.popover.content(
                rx.vstack(*[
                    shown_if_allowed(href, rx.link(rx.hstack(rx.icon(icon, size=16), rx.text(t(label)), align="center"),
                                                   href=href, underline="none", color="inherit",
                                                   padding="0.55em 0.5em", width="100%"))
                    for label, href, icon in nav
                ], spacing="0", min_width="14em"),
                align="start", max_height="75vh", overflow_y="auto", id="mobile-menu-list", aria_label=t(title),
            ),
        ),
        rx.text(t(title), size="1", weight="bold", color_scheme="gray", text_transform="uppercase"),
        align="center", padding="0.5em 1em", spacing="3"), display=["block", "block", "none"])
    return rx.box(
        _skip_link(),
        _top_bar(),
        mobile_nav,
        agreement_gate(),
        _urgent_banner(),  # platform announcements reach merchants, agents and staff too
        rx.hstack(side, _main(flash_banner(), *children, padding="1.5em", width="100%", overflow_x="auto"),
                  align="start", spacing="0", width="100%"),
        min_height="100vh",
    )


def merchant_shell(*children: rx.Component) -> rx.Component:
    return _sidebar_shell(N_("Merchant"), MERCHANT_NAV, *children)


def property_shell(*children: rx.Component) -> rx.Component:
    return _sidebar_shell(N_("Property staff"), PROPERTY_NAV, community_picker(), *children)


def admin_shell(*children: rx.Component) -> rx.Component:
    return _sidebar_shell(N_("Platform admin"), ADMIN_NAV, *children)


def agent_shell(*children: rx.Component) -> rx.Component:
    return _sidebar_shell(N_("Agent"), AGENT_NAV, *children)


def member_shell(*children: rx.Component) -> rx.Component:
    """Pages every role shares (inbox, account): a resident keeps their own shell there, so the
    tab bar never changes under their thumb; other roles get a small menu whose "Home" goes to
    "/", which sends each member on to their own home."""
    others = _sidebar_shell(N_("Menu"), [(N_("Home"), "/", "house"), (N_("Inbox"), "/inbox", "bell"),
                                         (N_("Account"), "/account", "user")], *children)
    return rx.cond(SessionState.roles.contains("resident"), resident_shell(*children), others)


def kiosk_shell(*children: rx.Component) -> rx.Component:
    # Fullscreen, large type, no navigation chrome: readable from a metre away, no keyboard needed.
    return rx.box(hydration_marker(), *children, width="100vw", height="100vh", overflow="hidden", font_size="1.4em",
                  background=rx.color("teal", 2), padding="2em", user_select="none")


def public_shell(*children: rx.Component) -> rx.Component:
    return rx.box(
        rx.hstack(rx.link(rx.hstack(rx.icon("house", size=22), rx.heading("Community Hub", size="4"), align="center"),
                          href="/", underline="none", color="inherit"),
                  rx.spacer(), language_switch(), rx.link(t("Log in"), href="/login"), rx.link(t("Register"), href="/register"),
                  padding="0.75em 1em", align="center", border_bottom=f"1px solid {rx.color('gray', 5)}", spacing="4"),
        rx.box(flash_banner(), *children, padding="1.5em 1em", max_width="520px", margin="0 auto"),
        min_height="100vh",
    )
