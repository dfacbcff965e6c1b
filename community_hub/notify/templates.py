"""Message texts by template name. Each is (subject, body) with str.format fields."""

from __future__ import annotations

TEMPLATES: dict[str, tuple[str, str]] = {
    "verify_code": (
        "Your Community Hub code: {code}",
        "Your Community Hub verification code is {code}. It expires in 10 minutes.\n"
        "If you did not ask for it, ignore this message.",
    ),
    "reset_code": (
        "Reset your Community Hub password: {code}",
        "Your password reset code is {code}. It expires in 10 minutes.\n"
        "If you did not ask for it, your password is unchanged.",
    ),
    "unlock_code": (
        "Someone keeps trying to log in to your Community Hub account",
        "There were many failed log-ins to your account, so logging in now also needs this code: {code}. "
        "It expires in 10 minutes.\nIf it was not you, your password held: nobody got in. Consider "
        "changing it to one you use nowhere else.",
    ),
    "welcome": (
        "Welcome to Community Hub",
        "Welcome, {name}! Your account is ready.",
    ),
    "password_changed": (
        "Your password was changed",
        "The password of your Community Hub account was changed. If this was not you, reset it now.",
    ),
    "account_disabled": (
        "Your account was disabled",
        "Your Community Hub account was disabled by an administrator.",
    ),
    "roles_changed": (
        "Your roles changed",
        "Your roles are now: {roles}.",
    ),
}


def render(template: str, **fields: object) -> tuple[str, str]:
    subject, body = TEMPLATES[template]
    return subject.format(**fields), body.format(**fields)


# Property portal (notices, bills, work orders, events, care inbox).
TEMPLATES.update({
    "notice_urgent": (
        "Urgent notice: {title}",
        "{title}\n\n{body}",
    ),
    "bill_reminder": (
        "Reminder: your {period} property bill",
        "Your property bill for {period} ({unit}) has {amount} outstanding, due {due}. "
        "You can pay it in the app.",
    ),
    "bill_paid": (
        "Payment received for {period}",
        "We received {amount} for your {period} property bill ({unit}). Thank you.",
    ),
    "workorder_status": (
        "Repair request #{number}: {status}",
        "Your repair request #{number} ({category}) is now: {status}.{note}",
    ),
    "workorder_assigned": (
        "New work order #{number}",
        "You have been assigned work order #{number}: {category} at {location}.",
    ),
    "event_promoted": (
        "You have a place at {title}",
        "A place opened up: you are now signed up for {title} on {when}.",
    ),
    "care_reply": (
        "Reply to: {subject}",
        "Property staff replied to \"{subject}\":\n\n{reply}",
    ),
    "care_status": (
        "Update on: {subject}",
        "Your message \"{subject}\" is now {status}.",
    ),
})


# --- marketplace (orders, demands and quotes, reviews, merchant applications) ---
TEMPLATES.update({
    "order_new_for_merchant": (
        "New order #{order_id}",
        "{customer} placed order #{order_id} ({total}, {fulfilment}).",
    ),
    "order_update": (
        "Order #{order_id}: {state_label}",
        "Order #{order_id} from {shop} is now {state_label}.{extra}",
    ),
    "demand_new": (
        "A neighbour is looking for: {title}",
        "A resident nearby asks for {title} (budget {budget}). Send a quote before {expires}.",
    ),
    "quote_received": (
        "New quote for {title}",
        "{shop} offers {price} for {title}. Compare the quotes and accept the one you like.",
    ),
    "quote_accepted": (
        "Your quote was accepted",
        "Your quote for {title} was accepted: it is now order #{order_id}.",
    ),
    "quote_closed": (
        "Quote closed: {title}",
        "The request {title} is closed; your quote was not chosen this time.",
    ),
    "review_received": (
        "New {rating}-star review",
        "A customer rated order #{order_id} {rating}/5: {text}",
    ),
    "review_reply": (
        "{shop} replied to your review",
        "{shop} replied: {text}",
    ),
    "merchant_application_decision": (
        "Your merchant application: {decision}",
        "Your application for {business} was {decision}.{reason}",
    ),
    "merchant_claim_code": (
        "Your shop claim code: {code}",
        "Someone asked to manage {shop} on Community Hub. The code is {code}; it expires in 30 minutes."
        " If this was not you, ignore this message.",
    ),
    "service_refunded": (
        "Refund for {service}",
        "Your booking of {service} was called off and {amount} was refunded.",
    ),
    "ad_cancelled": (
        "Your ad was taken down",
        "Your ad booking #{booking} ({dates}) was cancelled. {refund}",
    ),
})


# Households: who joins, asks, leaves (property/household_access.py).
TEMPLATES.update({
    "household_member_joined": (
        "{name} joined your household",
        "{name} is now a member of your household {unit}. If you do not know them, tell property staff.",
    ),
    "household_join_requested": (
        "{name} asked to join your household",
        "{name} asked property staff to add them to your household {unit}. "
        "If you do not know them, tell property staff before they decide.",
    ),
    "household_member_left": (
        "{name} left your household",
        "{name} is no longer a member of your household {unit}.",
    ),
    "household_request_approved": (
        "You are now part of {unit}",
        "Property staff added you to household {unit}: its bills, repairs and votes are now yours to see.",
    ),
    "household_request_declined": (
        "Your request to join {unit}",
        "Property staff did not add you to household {unit}. Ask them if you think this is a mistake.",
    ),
    "household_removed": (
        "You were removed from {unit}",
        "Property staff removed you from household {unit}. Ask them if you think this is a mistake.",
    ),
})


# Platform admins: listings under attack (marketplace/applications.py).
TEMPLATES.update({
    "merchant_claims_paused": (
        "Claims of {shop} paused",
        "{tries} wrong claim codes were typed for {shop} within a day, so claims of it are paused for a day. "
        "Check the listings page: someone may be trying to take the shop over.",
    ),
})
