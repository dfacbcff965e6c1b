"""AlipayProvider: Alipay's face-to-face QR payment (当面付) through `python-alipay-sdk`, RSA2.

- A checkout is `alipay.trade.precreate`: Alipay answers a `qr_code` the page and the kiosk draw;
  the payer scans it with the Alipay app. Our `out_trade_no` is made from the idempotency key, so
  asking twice makes one order (Alipay answers the same QR for the same number and amount). The
  order carries `passback_params` (our payment's id and the amount asked), which Alipay sends back
  in its notifications.
- `alipay.trade.query` reads it: Alipay answers ACQ.TRADE_NOT_EXIST until the payer scans, which
  is an order still open. `alipay.trade.close` closes it; an order nobody scanned cannot be closed
  at Alipay and stays payable until its `time_expire`, so it is reported as still open (a late
  payment is then recorded, never lost).
- Refunds: `alipay.trade.refund` with `out_request_no` made from the idempotency key (one key is
  one refund; Alipay answers fund_change=N to the same request again), confirmed with
  `alipay.trade.fastpay.refund.query` when Alipay does not say the money moved. Alipay has no
  refund id of its own: the refund's id is our `out_request_no`.
- Notifications are a form POST whose `sign` covers the other fields (all but sign and
  sign_type, sorted) under Alipay's public key; the SDK's `verify` checks it. Our app id, the
  amount we asked (from passback_params) and a recent notify_time are checked too; `notify_id`
  is the event id, so a replay is a duplicate.
- The day's statement: `alipay.data.dataservice.bill.downloadurl.query` gives a URL to a zip of
  CSV files in GBK; the detail file's 交易 and 退款 lines become BillLines.

Amounts travel as yuan strings ("12.34"), converted from and to our minor units with Decimal.
Alipay's clock is China's (UTC+8, no summer time). ALIPAY_GATEWAY points the SDK elsewhere (tests).
Over 400 lines: Alipay's whole surface (orders, refunds, notifications, the bill) is one SDK client
and one set of answer codes; split up, each piece would need the others' mapping of them.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import logging
import os
import threading
import time
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from http.client import HTTPException
from typing import Any
from urllib.error import URLError
from urllib.parse import parse_qsl, quote, unquote, urlencode

import httpx
from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig

from community_hub.core.config import ConfigError
from community_hub.core.i18n import phrase
from community_hub.payments.providers.base import (
    UNAVAILABLE_MESSAGE,
    PaymentProviderError,
    ProviderCheckout,
    ProviderPayment,
    ProviderRefund,
    ProviderRejected,
    ProviderUnavailable,
    WebhookEvent,
    WebhookSignatureError,
)
from community_hub.payments.providers.wallet_apps import (
    BillLine,
    NotificationAnswer,
    QrOnly,
    trade_number,
)

log = logging.getLogger("community_hub.payments.alipay")

CST = timezone(timedelta(hours=8))  # Alipay's times are China's
SETTINGS = ("ALIPAY_APP_ID", "ALIPAY_APP_PRIVATE_KEY", "ALIPAY_PUBLIC_KEY", "ALIPAY_NOTIFY_URL")
PAID = ("TRADE_SUCCESS", "TRADE_FINISHED")
NOTIFICATION_MAX_AGE_S = 3 * 24 * 3600  # Alipay retries for about 25 hours
MIN_LIFETIME_S, MAX_LIFETIME_S = 5 * 60, 24 * 3600
NOT_SET_UP = phrase("Payments are not set up correctly; please tell the platform admin.")


def missing_settings(env: Mapping[str, str]) -> list[str]:
    return [name for name in SETTINGS if not (env.get(name) or "").strip()]


def from_environ(env: Mapping[str, str] | None = None) -> AlipayProvider:
    """The provider from ALIPAY_* settings, or a ConfigError naming the missing ones."""
    env = os.environ if env is None else env
    missing = missing_settings(env)
    if missing:
        raise ConfigError(f"Alipay is not configured: set {', '.join(missing)}.")
    return AlipayProvider(env["ALIPAY_APP_ID"].strip(), env["ALIPAY_APP_PRIVATE_KEY"], env["ALIPAY_PUBLIC_KEY"],
                          env["ALIPAY_NOTIFY_URL"].strip(), gateway=(env.get("ALIPAY_GATEWAY") or "").strip() or None)


def _key_material(value: str, setting: str) -> str | bytes:
    """A key as PEM text, a file holding one, or the bare base64 Alipay's key tool prints."""
    value = value.strip()
    if value.startswith("-----BEGIN"):
        return value
    if os.path.isfile(value):
        with open(value, encoding="ascii") as f:
            return f.read()
    try:
        return base64.b64decode("".join(value.split()), validate=True)  # DER
    except (binascii.Error, ValueError) as exc:
        raise ConfigError(f"{setting} is not an RSA key (PEM text, a file, or base64).") from exc


