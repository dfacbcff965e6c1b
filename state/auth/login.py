"""Log in, register, verify the code, forgotten password. Thin: the rules are in services.accounts."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.accounts.passwords import PASSWORD_RULE
from community_hub.core.db import read_session, session_scope
from community_hub.core.errors import ServiceError
from community_hub.models import Community
from state.shared.service_call import client_ip
from state.shared.session import SessionState


def _safe_next(raw: str | None) -> str | None:
    """Only same-site paths: never send someone to another host after log-in."""
    if raw and raw.startswith("/") and not raw.startswith("//") and not raw.startswith("/login"):
        return raw
    return None


class LoginState(rx.State):
    identifier: str = ""
    error: str = ""
    busy: bool = False

    @rx.event
    def set_identifier(self, value: str):
        self.identifier = value

    @rx.event
    def prefill(self):
        self.error = ""
        self.identifier = self.router.url.query_parameters.get("as", self.identifier)

    @rx.event
    async def submit(self, form: dict):
        self.busy, self.error = True, ""
        yield
        ident = (form.get("identifier") or "").strip()
        self.identifier = ident
        try:
            with session_scope() as db:
                token, actor = accounts.login(
                    db, identifier=ident, password=form.get("password") or "", client_ip=client_ip(self)
                )
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        sess = await self.get_state(SessionState)
        sess.start(token, actor)
        target = _safe_next(self.router.url.query_parameters.get("next")) or actor.home_path()
        sess.say(f"Welcome back, {actor.display_name}.", "success", target)
        self.busy = False
        yield rx.redirect(target)


class RegisterState(rx.State):
    error: str = ""
    busy: bool = False
    communities: list[dict[str, str]] = []
    password_rule: str = PASSWORD_RULE

    @rx.event
    def load(self):
        self.error = ""
        with read_session() as db:
            rows = db.exec(select(Community).order_by(Community.name)).all()
        self.communities = [{"slug": c.slug, "name": c.name} for c in rows]

    @rx.event
    async def submit(self, form: dict):
        self.busy, self.error = True, ""
        yield
        if (form.get("password") or "") != (form.get("password2") or ""):
            self.error, self.busy = "The two passwords do not match.", False
            return
        try:
            with session_scope() as db:
                reg = accounts.register(
                    db,
                    identifier=form.get("identifier") or "",
                    password=form.get("password") or "",
                    display_name=form.get("display_name") or "",
                    community_slug=form.get("community") or "",
                    building=form.get("building") or "",
                    unit=form.get("unit") or "",
                    client_ip=client_ip(self),
                )
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        yield rx.redirect(f"/verify?to={reg.destination}")


class VerifyState(rx.State):
    destination: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.error, self.notice = "", ""
        self.destination = self.router.url.query_parameters.get("to", "")

    @rx.event
    async def submit(self, form: dict):
        self.busy, self.error, self.notice = True, "", ""
        yield
        ident = (form.get("identifier") or self.destination).strip()
        try:
            with session_scope() as db:
                accounts.verify_registration(db, identifier=ident, code=form.get("code") or "")
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        sess = await self.get_state(SessionState)
        sess.say("Your account is ready. Log in to start.", "success", "/login")
        self.busy = False
        yield rx.redirect(f"/login?as={ident}")

    @rx.event
    def resend(self):
        self.error, self.notice = "", ""
        try:
            with session_scope() as db:
                accounts.resend_registration_code(db, identifier=self.destination, client_ip=client_ip(self))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "We sent a new code. Only the newest code works."


class ForgotState(rx.State):
    identifier: str = ""
    step: str = "ask"  # ask → reset
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.step, self.error, self.notice = "ask", "", ""

    @rx.event
    def ask(self, form: dict):
        self.error, self.notice = "", ""
        self.identifier = (form.get("identifier") or "").strip()
        try:
            with session_scope() as db:
                self.notice = accounts.request_password_reset(db, identifier=self.identifier, client_ip=client_ip(self))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.step = "reset"

    @rx.event
    async def set_new_password(self, form: dict):
        self.busy, self.error = True, ""
        yield
        try:
            with session_scope() as db:
                accounts.reset_password(
                    db, identifier=self.identifier, code=form.get("code") or "", new_password=form.get("password") or ""
                )
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        sess = await self.get_state(SessionState)
        sess.say("Your password is changed and every old session has ended. Log in with the new one.", "success",
                 "/login")
        self.busy = False
        yield rx.redirect(f"/login?as={self.identifier}")
