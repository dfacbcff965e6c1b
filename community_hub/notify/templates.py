"""Message texts by template name: (subject, body) for email and the in-app inbox, and a short
text for SMS (`SMS`), all with {named} fields.

The English is the key of the Chinese in locale/zh/services-*.po (marked with `N_`); `render`
writes a message in its recipient's language (notify/outbox.py picks it: the account's language,
else English). A field's value that is a `phrase` (a status word) or a `Shown` (an amount or a
date, core/money.money_shown, core/local_time.when_shown) is written in that language too; names,
titles and codes go in as they are.
An SMS is one segment: at most 160 characters of plain Latin text, or 70 once it holds any
other character (Chinese, an accent); `sms_text` cuts a long title to fit.
"""

from __future__ import annotations

from community_hub.core.i18n import N_, Shown, Text, localized, translate

SMS_LATIN = 160  # one GSM-7 segment
SMS_WIDE = 70  # one UCS-2 segment: any character outside the GSM-7 alphabet (Chinese, emoji)
# The GSM 03.38 basic alphabet (plain Latin text, a few accents and symbols such as £ ¥): a text
# of only these goes as 7-bit characters, 160 to a segment.
GSM7 = frozenset("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")


TEMPLATES: dict[str, tuple[str, str]] = {
    "verify_code": (
        N_("Your Community Hub code: {code}"),
        N_("Your Community Hub verification code is {code}. It expires in 10 minutes.\n"
           "If you did not ask for it, ignore this message."),
    ),
    "reset_code": (
        N_("Reset your Community Hub password: {code}"),
        N_("Your password reset code is {code}. It expires in 10 minutes.\n"
           "If you did not ask for it, your password is unchanged."),
    ),
    "unlock_code": (
        N_("Someone keeps trying to log in to your Community Hub account"),
        N_("There were many failed log-ins to your account, so logging in now also needs this code: {code}. "
           "It expires in 10 minutes.\nIf it was not you, your password held: nobody got in. Consider "
           "changing it to one you use nowhere else."),
    ),
    "welcome": (
        N_("Welcome to Community Hub"),
        N_("Welcome, {name}! Your account is ready."),
    ),
    "password_changed": (
        N_("Your password was changed"),
        N_("The password of your Community Hub account was changed. If this was not you, reset it now."),
    ),
    "account_disabled": (
        N_("Your account was disabled"),
        N_("Your Community Hub account was disabled by an administrator."),
    ),
    "roles_changed": (
        N_("Your roles changed"),
        N_("Your roles are now: {roles}."),
    ),
}


# Property portal (notices, bills, work orders, events, care inbox).
TEMPLATES.update({
    "notice_urgent": (
        N_("Urgent notice: {title}"),
        N_("{title}\n\n{body}"),
    ),
    "bill_reminder": (
        N_("Reminder: your {period} property bill"),
        N_("Your property bill for {period} ({unit}) has {amount} outstanding, due {due}. "
           "You can pay it in the app."),
    ),
    "bill_paid": (
        N_("Payment received for {period}"),
        N_("We received {amount} for your {period} property bill ({unit}). Thank you."),
    ),
    "workorder_status": (
        N_("Repair request #{number}: {status}"),
        N_("Your repair request #{number} ({category}) is now: {status}.{note}"),
    ),
    "workorder_assigned": (
        N_("New work order #{number}"),
        N_("You have been assigned work order #{number}: {category} at {location}."),
    ),
    "cardholder_group_message": (  # membership/group_messages.message_group: staff to a cardholder group
        N_("{sender}: {title}"),
        N_("{body}\n\nSent to the cardholders of {group}."),
    ),
    "event_promoted": (
        N_("You have a place at {title}"),
        N_("A place opened up: you are now signed up for {title} on {when}."),
    ),
    "service_place_given": (
        N_("You have a place for {service}"),
        N_("A place opened up: your booking of {service} on {when} is made. Pay it on your Bills page."),
    ),
    "care_reply": (
        N_("Reply to: {subject}"),
        N_("Property staff replied to \"{subject}\":\n\n{reply}"),
    ),
    "care_status": (
        N_("Update on: {subject}"),
        N_("Your message \"{subject}\" is now {status}."),
    ),
})


