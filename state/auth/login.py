"""Log in, register, verify the code, forgotten password. Thin: the rules are in accounts.auth.

Most of these run before anyone is logged in; `call` then passes the anonymous Actor, which
the account services do not need (`_public` drops it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from community_hub.accounts import agreements
from community_hub.accounts import auth as accounts
from community_hub.accounts.passwords import PASSWORD_RULE
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.membership import referral
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, client_ip, look, screen_event
from state.shared.session import SessionState


def _public(fn: Callable[..., Any]) -> Callable[..., Any]:
    """An account service that takes no Actor, in the (db, actor, ...) shape `call` runs."""
    return lambda db, _actor, *args, **kwargs: fn(db, *args, **kwargs)


def _log_in(db, _actor, **kwargs):
    """Log in, and say whether it is the person's first time (one transaction)."""
    token, actor = accounts.login(db, **kwargs)
    return token, actor, accounts.is_first_session(db, actor)


def _safe_next(raw: str | None) -> str | None:
    """Only same-site paths: never send someone to another host after log-in."""
    if raw and raw.startswith("/") and not raw.startswith("//") and not raw.startswith("/login"):
        return raw
    return None


class LoginState(ScreenState, rx.State):
    identifier: str = ""
    need_unlock: bool = False  # many failed log-ins: the owner's code is asked for too
    pending: str = ""  # the address of an account not verified yet: the page offers the code page

    @rx.event
    def set_identifier(self, value: str):
        self.identifier = value

    @rx.event
    def prefill(self):
        self.error, self.need_unlock, self.pending = "", False, ""
        self.identifier = self.router.url.query_parameters.get("as", self.identifier)

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        ident = (form.get("identifier") or "").strip()
        self.identifier = ident
        self.pending = ""
        try:
            token, actor, first = await call(self, _log_in, identifier=ident, password=form.get("password") or "",
                                             client_ip=client_ip(self),
                                             unlock_code=(form.get("unlock_code") or "")[:12])
        except ServiceError as exc:
            self.need_unlock = self.need_unlock or exc.code == "unlock_needed"
            if exc.code == "pending":
                self.pending = ident
            raise
        sess = await self.get_state(SessionState)
        await sess._start(token, actor)
        target = _safe_next(self.router.url.query_parameters.get("next")) or actor.home_path()
        # In the account's language (sess.start has just adopted it).
        sess._say(await in_language(self, phrase("Welcome to Community Hub, {name}.", name=actor.display_name) if first
                                   else phrase("Welcome back, {name}.", name=actor.display_name)), "success", target)
        yield rx.redirect(target)

    @rx.event
    @screen_event
    async def resend_code(self):
        """From the log-in page: the account is not verified yet; a fresh code, then the code page."""
        to = self.pending
        await call(self, _public(accounts.resend_registration_code), identifier=to, client_ip=client_ip(self))
        yield rx.redirect(f"/verify?to={to}")


def _register(db, _actor, ref: str, **kwargs):
    """Make the account and bind it to the referral code it came with, in one transaction: an
    unknown code refuses the whole sign-up (the person fixes it or leaves it out); a suspended
    agent's code makes the account bound to nobody, and the message says so."""
    reg = accounts.register(db, **kwargs)
    return reg, referral.bind_at_sign_up(db, reg.user_id, ref).message


def _register_form(db, actor):
    return accounts.registration_communities(db, actor), agreements.current_documents(db, actor)


class RegisterState(ScreenState, rx.State):
    communities: list[dict[str, str]] = []
    password_rule: str = PASSWORD_RULE
    # The current registration agreement and platform rules, which registering accepts.
    documents: list[dict[str, str]] = []
    _shown_ids: list[int] = []
    ref: str = ""  # the referral code of the link the person came by (/register?ref=CODE)

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.ref = str(self.router.url.query_parameters.get("ref", ""))[:20]
        rows, docs = await look(self, _register_form)
        self.communities = [{"slug": slug, "name": name} for slug, name in rows]
        self.documents = [{"id": str(d.id), "title": d.title, "body": d.body, "version": str(d.version)} for d in docs]
        self._shown_ids = [d.id for d in docs]

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        if (form.get("password") or "") != (form.get("password2") or ""):
            raise ServiceError(phrase("The two passwords do not match."))
        reg, referred = await call(
            self, _register, str(form.get("ref") or "")[:40],
            identifier=form.get("identifier") or "",
            password=form.get("password") or "",
            display_name=form.get("display_name") or "",
            community_slug=form.get("community") or "",
            client_ip=client_ip(self),
            # What this form showed, and only when the box was ticked (the service compares it
            # with the current versions: a version published meanwhile is refused).
            # (the page sends a ticked native checkbox as true, a plain form post as "on").
            accepted_documents=list(self._shown_ids) if form.get("agree") in (True, "on") else [],
        )
        if referred:  # "You were referred by ...", or why the code bound nobody
            sess = await self.get_state(SessionState)
            sess._say(await in_language(self, referred), "info", "/verify")
        yield rx.redirect(f"/verify?to={reg.destination}")


class VerifyState(ScreenState, rx.State):
    destination: str = ""
    demo_message: str = ""  # demo mode only: the message we "sent" (no mail server in a demo)

    async def _show_demo_message(self) -> None:
        self.demo_message = await look(self, accounts.demo_code_message, self.destination)

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.destination = self.router.url.query_parameters.get("to", "")[:254]
        await self._show_demo_message()

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        ident = (form.get("identifier") or self.destination).strip()
        await call(self, _public(accounts.verify_registration), identifier=ident, code=form.get("code") or "")
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase("Your account is ready. Log in to start.")), "success", "/login")
        yield rx.redirect(f"/login?as={ident}")

    @rx.event
    @screen_event
    async def resend(self):
        await call(self, _public(accounts.resend_registration_code), identifier=self.destination,
                   client_ip=client_ip(self))
        self.notice = await in_language(self, phrase("We sent a new code. Only the newest code works."))
        await self._show_demo_message()


class ForgotState(ScreenState, rx.State):
    identifier: str = ""
    step: str = "ask"  # ask → reset

    @rx.event
    def load(self):
        self.step, self.error, self.notice = "ask", "", ""

    @rx.event
    @screen_event
    async def ask(self, form: dict):
        self.identifier = (form.get("identifier") or "").strip()
        self.notice = await in_language(self, await call(
            self, _public(accounts.request_password_reset), identifier=self.identifier, client_ip=client_ip(self)))
        self.step = "reset"

    @rx.event
    @screen_event
    async def set_new_password(self, form: dict):
        await call(self, _public(accounts.reset_password), identifier=self.identifier,
                   code=form.get("code") or "", new_password=form.get("password") or "")
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase(
            "Your password is changed and every old session has ended. Log in with the new one.")), "success", "/login")
        yield rx.redirect(f"/login?as={self.identifier}")
