"""The audit log in words: what was done ("Service fee set"), to what ("Fee on Bakery", a member by
name), and the change before → after as people read it ("— → 4.50 %", "Resident → Platform admin,
Resident"). Entries keep their codes in the database; this module only words them."""

from __future__ import annotations

import re

from community_hub.core.i18n import phrase
from community_hub.core.role_names import role_names

ACTIONS = {
    "community.time_zone": phrase("Time zone changed"),
    "fee_ratio.set": phrase("Service fee set"),
    "household.invite": phrase("Household invitation made"),
    "household.invite_revoked": phrase("Household invitation revoked"),
    "household.join_requested": phrase("Asked to join a household"),
    "household.join_withdrawn": phrase("Join request withdrawn"),
    "household.join_approved": phrase("Join request approved"),
    "household.join_rejected": phrase("Join request declined"),
    "household.joined": phrase("Joined a household"),
    "household.left": phrase("Left a household"),
    "household.member_removed": phrase("Household member removed"),
    "membership.agent_active": phrase("Agent reinstated"),
    "membership.agent_approved": phrase("Agent application approved"),
    "membership.agent_need_more": phrase("Agent application sent back"),
    "membership.agent_payout_account": phrase("Agent payout account set"),
    "membership.agent_rejected": phrase("Agent application rejected"),
    "membership.agent_suspended": phrase("Agent suspended"),
    "membership.batch_assigned": phrase("Card batch handed out"),
    "membership.batch_created": phrase("Card batch made"),
    "membership.card_checked": phrase("Membership card checked by a shop"),
    "membership.card_disabled": phrase("Membership card disabled"),
    "membership.commission_plan": phrase("Commission plan set"),
    "membership.group_message": phrase("Message to a cardholder group"),
    "membership.level_added": phrase("Card level added"),
    "membership.level_edited": phrase("Card level changed"),
    "membership.programme_created": phrase("Card programme made"),
    "membership.programme_edited": phrase("Card programme changed"),
    "membership.referral_corrected": phrase("Referrer corrected"),
    "merchant.claimed": phrase("Shop claimed"),
    "merchant.claims_paused": phrase("Shop claims paused"),
    "merchant.unclaimed_listing": phrase("Shop listed (unclaimed)"),
    "merchant_application.submit": phrase("Application sent"),
    "merchant_application.update": phrase("Application corrected"),
    "merchant_application.approved": phrase("Application approved"),
    "merchant_application.rejected": phrase("Application rejected"),
    "merchant_application.needs_info": phrase("Application sent back"),
    "payment.apply_held": phrase("Money on hold applied"),
    "payment.capture": phrase("Payment captured"),
    "payment.refund": phrase("Refund"),
    "payout.account": phrase("Payout account set"),
    "payout.send": phrase("Payout sent"),
    "payout_schedule.set": phrase("Payout schedule set"),
    "points.grant": phrase("Points granted"),
    "points.revoke": phrase("Points taken back"),
    "partner.webhook_enabled": phrase("Partner webhook endpoint turned on again"),
    "product.clear_abnormal": phrase("Product flag lifted"),
    "product.flag_abnormal": phrase("Product flagged"),
    "product.review_approved": phrase("Product approved"),
    "product.review_rejected": phrase("Product not approved"),
    "merchant.suspended": phrase("Shop suspended"),
    "merchant.reinstated": phrase("Shop reinstated"),
    "merchant.warned": phrase("Shop warned"),
    "merchant.trusted": phrase("Shop trusted (skips product review)"),
    "merchant.untrusted": phrase("Shop no longer trusted (products reviewed)"),
    "service_booking.refund": phrase("Service booking refunded"),
    "user.disable": phrase("Account disabled"),
    "user.enable": phrase("Account enabled"),
    "user.roles": phrase("Roles changed"),
}
_OLD_FEE = re.compile(r"^(None|\d+) -> (\d+) bps$")  # fee changes recorded before they were worded
_ARROW = re.compile(r"\s*(?:->|→)\s*")


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    if action.startswith("review.report_"):
        return phrase("Review report {what}", what=action.removeprefix("review.report_").replace("_", " "))
    return action.replace(".", ": ").replace("_", " ").capitalize()


def _percent(bps: str) -> str:
    return "—" if bps in ("None", "") else f"{int(bps) / 100:.2f} %"


def detail_label(action: str, detail: str, names: dict[str, str]) -> str:
    """The detail as people read it; `names` maps "user:12" and the like to a name."""
    detail = detail or ""
    if action == "fee_ratio.set" and (m := _OLD_FEE.match(detail)):
        return f"{_percent(m.group(1))} → {_percent(m.group(2))}"
    if action == "user.roles":
        parts = _ARROW.split(detail)
        if len(parts) == 2:
            before = "—" if parts[0].strip() in ("", "-") else role_names(parts[0])
            return phrase("{before} → {after}", before=before, after=role_names(parts[1]))
        return role_names(detail)
    if action in ("points.grant", "points.revoke") and (m := re.match(r"^(\d+) (.*)$", detail, re.S)):
        return phrase("{points} points — {memo}", points=format(int(m.group(1)), ","), memo=m.group(2))
    if action == "community.time_zone":
        return _ARROW.sub(" → ", detail)
    if re.fullmatch(r"[a-z_]+:\d+", detail) and detail in names:
        return names[detail]
    return detail


def subject_label(subject: str, names: dict[str, str]) -> str:
    """"user:12" -> "Noor Neighbour", "category:*" -> "Default fee"; unknown subjects stay as they are."""
    if subject == "category:*":
        return phrase("Default fee (every category)")
    if subject in names:
        return names[subject]
    kind, _, ident = subject.partition(":")
    if kind == "category":
        return phrase("Fee on {category}", category=ident)
    if ident.isdigit():
        return f"{kind.replace('_', ' ').capitalize()} #{ident}"
    return subject