# --- marketplace (orders, demands and quotes, reviews, merchant applications) ---
TEMPLATES.update({
    "order_new_for_merchant": (
        N_("New order #{order_id}"),
        N_("{customer} placed order #{order_id} ({total}, {fulfilment})."),
    ),
    "order_update": (
        N_("Order #{order_id}: {state_label}"),
        N_("Order #{order_id} from {shop} is now {state_label}.{extra}"),
    ),
    "demand_new": (
        N_("A neighbour is looking for: {title}"),
        N_("A resident nearby asks for {title} (budget {budget}). Send a quote before {expires}."),
    ),
    "quote_received": (
        N_("New quote for {title}"),
        N_("{shop} offers {price} for {title}. Compare the quotes and accept the one you like."),
    ),
    "quote_accepted": (
        N_("Your quote was accepted"),
        N_("Your quote for {title} was accepted: it is now order #{order_id}."),
    ),
    "quote_closed": (
        N_("Quote closed: {title}"),
        N_("The request {title} is closed; your quote was not chosen this time."),
    ),
    "review_received": (
        N_("New {rating}-star review"),
        N_("A customer rated order #{order_id} {rating}/5: {text}"),
    ),
    "review_reply": (
        N_("{shop} replied to your review"),
        N_("{shop} replied: {text}"),
    ),
    "merchant_application_decision": (
        N_("Your merchant application: {decision}"),
        N_("Your application for {business} was {decision}.{reason}"),
    ),
    "merchant_claim_code": (
        N_("Your shop claim code: {code}"),
        N_("Someone asked to manage {shop} on Community Hub. The code is {code}; it expires in 30 minutes."
           " If this was not you, ignore this message."),
    ),
    "service_refunded": (
        N_("Refund for {service}"),
        N_("Your booking of {service} was called off and {amount} was refunded."),
    ),
    "ad_cancelled": (
        N_("Your ad was taken down"),
        N_("Your ad booking #{booking} ({dates}) was cancelled. {refund}"),
    ),
    "sharing_item_reserved": (  # sharing/item_deals.reserve: to the others who wrote about it
        N_("{title} is reserved"),
        N_("{title}, which you asked about, is now reserved for another neighbour."),
    ),
    "sharing_deposit_kept": (  # sharing/parking_jobs.keep_unpaid_deposits
        N_("Your parking deposit went to the owner"),
        N_("The balance of your booking of {location} ({when}) was not paid within 24 hours, so the deposit of"
           " {amount} went to the slot's owner."),
    ),
})


# Households: who joins, asks, leaves (property/household_access.py).
TEMPLATES.update({
    "household_member_joined": (
        N_("{name} joined your household"),
        N_("{name} is now a member of your household {unit}. If you do not know them, tell property staff."),
    ),
    "household_join_requested": (
        N_("{name} asked to join your household"),
        N_("{name} asked property staff to add them to your household {unit}. "
           "If you do not know them, tell property staff before they decide."),
    ),
    "household_member_left": (
        N_("{name} left your household"),
        N_("{name} is no longer a member of your household {unit}."),
    ),
    "household_request_approved": (
        N_("You are now part of {unit}"),
        N_("Property staff added you to household {unit}: its bills, repairs and votes are now yours to see."),
    ),
    "household_request_declined": (
        N_("Your request to join {unit}"),
        N_("Property staff did not add you to household {unit}. Ask them if you think this is a mistake."),
    ),
    "household_removed": (
        N_("You were removed from {unit}"),
        N_("Property staff removed you from household {unit}. Ask them if you think this is a mistake."),
    ),
})


# Platform admins: listings under attack (marketplace/applications.py).
TEMPLATES.update({
    "merchant_claims_paused": (
        N_("Claims of {shop} paused"),
        N_("{tries} wrong claim codes were typed for {shop} within a day, so claims of it are paused for a day. "
           "Check the listings page: someone may be trying to take the shop over."),
    ),
})


