"""Admin: card programmes (the issuing centre's first screen) — the programmes, the one open below
with its levels, commission plan and the rules in words; dialogs to make or edit a programme, a
level and the commission plan. Follows other admins' changes live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money, plain_amount
from community_hub.membership import commission_plans, identity, issuing_centre, programmes
from community_hub.models.membership import DiscountFunder, FeePeriod
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 1.0
FUNDERS = {DiscountFunder.PLATFORM: phrase("the platform (the shop gets its full price)"),
           DiscountFunder.MERCHANT: phrase("the shop (it sells for less)")}
PERIODS = {FeePeriod.ONE_OFF: phrase("one-off"), FeePeriod.YEARLY: phrase("yearly")}
ORDINALS = (phrase("1st level"), phrase("2nd level"), phrase("3rd level"))


def _pct(bps: int) -> str:
    return f"{bps / 100:g} %"


def _times(pct: int) -> str:
    return f"×{pct / 100:g}"


class AdminCardsState(LoadedScreen, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []  # the programmes
    selected_id: int = 0  # the programme open below the list
    selected: dict[str, str] = {}
    levels: list[dict[str, str]] = []
    plan: dict[str, str] = {}  # the commission plan in force, {} when none
    rules: list[str] = []
    # The programme dialog (new when prog_id is 0).
    prog_open: bool = False
    prog_id: int = 0
    prog_name: str = ""
    prog_currency: str = "USD"
    prog_funder: str = DiscountFunder.PLATFORM
    prog_kinds: list[str] = ["national_id", "mobile"]
    prog_active: bool = True
    # The level dialog (new when level_id is 0).
    level_open: bool = False
    level_id: int = 0
    lv_name: str = ""
    lv_fee: str = "0"
    lv_period: str = FeePeriod.ONE_OFF
    lv_discount: str = "0"
    lv_multiplier: str = "1"
    lv_rank: str = "1"
    lv_perms: list[str] = []
    lv_active: bool = True
    # The commission plan dialog.
    plan_open: bool = False
    plan_depth: str = "2"
    plan_r1: str = ""
    plan_r2: str = ""
    plan_r3: str = ""
    plan_cap: str = ""
    plan_freeze: str = "7"
    plan_card_fees: bool = True
    dialog_error: str = ""
    _levels: dict[int, dict] = {}  # each level's values as its editor shows them
    _kinds_of_selected: list[str] = []
    _plan_values: dict = {}  # the plan in force as its editor shows it

    set_prog_name = text_setter("prog_name", 80)
    set_prog_currency = text_setter("prog_currency", 3)
    set_lv_name = text_setter("lv_name", 40)
    set_lv_fee = text_setter("lv_fee", 20)
    set_lv_discount = text_setter("lv_discount", 12)
    set_lv_multiplier = text_setter("lv_multiplier", 8)
    set_lv_rank = text_setter("lv_rank", 3)
    set_plan_r1 = text_setter("plan_r1", 12)
    set_plan_r2 = text_setter("plan_r2", 12)
    set_plan_r3 = text_setter("plan_r3", 12)
    set_plan_cap = text_setter("plan_cap", 12)
    set_plan_freeze = text_setter("plan_freeze", 3)

    async def _opened(self):
        self.prog_open = self.level_open = self.plan_open = False

    async def _load(self):
        found = await look(self, issuing_centre.programmes_overview)
        self._seen_version = repr(await look(self, issuing_centre.programmes_version))
        if self.selected_id not in {s.programme.id for s in found}:
            self.selected_id = found[0].programme.id if found else 0
        self.rows = []
        for s in found:
            p = s.programme
            self.rows.append({"id": str(p.id), "name": p.name, "currency": p.currency,
                              "status": await in_language(self, phrase("open") if p.active else phrase("closed")),
                              "active": "1" if p.active else "", "levels": str(len(p.levels)),
                              "holders": str(s.holders), "cards": str(s.cards),
                              "funder": await in_language(self, FUNDERS.get(p.discount_funded_by, phrase("?")))})
            if p.id == self.selected_id:
                await self._show(s)
        if not found:
            self.selected, self.levels, self.plan, self.rules = {}, [], {}, []

    async def _show(self, s: issuing_centre.ProgrammeSummary) -> None:
        p = s.programme
        kinds = [await in_language(self, phrase(identity.KINDS[k])) for k in p.identity_kinds]
        self.selected = {"id": str(p.id), "name": p.name, "currency": p.currency, "funder": p.discount_funded_by,
                         "funder_words": await in_language(self, FUNDERS.get(p.discount_funded_by, phrase("?"))),
                         "kinds": ", ".join(kinds), "active": "1" if p.active else "",
                         "holders": str(s.holders), "cards": str(s.cards)}
        self.levels, self._levels = [], {}
        for lv in p.levels:
            perms = [await in_language(self, phrase(programmes.PERMISSIONS[x])) for x in lv.permissions
                     if x in programmes.PERMISSIONS]
            self.levels.append({"id": str(lv.id), "name": lv.name,
                                "fee": format_money(lv.fee_minor, p.currency) if lv.fee_minor else
                                await in_language(self, phrase("free")),
                                "period": await in_language(self, PERIODS.get(lv.fee_period, phrase("?"))),
                                "discount": _pct(lv.discount_bps), "multiplier": _times(lv.points_multiplier_pct),
                                "rank": str(lv.rank), "permissions": ", ".join(perms) or "—",
                                "active": "1" if lv.active else ""})
            self._levels[lv.id] = {"lv_name": lv.name, "lv_fee": plain_amount(lv.fee_minor, p.currency),
                                   "lv_period": lv.fee_period, "lv_discount": f"{lv.discount_bps / 100:g}",
                                   "lv_multiplier": f"{lv.points_multiplier_pct / 100:g}", "lv_rank": str(lv.rank),
                                   "lv_perms": list(lv.permissions), "lv_active": lv.active}
        plan = s.plan
        self._kinds_of_selected, self._plan_values = list(p.identity_kinds), _plan_fields(plan)
        if plan is None:
            self.plan = {}
            commission = await in_language(self, phrase("No commission plan yet: sales of this programme's members "
                                                         "earn no commission until one is saved.")) + " " + \
                await in_language(self, issuing_centre.SUSPENDED_RULE)
        else:
            parts = [await in_language(self, phrase("{level}: {ratio}", level=ORDINALS[i], ratio=_pct(r)))
                     for i, r in enumerate(plan.ratios_bps)]
            self.plan = {"depth": str(plan.depth), "ratios": " · ".join(parts), "cap": _pct(plan.cap_bps),
                         "freeze": str(plan.freeze_days),
                         "card_fees": await in_language(self, phrase("yes") if plan.card_fees_earn else phrase("no"))}
            commission = await in_language(self, plan.rule)
        self.rules = [await in_language(self, issuing_centre.PRIORITY_RULE), commission,
                      await in_language(self, issuing_centre.PLAN_CHANGE_RULE),
                      await in_language(self, issuing_centre.EDIT_RULE)]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Another admin's change, or a member's new card, shows without a reload."""
        await self._follow_version(gen, "/admin/cards", POLL_SECONDS, issuing_centre.programmes_version, (),
                                   self._load, keys=issuing_centre.programmes_keys)

    @rx.event
    @screen_event(busy=False)
    async def choose(self, programme_id: str):
        self.selected_id = row_id(programme_id)
        await self._load()

    # The programme dialog.
    @rx.event
    def new_programme(self):
        self.prog_id, self.prog_name, self.prog_currency = 0, "", "USD"
        self.prog_funder, self.prog_kinds, self.prog_active = DiscountFunder.PLATFORM, ["national_id", "mobile"], True
        self.dialog_error, self.prog_open = "", True

    @rx.event
    def edit_programme(self):
        if not self.selected:
            return
        self.prog_id, self.prog_name = int(self.selected["id"]), self.selected["name"]
        self.prog_currency, self.prog_funder = self.selected["currency"], self.selected["funder"]
        self.prog_active = self.selected["active"] == "1"
        self.prog_kinds = list(self._kinds_of_selected)
        self.dialog_error, self.prog_open = "", True

    @rx.event
    def set_prog_funder(self, value: str):
        self.prog_funder = value if value in set(DiscountFunder) else DiscountFunder.PLATFORM

    @rx.event
    def toggle_kind(self, kind: str, on: bool):
        if kind not in identity.KINDS:
            return
        kinds = [k for k in self.prog_kinds if k != kind]
        self.prog_kinds = [k for k in identity.KINDS if k in kinds or (on and k == kind)]

    @rx.event
    def set_prog_active(self, on: bool):
        self.prog_active = bool(on)

    @rx.event
    def close_dialogs(self):
        self.prog_open = self.level_open = self.plan_open = False

    @rx.event
    @screen_event(error="dialog_error")
    async def save_programme(self):
        if self.prog_id:
            saved = await call(self, programmes.edit_programme, self.prog_id, name=self.prog_name,
                               discount_funded_by=self.prog_funder, identity_kinds=list(self.prog_kinds),
                               active=self.prog_active)
            self.notice = await in_language(self, phrase("{name} saved.", name=saved.name))
        else:
            saved = await call(self, programmes.create_programme, name=self.prog_name, currency=self.prog_currency,
                               discount_funded_by=self.prog_funder, identity_kinds=list(self.prog_kinds))
            self.notice = await in_language(self, phrase("{name} made. Add its levels next.", name=saved.name))
        self.selected_id, self.prog_open = saved.id, False
        await self._load()

    # The level dialog.
    @rx.event
    def new_level(self):
        if not self.selected:
            return
        self.level_id, self.lv_name, self.lv_fee, self.lv_period = 0, "", "0", FeePeriod.ONE_OFF
        self.lv_discount, self.lv_multiplier, self.lv_rank, self.lv_perms, self.lv_active = "0", "1", "1", [], True
        self.dialog_error, self.level_open = "", True

    @rx.event
    def edit_level(self, level_id: str):
        values = self._levels.get(int(level_id)) if str(level_id).isdigit() else None
        if values is None:
            return
        for key, value in values.items():
            setattr(self, key, value)
        self.level_id, self.dialog_error, self.level_open = int(level_id), "", True

    @rx.event
    def set_lv_period(self, value: str):
        self.lv_period = value if value in set(FeePeriod) else FeePeriod.ONE_OFF

    @rx.event
    def toggle_perm(self, perm: str, on: bool):
        if perm not in programmes.PERMISSIONS:
            return
        perms = [p for p in self.lv_perms if p != perm]
        self.lv_perms = [p for p in programmes.PERMISSIONS if p in perms or (on and p == perm)]

    @rx.event
    def set_lv_active(self, on: bool):
        self.lv_active = bool(on)

    @rx.event
    @screen_event(error="dialog_error")
    async def save_level(self):
        if not self.selected:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        saved = await call(self, issuing_centre.save_level, int(self.selected["id"]), self.level_id,
                           name=self.lv_name, fee=self.lv_fee, fee_period=self.lv_period,
                           discount_percent=self.lv_discount, multiplier=self.lv_multiplier, rank=self.lv_rank,
                           permissions=list(self.lv_perms), active=self.lv_active)
        self.notice = await in_language(self, phrase("Level {name} saved; members who hold it keep what they paid.",
                                                     name=saved.name))
        self.level_open = False
        await self._load()

    # The commission plan dialog.
    @rx.event
    def change_plan(self):
        if not self.selected:
            return
        self.plan_depth, self.plan_r1, self.plan_r2, self.plan_r3 = "2", "", "", ""
        self.plan_cap, self.plan_freeze, self.plan_card_fees = "", "7", True
        self._fill_plan()
        self.dialog_error, self.plan_open = "", True

    def _fill_plan(self) -> None:
        for key, value in self._plan_values.items():
            setattr(self, key, value)

    @rx.event
    def set_plan_depth(self, value: str):
        self.plan_depth = value if value in ("1", "2", "3") else "2"

    @rx.event
    def set_plan_card_fees(self, on: bool):
        self.plan_card_fees = bool(on)

    @rx.event
    @screen_event(error="dialog_error")
    async def save_plan(self):
        if not self.selected:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        ratios = [self.plan_r1, self.plan_r2, self.plan_r3][:int(self.plan_depth)]
        await call(self, issuing_centre.save_plan, int(self.selected["id"]), ratios=ratios, cap=self.plan_cap,
                   freeze_days=self.plan_freeze, card_fees_earn=self.plan_card_fees)
        self.notice = await in_language(self, phrase("Commission plan saved: it applies to orders placed from now on."))
        self.plan_open = False
        await self._load()


def _plan_fields(plan: commission_plans.PlanView | None) -> dict:
    if plan is None:
        return {}
    r = [f"{b / 100:g}" for b in plan.ratios_bps] + ["", "", ""]
    return {"plan_depth": str(plan.depth), "plan_r1": r[0], "plan_r2": r[1], "plan_r3": r[2],
            "plan_cap": f"{plan.cap_bps / 100:g}", "plan_freeze": str(plan.freeze_days),
            "plan_card_fees": plan.card_fees_earn}
