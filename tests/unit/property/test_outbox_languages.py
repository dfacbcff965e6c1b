"""Messages go out in their recipient's language: a resident who chose 中文 gets the bill reminder,
the urgent notice (email, SMS and in the app) and the repair update in Chinese, with the amount
and the due day written the Chinese way; a neighbour who did not choose gets English.
Delivered for real: email through an SMTP server (aiosmtpd), SMS through an HTTP provider."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from email import message_from_string, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings
from community_hub.models import InboxItem, OutboxMessage, User
from community_hub.notify import worker
from community_hub.notify.templates import SMS_LATIN, SMS_WIDE
from community_hub.property import billing, notices
from community_hub.property import workorders as wo
from community_hub.property.notices import NoticeInput
from tests import factories as f
from tests.throwaway import free_port


def _in_chinese(db, *actors) -> None:
    for a in actors:
        f.change(db, User, a.user_id, language="zh")


def _messages(db, template: str, user_id: int) -> dict[str, OutboxMessage]:
    rows = db.exec(select(OutboxMessage).where(OutboxMessage.template == template,
                                               OutboxMessage.user_id == user_id)).all()
    return {m.channel: m for m in rows}


def test_bill_reminder_reads_in_each_residents_language_with_money_and_day_written_their_way(tx, db, world):
    w = world
    with tx() as s:
        _in_chinese(s, w.ann)  # A-101; bob never chose
        billing.configure_billing(s, w.staff, w.community.id, currency="CNY", due_day=10)
        billing.add_fee_item(s, w.staff, w.community.id, name="Management", kind="fixed", rate_minor=12050)
        billing.generate_bills(s, w.staff, w.community.id, "2026-11")
    with tx() as s:
        billing.send_reminders(s, w.staff, w.community.id, now=datetime(2026, 11, 20, tzinfo=UTC))
    ann, bob = _messages(db, "bill_reminder", w.ann.user_id), _messages(db, "bill_reminder", w.bob.user_id)
    assert ann["email"].subject == "提醒：您 2026-11 的物业账单"
    assert "尚欠 ¥120.50，2026年11月10日 到期" in ann["email"].body
    assert ann["in_app"].subject == ann["email"].subject
    assert bob["email"].subject == "Reminder: your 2026-11 property bill"
    assert "has CN¥120.50 outstanding, due 2026-11-10" in bob["in_app"].body


def test_repair_updates_reach_a_chinese_reporter_in_chinese_and_the_worker_by_sms_in_theirs(tx, db, world):
    w = world
    with tx() as s:
        cat = wo.add_category(s, w.staff, w.community.id, "Plumbing", 24)
        u = f.user(s)
        fixer = wo.add_worker(s, w.staff, w.community.id, "Fay Fixer", "+15550009999", user_id=u.id)
        _in_chinese(s, w.ann)
        f.change(s, User, u.id, language="zh")
        oid = wo.report_work_order(s, w.ann, category_id=cat.id, location="厨房水槽", description="Leaking").id
    with tx() as s:
        wo.triage(s, w.staff, oid)
    with tx() as s:
        wo.dispatch(s, w.staff, oid, fixer.id)
    status = db.exec(select(OutboxMessage).where(OutboxMessage.template == "workorder_status")
                     .order_by(OutboxMessage.id)).all()
    assert [m.subject for m in status] == [f"报修 #{oid}：已分派处理", f"报修 #{oid}：已派单"]
    assigned = _messages(db, "workorder_assigned", u.id)
    assert assigned["sms"].body == f"新工单 #{oid}：厨房水槽，Plumbing。"
    assert assigned["in_app"].subject == f"新工单 #{oid}"


class _Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(message_from_string(envelope.content.decode(), policy=policy.default))
        return "250 OK"


@pytest.fixture
def carriers():
    """A real SMTP server and a real HTTP SMS endpoint; yields (mailbox, texts received)."""
    mailbox, texts = _Mailbox(), []

    class Sms(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            texts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
    smtp.start()
    http = HTTPServer(("127.0.0.1", 0), Sms)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    override_settings(load_settings({
        "HUB_DEMO_MODE": "0", "HUB_SECRET_KEY": "s" * 40, "HUB_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "HUB_SMS_URL": f"http://127.0.0.1:{http.server_address[1]}/sms", "HUB_PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}))
    try:
        yield mailbox, texts
    finally:
        smtp.stop()
        http.shutdown()


def test_urgent_notice_is_delivered_by_email_sms_and_inbox_in_each_residents_language(engine, tx, db, world, carriers):
    w = world
    mailbox, texts = carriers
    with tx() as s:
        _in_chinese(s, w.ann)  # ann has a phone too
        n = notices.create_notice(s, w.staff, w.community.id, NoticeInput(
            "Water off", body="Tomorrow 10:00-12:00", urgent=True, audience="households", household_ids=(w.h_a1.id,)))
        notices.publish_notice(s, w.staff, n.id)
    assert worker.deliver_due(engine)["sent"] == 5  # ann: email, SMS, inbox; amy: email, inbox
    ann_email = db.get(User, w.ann.user_id).email
    mail = {m["To"]: m for m in mailbox.messages}
    assert mail[ann_email]["Subject"] == "紧急通知：Water off"
    assert mail[db.get(User, w.amy.user_id).email]["Subject"] == "Urgent notice: Water off"
    [sms] = texts
    assert sms["body"] == "紧急通知：Water off。详情请看社区中心。" and len(sms["body"]) <= SMS_WIDE
    titles = {i.user_id: i.title for i in db.exec(select(InboxItem)).all()}
    assert titles == {w.ann.user_id: "紧急通知：Water off", w.amy.user_id: "Urgent notice: Water off"}


def test_a_long_title_is_cut_so_the_sms_stays_one_segment(tx, db, world):
    w = world
    title = "Lift maintenance in building A " * 10
    with tx() as s:
        for a, lang in ((w.ann, "zh"), (w.bob, "en")):
            f.change(s, User, a.user_id, language=lang)
            f.change(s, User, a.user_id, phone=f"+1555111{a.user_id:04d}")
        n = notices.create_notice(s, w.staff, w.community.id, NoticeInput(title[:160].strip(), urgent=True))
        notices.publish_notice(s, w.staff, n.id)
    zh, en = _messages(db, "notice_urgent", w.ann.user_id)["sms"], _messages(db, "notice_urgent", w.bob.user_id)["sms"]
    assert zh.body.startswith("紧急通知：Lift maintenance") and zh.body.endswith("...。详情请看社区中心。")
    assert len(zh.body) == SMS_WIDE
    assert en.body.startswith("Urgent notice: Lift maintenance") and en.body.endswith("... Details in Community Hub.")
    assert len(en.body) == SMS_LATIN


def test_someone_registering_from_a_chinese_page_gets_their_code_in_chinese(tx, db):
    from community_hub.accounts import auth
    from community_hub.core.i18n import _reader

    token = _reader.set("zh")  # what accounts/acting.run_as sets for a page read in 中文
    try:
        with tx() as s:
            auth.register(s, identifier="+86 138 0013 8000", password="good-pass-42", display_name="王小明")
    finally:
        _reader.reset(token)
    with tx() as s:  # the same from an English page
        auth.register(s, identifier="ann@example.test", password="good-pass-42", display_name="Ann")
    sms = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "+8613800138000")).one()
    assert sms.channel == "sms" and sms.body.startswith("社区中心验证码：") and len(sms.body) <= SMS_WIDE
    mail = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "ann@example.test")).one()
    assert mail.subject.startswith("Your Community Hub code: ")