# Merchants: a webhook endpoint of the public API that kept failing (partner_api/webhook_delivery.py).
TEMPLATES.update({
    "webhook_disabled": (
        N_("Webhooks of {shop} stopped"),
        N_("A webhook endpoint of {shop} failed for 3 days, so it was turned off. Fix the receiver, "
           "turn it on again on the Connect your shop page and resend what it missed."),
    ),
    "partner_webhook_disabled": (
        N_("Webhooks of partner {business} stopped"),
        N_("A webhook endpoint of the partner key {business} failed for 3 days, so it was turned off. Once "
           "the partner has fixed its receiver, turn it on again on the Partner keys page and resend what it missed."),
    ),
})


# Everyone the back office writes to: a platform announcement (notify/announcements.py).
TEMPLATES.update({
    "platform_announcement": (
        N_("Announcement: {title}"),
        N_("{title}\n\n{body}"),
    ),
})


# Questions to a shop and the platform's customer-service cover (marketplace/shop_questions.py, service_cover.py).
TEMPLATES.update({
    "shop_question_new": (
        N_("A question for {shop}"),
        N_("A customer asked {shop} a question. Answer it on the Customer service page."),
    ),
    "shop_question_answered": (
        N_("{shop} answered your question"),
        N_("Your question to {shop} has an answer. Read it on your Questions page."),
    ),
    "service_cover_active": (
        N_("Customer-service cover for {shop} is on"),
        N_("The platform now answers your customers' questions to {shop}. Each payment covers 30 days."),
    ),
})


# The SMS of each template: short enough for one segment with everyday values in both languages
# (tests/unit/test_outbox_languages.py checks every template), the rest is in the app.
SMS: dict[str, str] = {
    "verify_code": N_("Community Hub code: {code}. Expires in 10 minutes."),
    "reset_code": N_("Community Hub password reset code: {code}. Expires in 10 minutes."),
    "unlock_code": N_("Community Hub log-in code after many failed tries: {code}. Expires in 10 minutes."),
    "welcome": N_("Welcome to Community Hub, {name}!"),
    "password_changed": N_("Your Community Hub password was changed. Not you? Reset it now."),
    "account_disabled": N_("Your Community Hub account was disabled by an administrator."),
    "roles_changed": N_("Your Community Hub roles changed: {roles}."),
    "notice_urgent": N_("Urgent notice: {title}. Details in Community Hub."),
    "bill_reminder": N_("Property bill {period} ({unit}): {amount} due {due}. Pay in Community Hub."),
    "bill_paid": N_("Received {amount} for property bill {period} ({unit}). Thank you."),
    "workorder_status": N_("Repair #{number}: {status}."),
    "workorder_assigned": N_("New work order #{number}: {category} at {location}."),
    "event_promoted": N_("A place opened: you are signed up for {title} on {when}."),
    "service_place_given": N_("A place opened: {service} on {when} is booked for you. Pay it on your Bills page."),
    "care_reply": N_("Property staff replied to \"{subject}\". Read it in Community Hub."),
    "care_status": N_("Your message \"{subject}\" is now {status}."),
    "order_new_for_merchant": N_("New order #{order_id}: {total}, {fulfilment}."),
    "order_update": N_("Order #{order_id} from {shop}: {state_label}."),
    "demand_new": N_("A neighbour asks for {title}. Quote before {expires}."),
    "quote_received": N_("{shop} quotes {price} for {title}."),
    "quote_accepted": N_("Your quote for {title} was accepted: order #{order_id}."),
    "quote_closed": N_("Request {title} closed; your quote was not chosen."),
    "review_received": N_("New {rating}-star review of order #{order_id}."),
    "review_reply": N_("{shop} replied to your review."),
    "merchant_application_decision": N_("Your merchant application for {business}: {decision}."),
    "merchant_claim_code": N_("Code to manage {shop} on Community Hub: {code}. Expires in 30 minutes."),
    "service_refunded": N_("Refund of {amount} for {service}."),
    "ad_cancelled": N_("Your ad booking #{booking} ({dates}) was cancelled."),
    "sharing_item_reserved": N_("{title} is now reserved for another neighbour."),
    "sharing_deposit_kept": N_("Balance unpaid for {location}: your deposit {amount} went to the owner."),
    "household_member_joined": N_("{name} joined your household {unit}."),
    "household_join_requested": N_("{name} asked to join your household {unit}."),
    "household_member_left": N_("{name} left your household {unit}."),
    "household_request_approved": N_("You are now part of household {unit}."),
    "household_request_declined": N_("You were not added to household {unit}."),
    "household_removed": N_("You were removed from household {unit}."),
    "merchant_claims_paused": N_("Claims of {shop} paused after {tries} wrong codes."),
    "webhook_disabled": N_("{shop}: a webhook endpoint stopped after 3 days of failures."),
    "partner_webhook_disabled": N_("Partner {business}: a webhook endpoint stopped after 3 days of failures."),
    "cardholder_group_message": N_("{sender} to cardholders: {title}. Read it in Community Hub."),
    "platform_announcement": N_("Community Hub announcement: {title}. Read it in the app."),
    "shop_question_new": N_("{shop}: a customer asked a question. Answer it in Community Hub."),
    "shop_question_answered": N_("{shop} answered your question. Read it in Community Hub."),
    "service_cover_active": N_("Community Hub now answers customers of {shop} for 30 days."),
}


