"""WeChatPayProvider: WeChat Pay's Native (QR) payment through the `wechatpayv3` SDK, APIv3.

- A checkout is `/v3/pay/transactions/native`: WeChat answers a `code_url` the page and the kiosk
  draw; the payer scans it with WeChat. Our `out_trade_no` is made from the idempotency key, so
  asking twice makes one order. The order's `attach` carries our payment's id and the amount asked,
  which WeChat sends back in its notification.
- Query by out_trade_no (`retrieve_checkout`) or by transaction id (`retrieve`), close
  (`expire_checkout`, `cancel`), refunds `/v3/refund/domestic/refunds` with `out_refund_no` made
  from the idempotency key (one key is one refund) and their query.
- Notifications: the SDK checks Wechatpay-Signature over "timestamp\\nnonce\\nbody\\n" with the
  platform public key (WECHATPAY_PUBLIC_KEY under WECHATPAY_PUBLIC_KEY_ID) and decrypts the
  AEAD_AES_256_GCM resource with the APIv3 key; before that we refuse a serial we do not know and a
  timestamp more than 5 minutes away. The notification's `id` is the event id (a replay is a duplicate).
- The day's statement: `/v3/bill/tradebill` gives a download_url to the gzip'd bill (ALL); its
  SUCCESS and REFUND lines become BillLines.

The SDK has no base-URL setting: WECHATPAY_API_BASE (tests) is set on its `_core._gate_way`
attribute (the one the SDK joins every path to). Amounts are fen (ints) at WeChat; the bill's
yuan ("¥12.34", "12.34") are read with Decimal, never float.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

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

log = logging.getLogger("community_hub.payments.wechatpay")

CST = timezone(timedelta(hours=8))  # WeChat Pay's times are China's
SETTINGS = ("WECHATPAY_MCHID", "WECHATPAY_APPID", "WECHATPAY_CERT_SERIAL_NO", "WECHATPAY_PRIVATE_KEY",
            "WECHATPAY_APIV3_KEY", "WECHATPAY_PUBLIC_KEY", "WECHATPAY_PUBLIC_KEY_ID", "WECHATPAY_NOTIFY_URL")
NOTIFICATION_MAX_SKEW_S = 5 * 60
MIN_LIFETIME_S, MAX_LIFETIME_S = 5 * 60, 24 * 3600
NOT_SET_UP = phrase("Payments are not set up correctly; please tell the platform admin.")
NOT_WECHAT = phrase("A payment notification that is not WeChat Pay's was ignored.")
HEADERS = ("Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial",
           "Wechatpay-Signature-Type")


def missing_settings(env: Mapping[str, str]) -> list[str]:
    return [name for name in SETTINGS if not (env.get(name) or "").strip()]


def _pem(value: str, setting: str) -> str:
    """PEM text, or a file holding it."""
    value = value.strip()
    if not value.startswith("-----BEGIN") and os.path.isfile(value):
        with open(value, encoding="ascii") as f:
            return f.read()
    return value


def from_environ(env: Mapping[str, str] | None = None) -> WeChatPayProvider:
    """The provider from WECHATPAY_* settings, or a ConfigError naming the missing ones."""
    env = os.environ if env is None else env
    missing = missing_settings(env)
    if missing:
        raise ConfigError(f"WeChat Pay is not configured: set {', '.join(missing)}.")
    return WeChatPayProvider(
        mchid=env["WECHATPAY_MCHID"].strip(), appid=env["WECHATPAY_APPID"].strip(),
        cert_serial_no=env["WECHATPAY_CERT_SERIAL_NO"].strip(),
        private_key=_pem(env["WECHATPAY_PRIVATE_KEY"], "WECHATPAY_PRIVATE_KEY"),
        apiv3_key=env["WECHATPAY_APIV3_KEY"].strip(),
        public_key=_pem(env["WECHATPAY_PUBLIC_KEY"], "WECHATPAY_PUBLIC_KEY"),
        public_key_id=env["WECHATPAY_PUBLIC_KEY_ID"].strip(), notify_url=env["WECHATPAY_NOTIFY_URL"].strip(),
        api_base=(env.get("WECHATPAY_API_BASE") or "").strip() or None)


def minor(amount_yuan: Any) -> int:
    """"¥12.34" / "12.34" / "`12.34" -> 1234; anything that is not an exact amount of fen raises ValueError."""
    text = str(amount_yuan).strip().lstrip("`").replace("¥", "").replace("￥", "").replace(",", "").strip()
    try:
        value = Decimal(text).scaleb(2)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount_yuan!r}") from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"not an amount of fen: {amount_yuan!r}")
    return int(value)



def _epoch(stamp: str | None) -> int:
    if not stamp:
        return int(time.time())
    try:
        return int(datetime.fromisoformat(stamp).timestamp())
    except ValueError:
        return int(time.time())


class WeChatPayProvider(QrOnly):
    name = "wechatpay"
    brand = phrase("WeChat Pay")
    hosted_checkout = True
    qr_checkout = True

    def __init__(self, *, mchid: str, appid: str, cert_serial_no: str, private_key: str, apiv3_key: str,
                 public_key: str, public_key_id: str, notify_url: str, api_base: str | None = None,
                 timeout: float = 15.0, currencies: frozenset[str] = frozenset({"CNY"})):
        if len(apiv3_key) != 32:
            raise ConfigError("WECHATPAY_APIV3_KEY must be the 32 characters set in the merchant platform.")
        self.mchid, self.appid, self.notify_url = mchid, appid, notify_url
        self.public_key_id = public_key_id
        self.currencies = currencies
        self.timeout = timeout
        try:
            self.client = WeChatPay(wechatpay_type=WeChatPayType.NATIVE, mchid=mchid, private_key=private_key,
                                    cert_serial_no=cert_serial_no, appid=appid, apiv3_key=apiv3_key,
                                    notify_url=notify_url, timeout=(5, timeout), public_key=public_key,
                                    public_key_id=public_key_id)
        except Exception as exc:  # the SDK raises a bare Exception for an unreadable key
            raise ConfigError("WECHATPAY_PRIVATE_KEY or WECHATPAY_PUBLIC_KEY is not a readable RSA key.") from exc
        if api_base:
            self.client._core._gate_way = api_base.rstrip("/")  # the SDK has no setting for it
        # The QR and deadline of orders made here: WeChat's query does not repeat them.
        self._open: dict[str, tuple[str, int, int, dict[str, str]]] = {}
        # Refunds seen here (out_refund_no -> transaction id, fen): WeChat's query of a trade does
        # not say how much of it is refunded.
        self._refunds_seen: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    # --- calling WeChat Pay ---------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
        """(status, parsed JSON or bytes); the answer's signature is checked by the SDK."""
        try:
            code, message = fn()
        except requests.RequestException as exc:
            log.warning("wechatpay %s: no answer (%s)", what, type(exc).__name__)
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=str(exc)) from exc
        except Exception as exc:  # the SDK's "failed to verify the signature"
            log.error("wechatpay %s: %s (WECHATPAY_PUBLIC_KEY?)", what, exc)
            raise PaymentProviderError(NOT_SET_UP, detail=str(exc)) from exc
        if code >= 500 or code == 429:
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=f"{code} {message!r}"[:300])
        if isinstance(message, str):
            message = json.loads(message) if message else {}
        if code in (401, 403) and isinstance(message, dict) and message.get("code") in ("SIGN_ERROR",):
            log.error("wechatpay %s refused: %s", what, message)
            raise PaymentProviderError(NOT_SET_UP, detail=json.dumps(message, ensure_ascii=False))
        return code, message

    @staticmethod
    def _refused(what: str, answer: Any, message: str | None = None) -> ProviderRejected:
        log.warning("wechatpay %s: %s", what, answer)
        detail = f"{answer.get('code')}: {answer.get('message')}" if isinstance(answer, dict) else str(answer)
        return ProviderRejected(message or phrase("WeChat Pay refused the request."), detail=detail)


    # --- QR checkout ------------------------------------------------------------------------------

    def create_checkout(self, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str], *,
                        description: str, success_url: str, cancel_url: str, capture_method: str = "automatic",
                        expires_in_s: int = 3600) -> ProviderCheckout:
        self._check_new(amount, currency, capture_method)
        out_trade_no = trade_number(idempotency_key)
        expires_at = int(time.time()) + max(MIN_LIFETIME_S, min(int(expires_in_s), MAX_LIFETIME_S))
        kept = {k: str(v)[:40] for k, v in metadata.items() if k in ("hub_payment_id", "purpose")}
        attach = urlencode({**kept, "hub_amount": str(amount)})[:127]
        text = (description or "Community Hub")[:127]
        code, answer = self._call("native", lambda: self.client.pay(
            description=text, out_trade_no=out_trade_no, amount={"total": int(amount), "currency": "CNY"},
            attach=attach, time_expire=datetime.fromtimestamp(expires_at, CST).isoformat(),
            pay_type=WeChatPayType.NATIVE))
        if code != 200:
            if isinstance(answer, dict) and answer.get("code") in ("ORDERPAID", "ORDER_CLOSED", "ORDERCLOSED"):
                return self.retrieve_checkout(out_trade_no)
            raise self._refused("native", answer)
        qr = str(answer.get("code_url") or "")
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

    def query(self, *, out_trade_no: str | None = None, transaction_id: str | None = None) -> dict | None:
        """WeChat's trade by our number or its transaction id; None when it knows none."""
        code, answer = self._call("query", lambda: self.client.query(out_trade_no=out_trade_no,
                                                                      transaction_id=transaction_id))
        if code == 404:
            return None
        if code != 200:
            raise self._refused("query", answer)
        return answer

    def retrieve_checkout(self, checkout_id: str) -> ProviderCheckout:
        trade = self.query(out_trade_no=checkout_id)
        qr, expires_at, amount, metadata = self._known(checkout_id)
        if trade is None:  # ORDER_NOT_EXIST: nothing can be paid on it, the next Pay makes another
            return ProviderCheckout(id=checkout_id, url=None, status="expired", payment_status="unpaid",
                                    amount=amount, currency="CNY", metadata=metadata, expires_at=expires_at)
        state = trade.get("trade_state")
        paid = state in ("SUCCESS", "REFUND")
        closed = state in ("CLOSED", "REVOKED", "PAYERROR") or (
            state == "NOTPAY" and bool(expires_at) and expires_at < time.time())
        status = "complete" if paid else ("expired" if closed else "open")
        attach = dict(parse_qsl(trade.get("attach") or ""))
        return ProviderCheckout(
            id=checkout_id, url=qr if status == "open" else None, status=status,
            payment_status="paid" if paid else "unpaid", amount=int((trade.get("amount") or {}).get("total") or amount),
            currency="CNY", payment_id=trade.get("transaction_id") if paid else None,
            metadata=metadata or {k: v for k, v in attach.items() if k in ("hub_payment_id", "purpose")},
            expires_at=expires_at)

    def _close(self, out_trade_no: str) -> None:
        code, answer = self._call("close", lambda: self.client.close(out_trade_no=out_trade_no))
        if code != 204 and code != 200:
            raise self._refused("close", answer, phrase("WeChat Pay did not close this payment; it may still be paid."))

    def expire_checkout(self, checkout_id: str, idempotency_key: str) -> ProviderCheckout:
        self._close(checkout_id)
        qr, expires_at, amount, metadata = self._known(checkout_id)
        return ProviderCheckout(id=checkout_id, url=None, status="expired", payment_status="unpaid",
                                amount=amount, currency="CNY", metadata=metadata, expires_at=expires_at)

    # --- payments and refunds ---------------------------------------------------------------------

    def retrieve(self, payment_id: str) -> ProviderPayment:
        trade = self.query(transaction_id=payment_id)
        if trade is None:
            raise ProviderRejected(phrase("WeChat Pay does not know this payment."), detail=payment_id)
        state, amount = trade.get("trade_state"), int((trade.get("amount") or {}).get("total") or 0)
        paid = state in ("SUCCESS", "REFUND")
        status = "succeeded" if paid else ("canceled" if state in ("CLOSED", "REVOKED") else "requires_payment_method")
        refunded = 0
        if state == "REFUND":  # WeChat's query does not say how much; the refunds seen here do
            with self._lock:
                refunded = min(amount, sum(a for pid, a in self._refunds_seen.values() if pid == payment_id))
        return ProviderPayment(id=payment_id, status=status, amount=amount, currency="CNY",
                               amount_received=amount if paid else 0, amount_refunded=refunded)

    def refund(self, payment_id: str, idempotency_key: str, amount: int | None = None,
               metadata: dict[str, str] | None = None) -> ProviderRefund:
        trade = self.query(transaction_id=payment_id)
        if trade is None:
            raise ProviderRejected(phrase("WeChat Pay does not know this payment."), detail=payment_id)
        total = int((trade.get("amount") or {}).get("total") or 0)
        amount = total if amount is None else int(amount)
        if amount <= 0:
            raise ProviderRejected(phrase("The amount to refund must be more than zero."))
        refund_no = trade_number(idempotency_key, prefix="hubr")
        code, answer = self._call("refund", lambda: self.client.refund(
            out_refund_no=refund_no, amount={"refund": amount, "total": total, "currency": "CNY"},
            transaction_id=payment_id))
        if code != 200:
            if isinstance(answer, dict) and answer.get("code") == "NOT_ENOUGH":
                raise self._refused("refund", answer, phrase("That is more than is left to refund of this payment."))
            raise self._refused("refund", answer, phrase("WeChat Pay refused the refund."))
        return self._refund_of(answer, payment_id)

    def _refund_of(self, answer: dict, payment_id: str) -> ProviderRefund:
        status = {"SUCCESS": "succeeded", "PROCESSING": "pending", "CLOSED": "failed",
                  "ABNORMAL": "failed"}.get(str(answer.get("status")), "pending")
        amount = int((answer.get("amount") or {}).get("refund") or 0)
        if status != "failed":
            with self._lock:
                self._refunds_seen[str(answer.get("out_refund_no"))] = (payment_id, amount)
        return ProviderRefund(id=str(answer.get("refund_id")), payment_id=payment_id, amount=amount,
                              currency="CNY", status=status)

    def refund_query(self, out_refund_no: str) -> ProviderRefund | None:
        """What WeChat says of one refund by our number; None when it has none."""
        code, answer = self._call("refund query", lambda: self.client.query_refund(out_refund_no=out_refund_no))
        if code == 404:
            return None
        if code != 200:
            raise self._refused("refund query", answer)
        return self._refund_of(answer, str(answer.get("transaction_id")))

    def cancel(self, payment_id: str, idempotency_key: str) -> ProviderPayment:
        """Close an unpaid order (payment_id: our out_trade_no, or WeChat's transaction id)."""
        out_trade_no = payment_id
        if not payment_id.startswith("hub"):
            trade = self.query(transaction_id=payment_id)
            out_trade_no = str((trade or {}).get("out_trade_no") or payment_id)
        self._close(out_trade_no)
        return ProviderPayment(id=payment_id, status="canceled", amount=self._known(out_trade_no)[2], currency="CNY")

    # --- notifications ----------------------------------------------------------------------------

    def notification_answer(self, ok: bool) -> NotificationAnswer:
        if ok:
            return NotificationAnswer(204, "application/json", b"")
        return NotificationAnswer(500, "application/json",
                                  json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False).encode())

    def parse_notification(self, raw_body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        data = self._verified(raw_body, headers)
        resource = data["resource"]
        base = {"id": str(data["id"]), "provider": self.name}
        event_type = str(data.get("event_type") or "")
        if event_type.startswith("REFUND."):
            status = {"SUCCESS": "succeeded", "CLOSED": "failed", "ABNORMAL": "failed"}.get(
                str(resource.get("refund_status")), "pending")
            return WebhookEvent(**base, type="charge.refund.updated",
                                created=_epoch(resource.get("success_time") or data.get("create_time")),
                                object={"id": str(resource.get("refund_id")),
                                        "amount": int((resource.get("amount") or {}).get("refund") or 0),
                                        "currency": "CNY", "status": status,
                                        "payment_intent": resource.get("transaction_id"), "metadata": {}})
        state = resource.get("trade_state")
        attach = dict(parse_qsl(resource.get("attach") or ""))
        metadata = {k: v for k, v in attach.items() if k in ("hub_payment_id", "purpose")}
        total = int((resource.get("amount") or {}).get("total") or 0)
        if state == "SUCCESS":
            if attach.get("hub_amount") != str(total):
                log.error("wechatpay notification %s: %s paid %s, we asked %s", data["id"],
                          resource.get("out_trade_no"), total, attach.get("hub_amount"))
                raise WebhookSignatureError(NOT_WECHAT, detail="amount differs from the order's")
            return WebhookEvent(**base, type="checkout.session.completed",
                                created=_epoch(resource.get("success_time") or data.get("create_time")),
                                object={"id": resource.get("out_trade_no"), "status": "complete",
                                        "payment_status": "paid", "amount_total": total, "currency": "CNY",
                                        "payment_intent": resource.get("transaction_id"), "metadata": metadata})
        return WebhookEvent(**base, type=f"wechatpay.{str(state or 'unknown').lower()}",
                            created=_epoch(data.get("create_time")), object={"id": resource.get("out_trade_no")})

    def _verified(self, raw_body: bytes, headers: Mapping[str, str]) -> dict:
        def refuse(why: str) -> WebhookSignatureError:
            log.warning("wechatpay notification refused: %s", why)
            return WebhookSignatureError(NOT_WECHAT, detail=why)

        lower = {str(k).lower(): str(v) for k, v in headers.items()}
        wanted = {name: lower.get(name.lower(), "") for name in HEADERS}
        if not all(wanted[n] for n in HEADERS[:4]):
            raise refuse("Wechatpay-* headers missing")
        if wanted["Wechatpay-Serial"] != self.public_key_id:
            raise refuse(f"unknown serial {wanted['Wechatpay-Serial'][:40]}")
        try:
            stamp = int(wanted["Wechatpay-Timestamp"])
        except ValueError as exc:
            raise refuse("unreadable timestamp") from exc
        if abs(time.time() - stamp) > NOTIFICATION_MAX_SKEW_S:
            raise refuse(f"timestamp {stamp} is not within 5 minutes")
        try:
            body = raw_body.decode("utf-8")
            data = self.client.callback(wanted, body)  # signature, then AEAD_AES_256_GCM with the APIv3 key
        except Exception as exc:  # the SDK raises bare Exceptions (algorithm), json errors
            raise refuse(f"unreadable: {type(exc).__name__}") from exc
        if not data or not isinstance(data.get("resource"), dict) or not data.get("id"):
            raise refuse("signature does not verify or resource does not decrypt")
        if data["resource"].get("mchid") != self.mchid:
            raise refuse(f"for another merchant ({data['resource'].get('mchid')})")
        if data["resource"].get("appid", self.appid) != self.appid:
            raise refuse(f"for another app ({data['resource'].get('appid')})")
        return data

    # --- the day's statement ------------------------------------------------------------------------

    def bill_lines(self, day: date) -> list[BillLine]:
        code, answer = self._call("bill", lambda: self.client.trade_bill(bill_date=day.isoformat(), bill_type="ALL"))
        if code != 200 or not isinstance(answer, dict) or not answer.get("download_url"):
            raise self._refused("bill", answer, phrase("WeChat Pay has no statement for {day} yet.", day=day.isoformat()))
        code, content = self._call("bill download", lambda: self.client.download_bill(str(answer["download_url"])))
        if code != 200 or not isinstance(content, bytes):
            raise ProviderUnavailable(UNAVAILABLE_MESSAGE, detail=f"bill download: {code}")
        try:
            raw = gzip.decompress(content) if content[:2] == b"\x1f\x8b" else content
            return parse_bill(raw.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
            raise PaymentProviderError(phrase("WeChat Pay's statement could not be read."), detail=str(exc)) from exc


def parse_bill(text: str) -> list[BillLine]:
    """The SUCCESS (payment) and REFUND (refund) lines of WeChat's trade bill (ALL)."""
    header: list[str] | None = None
    lines: list[BillLine] = []
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip().lstrip("`").strip() for c in row]
        if not cells or not cells[0]:
            continue
        if header is None:
            if cells[0] == "交易时间":
                header = cells
            continue
        if cells[0] == "总交易单数":
            break
        col = dict(zip(header, cells, strict=False))
        state = col.get("交易状态", "")
        kind = {"SUCCESS": "payment", "REFUND": "refund"}.get(state)
        if kind is None:
            continue
        at = datetime.strptime(col["交易时间"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST).astimezone(UTC)
        amount = minor(col["应结订单金额"] if kind == "payment" else col["退款金额"])
        lines.append(BillLine(out_trade_no=col["商户订单号"], provider_id=col["微信订单号"], kind=kind,
                              amount=abs(amount), currency=(col.get("货币种类") or "CNY").upper(), at=at,
                              refund_id=(col.get("微信退款单号") or None) if kind == "refund" else None,
                              fee=abs(minor(col.get("手续费") or "0"))))
    if header is None:
        raise ValueError("no header line in the bill")
    return lines