def yuan(amount_minor: int) -> str:
    """1234 -> "12.34" (Decimal, never float)."""
    return f"{Decimal(int(amount_minor)).scaleb(-2):.2f}"


def minor(amount_yuan: Any) -> int:
    """"12.34" -> 1234; anything that is not an exact amount of fen raises ValueError."""
    try:
        value = Decimal(str(amount_yuan).strip()).scaleb(2)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount_yuan!r}") from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"not an amount of fen: {amount_yuan!r}")
    return int(value)



def _epoch(stamp: str | None) -> int:
    if not stamp:
        return 0
    at = datetime.strptime(stamp.strip()[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
    return int(at.timestamp())


def _when(fields: Mapping[str, str], *names: str) -> int:
    """The first readable time of `names` in a (verified) notification, else now."""
    for name in names:
        try:
            if fields.get(name):
                return _epoch(fields[name])
        except ValueError:
            continue
    return int(time.time())


class _Client(AliPay):
    def __init__(self, gateway: str | None, **kwargs: Any):
        super().__init__(**kwargs)
        if gateway:
            self._gateway = gateway  # the SDK has no setting for it: production or sandbox only

    def build_body(self, method: str, biz_content: dict | None = None, **kwargs: Any) -> dict:
        data = super().build_body(method, biz_content, **kwargs)
        # The SDK stamps the machine's local time; Alipay reads it as China's (GMT+8).
        data["timestamp"] = datetime.now(CST).strftime("%Y-%m-%d %H:%M:%S")
        return data


class AlipayProvider(QrOnly):
    name = "alipay"
    brand = phrase("Alipay")
    hosted_checkout = True
    qr_checkout = True

    def __init__(self, app_id: str, app_private_key: str, alipay_public_key: str, notify_url: str, *,
                 gateway: str | None = None, timeout: float = 15.0, currencies: frozenset[str] = frozenset({"CNY"})):
        self.app_id = app_id
        self.notify_url = notify_url
        self.currencies = currencies
        self.timeout = timeout
        try:
            self.client = _Client(gateway, appid=app_id, app_notify_url=notify_url, sign_type="RSA2",
                                  app_private_key_string=_key_material(app_private_key, "ALIPAY_APP_PRIVATE_KEY"),
                                  alipay_public_key_string=_key_material(alipay_public_key, "ALIPAY_PUBLIC_KEY"),
                                  config=AliPayConfig(timeout=timeout))
        except (ValueError, IndexError, TypeError) as exc:
            raise ConfigError("ALIPAY_APP_PRIVATE_KEY or ALIPAY_PUBLIC_KEY is not a readable RSA key.") from exc
        # The QR and deadline of orders made here: Alipay's query does not repeat them.
        self._open: dict[str, tuple[str, int, int, dict[str, str]]] = {}
        self._lock = threading.Lock()

    # --- calling Alipay -------------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[[], dict]) -> dict:
        """Alipay's answer (its signature checked by the SDK); code 10000 and business failures
        (40004, with sub_code) come back, everything else raises."""
        try:
            answer = fn()
        except (URLError, HTTPException, TimeoutError, OSError, json.JSONDecodeError) as exc:
            log.warning("alipay %s: no answer (%s)", what, type(exc).__name__)
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=str(exc)) from exc
        except AliPayValidationError as exc:
            log.error("alipay %s: the answer's signature does not verify (ALIPAY_PUBLIC_KEY?)", what)
            raise PaymentProviderError(NOT_SET_UP, detail="answer signature") from exc
        except AliPayException as exc:  # an unsigned error answer
            log.error("alipay %s refused: %s", what, exc)
            raise PaymentProviderError(NOT_SET_UP, detail=str(exc)) from exc
        code = str(answer.get("code", ""))
        if code == "10000" or code == "40004":
            return answer
        if code == "20000":  # Alipay's own fault: the same request may be sent again
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=json.dumps(answer, ensure_ascii=False))
        log.error("alipay %s refused: %s", what, answer)
        raise PaymentProviderError(NOT_SET_UP, detail=json.dumps(answer, ensure_ascii=False))

    @staticmethod
    def _refused(what: str, answer: dict, message: str | None = None) -> ProviderRejected:
        log.warning("alipay %s: %s %s", what, answer.get("sub_code"), answer.get("sub_msg"))
        return ProviderRejected(message or phrase("Alipay refused the request."),
                                detail=f"{answer.get('sub_code')}: {answer.get('sub_msg')}")


    # --- QR checkout --------------------------------------------------------------------------

    def create_checkout(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str], *,
                        description: str, success_url: str, cancel_url: str, capture_method: str = "automatic",
                        expires_in_s: int = 3600) -> ProviderCheckout:
        self._check_new(amount, currency, capture_method)
        out_trade_no = trade_number(idempotency_key)
        expires_at = int(time.time()) + max(MIN_LIFETIME_S, min(int(expires_in_s), MAX_LIFETIME_S))
        kept = {k: str(v)[:100] for k, v in metadata.items() if k in ("hub_payment_id", "purpose")}
        passback = quote(urlencode({**kept, "hub_amount": str(amount)}))
        subject = "".join(c for c in (description or "Community Hub") if c not in "/=&")[:120] or "Community Hub"
        answer = self._call("precreate", lambda: self.client.api_alipay_trade_precreate(
            subject=subject, out_trade_no=out_trade_no, total_amount=yuan(amount),
            product_code="FACE_TO_FACE_PAYMENT", passback_params=passback,
            time_expire=datetime.fromtimestamp(expires_at, CST).strftime("%Y-%m-%d %H:%M:%S")))
        if answer.get("code") != "10000":
            if answer.get("sub_code") in ("ACQ.TRADE_HAS_SUCCESS", "ACQ.TRADE_HAS_CLOSE"):
                return self.retrieve_checkout(out_trade_no)
            raise self._refused("precreate", answer)
        qr = str(answer.get("qr_code") or "")
        with self._lock:
            now = time.time()
            for stale in [k for k, v in self._open.items() if v[1] < now]:
                del self._open[stale]
            self._open[out_trade_no] = (qr, expires_at, amount, kept)
        return ProviderCheckout(id=out_trade_no, url=qr, status="open", payment_status="unpaid", amount=amount,
                                currency="CNY", metadata=kept, expires_at=expires_at)

    def _known(self, out_trade_no: str) -> tuple[str | None, int, int, dict[str, str]]:
        with self._lock:
            return self._open.get(out_trade_no, (None, 0, 0, {}))

    def _query(self, what: str, **by: str) -> dict:
        return self._call(what, lambda: self.client.api_alipay_trade_query(**by))

    def retrieve_checkout(self, checkout_id: str) -> ProviderCheckout:
        answer = self._query("query checkout", out_trade_no=checkout_id)
        qr, expires_at, amount, metadata = self._known(checkout_id)
        if answer.get("code") != "10000":
            if answer.get("sub_code") != "ACQ.TRADE_NOT_EXIST":
                raise self._refused("query checkout", answer)
            # Not scanned yet: still open, until the deadline we gave it (when we know it).
            status = "expired" if expires_at and expires_at < time.time() else "open"
            return ProviderCheckout(id=checkout_id, url=qr if status == "open" else None, status=status,
                                    payment_status="unpaid", amount=amount, currency="CNY", metadata=metadata,
                                    expires_at=expires_at)
        return self._checkout(answer, checkout_id, qr, expires_at, metadata)

    def _checkout(self, answer: dict, checkout_id: str, qr: str | None, expires_at: int,
                  metadata: dict[str, str]) -> ProviderCheckout:
        state = answer.get("trade_status")
        paid = state in PAID or (state == "TRADE_CLOSED" and bool(answer.get("send_pay_date")))
        status = "complete" if paid else ("expired" if state == "TRADE_CLOSED" else "open")
        return ProviderCheckout(
            id=checkout_id, url=qr if status == "open" else None, status=status,
            payment_status="paid" if paid else "unpaid", amount=minor(answer.get("total_amount") or 0),
            currency="CNY", payment_id=answer.get("trade_no") if paid else None, metadata=metadata,
            expires_at=expires_at)

    def expire_checkout(self, checkout_id: str, idempotency_key: str) -> ProviderCheckout:
        answer = self._call("close", lambda: self.client.api_alipay_trade_close(out_trade_no=checkout_id))
        qr, expires_at, amount, metadata = self._known(checkout_id)
        if answer.get("code") == "10000":
            return ProviderCheckout(id=checkout_id, url=None, status="expired", payment_status="unpaid",
                                    amount=amount, currency="CNY", metadata=metadata, expires_at=expires_at)
        if answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST" and expires_at and expires_at < time.time():
            return self.retrieve_checkout(checkout_id)
        # Paid, or never scanned (Alipay keeps the QR payable until its deadline): not closed.
        raise self._refused("close", answer, phrase("Alipay did not close this payment; it may still be paid."))

    # --- payments and refunds -------------------------------------------------------------------

    def retrieve(self, payment_id: str) -> ProviderPayment:
        answer = self._query("query payment", trade_no=payment_id)
        if answer.get("code") != "10000":
            raise self._refused("query payment", answer, phrase("Alipay does not know this payment."))
        state, amount = answer.get("trade_status"), minor(answer.get("total_amount") or 0)
        paid = state in PAID or (state == "TRADE_CLOSED" and bool(answer.get("send_pay_date")))
        status = "succeeded" if paid else ("canceled" if state == "TRADE_CLOSED" else "requires_payment_method")
        return ProviderPayment(
            id=payment_id, status=status, amount=amount, currency="CNY", amount_received=amount if paid else 0,
            # Alipay closes a paid trade once all of it is refunded; a part refunded is not in the query.
            amount_refunded=amount if paid and state == "TRADE_CLOSED" else 0)

    def refund(self, payment_id: str, idempotency_key: str, amount: int | None = None,
               metadata: dict[str, str] | None = None) -> ProviderRefund:
        if amount is None:
            amount = self.retrieve(payment_id).amount
        if amount <= 0:
            raise ProviderRejected(phrase("The amount to refund must be more than zero."))
        request_no = trade_number(idempotency_key, prefix="hubr")
        answer = self._call("refund", lambda: self.client.api_alipay_trade_refund(
            yuan(amount), trade_no=payment_id, out_request_no=request_no))
        if answer.get("code") != "10000":
            if answer.get("sub_code") in ("ACQ.SYSTEM_ERROR", "ACQ.REFUND_CHARGE_ERROR"):
                raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=str(answer.get("sub_msg")))
            if answer.get("sub_code") == "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL":
                raise self._refused("refund", answer, phrase("That is more than is left to refund of this payment."))
            if answer.get("sub_code") == "ACQ.TRADE_STATUS_ERROR":  # closed: all of it refunded already
                raise self._refused("refund", answer, phrase("Alipay can no longer refund this payment."))
            raise self._refused("refund", answer, phrase("Alipay refused the refund."))
        status = "succeeded" if answer.get("fund_change") == "Y" else self._refund_status(payment_id, request_no)
        return ProviderRefund(id=request_no, payment_id=payment_id, amount=amount, currency="CNY", status=status)

    def _refund_status(self, trade_no: str, request_no: str) -> str:
        found = self.refund_query(trade_no, request_no)
        return found.status if found else "pending"

    def refund_query(self, trade_no: str, out_request_no: str) -> ProviderRefund | None:
        """What Alipay says of one refund request; None when it has none by that number."""
        answer = self._call("refund query", lambda: self.client.api_alipay_trade_fastpay_refund_query(
            out_request_no, trade_no=trade_no))
        if answer.get("code") != "10000":
            raise self._refused("refund query", answer)
        if not answer.get("refund_amount"):
            return None
        # Without refund_status (older answers) a listed refund succeeded.
        status = {"REFUND_SUCCESS": "succeeded", "": "succeeded"}.get(str(answer.get("refund_status") or ""),
                                                                     "pending")
        return ProviderRefund(id=out_request_no, payment_id=trade_no, amount=minor(answer["refund_amount"]),
                              currency="CNY", status=status)

    def cancel(self, payment_id: str, idempotency_key: str) -> ProviderPayment:
        """Close an unpaid order (payment_id: Alipay's trade_no, or our out_trade_no)."""
        by = {"out_trade_no": payment_id} if payment_id.startswith("hub") else {"trade_no": payment_id}
        answer = self._call("close", lambda: self.client.api_alipay_trade_close(**by))
        if answer.get("code") != "10000":
            raise self._refused("close", answer, phrase("Alipay did not close this payment; it may still be paid."))
        return ProviderPayment(id=payment_id, status="canceled", amount=self._known(payment_id)[2], currency="CNY")

    # --- notifications ----------------------------------------------------------------------------

    def notification_answer(self, ok: bool) -> NotificationAnswer:
        return NotificationAnswer(200, "text/plain; charset=utf-8", b"success" if ok else b"fail")

    def parse_notification(self, raw_body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        fields = self._verified(raw_body)
        trade_no, out_trade_no = fields.get("trade_no", ""), fields.get("out_trade_no", "")
        state = fields.get("trade_status", "")
        try:
            total = minor(fields.get("total_amount", ""))
        except ValueError as exc:
            raise WebhookSignatureError(phrase("A payment notification that is not Alipay's was ignored."),
                                        detail="total_amount") from exc
        passback = dict(parse_qsl(unquote(fields.get("passback_params", ""))))
        metadata = {k: v for k, v in passback.items() if k in ("hub_payment_id", "purpose")}
        base = {"id": fields["notify_id"], "provider": self.name}
        if fields.get("out_biz_no") and (fields.get("refund_fee") or fields.get("gmt_refund")):
            found = self.refund_query(trade_no, fields["out_biz_no"])
            if found is None:
                raise WebhookSignatureError(phrase("A payment notification that is not Alipay's was ignored."),
                                            detail=f"no refund {fields['out_biz_no']} at Alipay")
            return WebhookEvent(**base, type="charge.refund.updated", created=_when(fields, "gmt_refund", "notify_time"),
                                object={"id": found.id, "amount": found.amount, "currency": "CNY",
                                        "status": found.status, "payment_intent": trade_no, "metadata": {}})
        if state in PAID:
            if passback.get("hub_amount") != str(total):
                log.error("alipay notification %s: %s paid %s, we asked %s", fields["notify_id"], out_trade_no,
                          total, passback.get("hub_amount"))
                raise WebhookSignatureError(phrase("A payment notification that is not Alipay's was ignored."),
                                            detail="amount differs from the order's")
            return WebhookEvent(**base, type="checkout.session.completed",
                                created=_when(fields, "gmt_payment", "notify_time"),
                                object={"id": out_trade_no, "status": "complete", "payment_status": "paid",
                                        "amount_total": total, "currency": "CNY", "payment_intent": trade_no,
                                        "metadata": metadata})
        if state == "TRADE_CLOSED":
            return WebhookEvent(**base, type="checkout.session.expired", created=_when(fields, "notify_time"),
                                object={"id": out_trade_no, "status": "expired", "payment_status": "unpaid",
                                        "amount_total": total, "currency": "CNY", "metadata": metadata})
        return WebhookEvent(**base, type=f"alipay.{state.lower() or 'unknown'}", created=_when(fields, "notify_time"),
                            object={"id": out_trade_no})

    def _verified(self, raw_body: bytes) -> dict[str, str]:
        def refuse(why: str) -> WebhookSignatureError:
            log.warning("alipay notification refused: %s", why)
            return WebhookSignatureError(phrase("A payment notification that is not Alipay's was ignored."), detail=why)

        try:
            pairs = parse_qsl(raw_body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as exc:
            raise refuse("not a form") from exc
        fields = dict(pairs)
        if len(fields) != len(pairs):
            raise refuse("a field given twice")
        sign = fields.pop("sign", "")
        if not sign or fields.get("sign_type", "RSA2") != "RSA2":
            raise refuse("no RSA2 signature")
        try:
            good = self.client.verify(dict(fields), sign)
        except (AliPayException, ValueError, TypeError, binascii.Error) as exc:
            raise refuse("unreadable signature") from exc
        if not good:
            raise refuse("signature does not verify")
        if fields.get("app_id") != self.app_id:
            raise refuse(f"for another app ({fields.get('app_id')})")
        if not fields.get("notify_id") or not fields.get("out_trade_no"):
            raise refuse("no notify_id or out_trade_no")
        try:
            sent = _epoch(fields.get("notify_time"))
        except ValueError as exc:
            raise refuse("unreadable notify_time") from exc
        if not time.time() - NOTIFICATION_MAX_AGE_S < sent < time.time() + 600:
            raise refuse(f"notify_time {fields.get('notify_time')} is not recent")
        return fields

    # --- the day's statement ----------------------------------------------------------------------

    def bill_lines(self, day: date) -> list[BillLine]:
        answer = self._call("bill", lambda: self.client.server_api(
            "alipay.data.dataservice.bill.downloadurl.query", {"bill_type": "trade", "bill_date": day.isoformat()}))
        if answer.get("code") != "10000":
            raise self._refused("bill", answer, phrase("Alipay has no statement for {day} yet.", day=day.isoformat()))
        try:
            got = httpx.get(str(answer["bill_download_url"]), timeout=self.timeout * 4)
            got.raise_for_status()
        except (httpx.HTTPError, KeyError) as exc:
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=f"bill download: {exc}") from exc
        try:
            return parse_bill(got.content)
        except (zipfile.BadZipFile, ValueError, KeyError) as exc:
            raise PaymentProviderError(phrase("Alipay's statement could not be read."), detail=str(exc)) from exc


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the name is UTF-8
        return info.filename
    return info.filename.encode("cp437").decode("gb18030", errors="replace")  # Alipay writes GBK names


def parse_bill(zipped: bytes) -> list[BillLine]:
    """The 交易 (payment) and 退款 (refund) lines of Alipay's trade bill zip (detail CSV, GBK)."""
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        details = [i for i in z.infolist() if _member_name(i).endswith(".csv") and "汇总" not in _member_name(i)]
        if not details:
            raise ValueError("no detail file in the bill")
        text = z.read(details[0]).decode("gb18030")
    header: list[str] | None = None
    lines: list[BillLine] = []
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip() for c in row]
        if not cells or cells[0].startswith("#"):
            continue
        if header is None:
            if cells[0] == "支付宝交易号":
                header = cells
            continue
        col = dict(zip(header, cells, strict=False))
        kind = {"交易": "payment", "退款": "refund"}.get(col.get("业务类型", ""))
        if kind is None:
            continue
        at = datetime.strptime(col["完成时间"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST).astimezone(UTC)
        lines.append(BillLine(
            out_trade_no=col["商户订单号"], provider_id=col["支付宝交易号"], kind=kind,
            amount=abs(minor(col["订单金额（元）"])), currency="CNY", at=at,
            refund_id=(col.get("退款批次号/请求号") or None) if kind == "refund" else None,
            fee=abs(minor(col.get("服务费（元）") or "0"))))
    return lines