def _fill(lang: str, text: str, fields: dict[str, object]) -> str:
    values = {k: localized(lang, v) if isinstance(v, Text | Shown) else v for k, v in fields.items()}
    return translate(lang, text).format(**values)  # a field may be called "text": not a keyword here


def render(template: str, lang: str = "en", **fields: object) -> tuple[str, str]:
    """(subject, body) of `template` in `lang`, fields filled (their own words translated too)."""
    subject, body = TEMPLATES[template]
    return _fill(lang, subject, fields), _fill(lang, body, fields)


def sms_limit(text: str) -> int:
    """How many characters fit one SMS segment of this text."""
    return SMS_LATIN if all(ch in GSM7 for ch in text) else SMS_WIDE


def sms_text(template: str, lang: str = "en", **fields: object) -> str:
    """The SMS of `template` in `lang`, in one segment: the longest text someone typed (a title,
    a name) is cut with "..." rather than the message split in two; a code, an amount, a date or
    a status is never cut."""
    text = _fill(lang, SMS[template], fields)
    limit = sms_limit(text)
    typed = {k: v for k, v in fields.items() if type(v) is str and k != "code"}
    if len(text) <= limit or not typed:
        return text[:limit]
    longest = max(typed, key=lambda k: len(typed[k]))
    value = typed[longest]
    keep = max(len(value) - (len(text) - limit) - 3, 1)
    text = _fill(lang, SMS[template], dict(fields, **{longest: value[:keep] + "..."}))
    return text[:limit]  # never more than one segment, whatever the values


# Review before listing and the supervision of shops (issue 18: marketplace/catalog/product_review.py,
# marketplace/merchant_supervision.py), kept together at the end of the file.
TEMPLATES.update({
    "product_review_decision": (
        N_("{name}: {decision}"),
        N_("The platform's review of {name}: {decision}.{reason} See it on your Products page."),
    ),
    "merchant_suspended": (
        N_("{shop} is suspended"),
        N_("The platform suspended {shop}: residents cannot see it or order until it is reinstated. Your "
           "open orders can still be completed. Reason: {reason}"),
    ),
    "merchant_reinstated": (
        N_("{shop} is trading again"),
        N_("The platform reinstated {shop}: residents can see it and order again."),
    ),
    "merchant_warning": (
        N_("A warning from the platform to {shop}"),
        N_("The platform sent {shop} a warning. Read and acknowledge it on your dashboard."),
    ),
})
SMS.update({
    "product_review_decision": N_("Community Hub review of {name}: {decision}."),
    "merchant_suspended": N_("{shop} is suspended on Community Hub: {reason}"),
    "merchant_reinstated": N_("{shop} is trading again on Community Hub."),
    "merchant_warning": N_("Community Hub sent {shop} a warning. Read it on your dashboard."),
})
