"""A local stand-in for Alipay's open-platform gateway (issue 20), for the real `python-alipay-sdk`.

Keys are generated at start (cryptography): the app's key pair (the app signs its requests with the
private key; the gateway checks them with the public key) and "Alipay's" key pair (the gateway
signs its answers and notifications with the private key; the app checks them with
`alipay_public_key_pem`). Everything is RSA2 (SHA256withRSA), signed as Alipay signs it: an answer's
`sign` covers the exact JSON text of its `<method>_response` object; a notification's `sign` covers
the other fields (all but `sign` and `sign_type`) sorted by name, as `k=v` joined with `&`.

API (kept stable; the pay-page flow's tests use it too):

    with AlipayServer() as alipay:            # or AlipayServer().start() ... .stop()
        alipay.gateway                        # http://127.0.0.1:<port>/gateway.do (ALIPAY_GATEWAY)
        alipay.environ(notify_url)            # the ALIPAY_* settings for the app (a dict of strings)
        alipay.app_id, alipay.app_private_key_pem, alipay.alipay_public_key_pem
        alipay.trades[out_trade_no]           # a Trade: status, total (Decimal yuan), trade_no, refunds
        alipay.scan(out_trade_no)             # the payer scanned the QR: the trade exists (WAIT_BUYER_PAY)
        alipay.pay(out_trade_no) -> trade_no  # the payer paid (TRADE_SUCCESS); scans first if needed
        alipay.time_out(out_trade_no)         # nobody paid in time: TRADE_CLOSED
        alipay.notification(out_trade_no) -> bytes          # a correctly signed trade_status_sync form
        alipay.refund_notification(out_trade_no, out_request_no) -> bytes
        alipay.forged_notification(out_trade_no, how) -> bytes
            # how: "signature" (signed with another key), "tampered" (a field changed after
            # signing), "app_id" (correctly signed, for another app), "amount" (correctly signed,
            # an amount other than the order's), "stale" (correctly signed, sent 4 days ago)
        alipay.bill_zip(day) -> bytes         # the trade bill of a day (Asia/Shanghai), as downloaded
        alipay.requests                       # [(method, biz_content dict)] the gateway answered
        alipay.down = True                    # answer 503 to everything (Alipay not answering)
        alipay.lose_answers = True            # do what is asked, then answer 503 (the answer is lost)

Gateway methods: alipay.trade.precreate (qr_code; the same out_trade_no and amount again answers the
same QR, another amount ACQ.CONTEXT_INCONSISTENT), alipay.trade.query (ACQ.TRADE_NOT_EXIST until the
QR is scanned, as Alipay does), alipay.trade.close, alipay.trade.refund (one out_request_no is one
refund; refund_fee is the trade's total refunded), alipay.trade.fastpay.refund.query,
alipay.data.dataservice.bill.downloadurl.query (a URL on this server serving the bill zip: CSV files
in GBK, Alipay's layout). A request whose signature does not verify gets isv.invalid-signature; one
whose timestamp is not China's time (within 30 minutes) isv.invalid-timestamp.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import secrets
import threading
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CST = timezone(timedelta(hours=8))  # Alipay's clock: China has one zone and no summer time


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def rsa2_sign(key: rsa.RSAPrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def signed_text(fields: dict[str, str], *, drop: tuple[str, ...] = ("sign", "sign_type")) -> str:
    """What a notification's (or a request's, dropping only `sign`) signature covers."""
    return "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k not in drop)


def _now() -> datetime:
    return datetime.now(CST).replace(microsecond=0)


def _stamp(at: datetime) -> str:
    return at.astimezone(CST).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Refund:
    out_request_no: str
    amount: Decimal
    at: datetime


@dataclass
class Trade:
    out_trade_no: str
    total: Decimal
    subject: str
    qr_code: str
    created: datetime
    notify_url: str | None = None
    passback_params: str | None = None
    time_expire: datetime | None = None
    scanned: bool = False
    status: str = "WAIT_BUYER_PAY"  # WAIT_BUYER_PAY | TRADE_SUCCESS | TRADE_CLOSED | TRADE_FINISHED
    trade_no: str | None = None
    paid_at: datetime | None = None
    refunds: dict[str, Refund] = field(default_factory=dict)

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds.values()), Decimal("0.00"))


class AlipayServer:
    def __init__(self, app_id: str = "2021000000000001", seller_id: str = "2088000000000001"):
        self.app_id = app_id
        self.seller_id = seller_id
        self._app_key = _key()
        self._alipay_key = _key()
        self.app_private_key_pem = _private_pem(self._app_key)
        self.app_public_key_pem = _public_pem(self._app_key)
        self.alipay_public_key_pem = _public_pem(self._alipay_key)
        self.trades: dict[str, Trade] = {}
        self.requests: list[tuple[str, dict]] = []
        self.down = False
        self.lose_answers = False
        self._bills: dict[str, date] = {}
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self.url = ""

    # --- running ----------------------------------------------------------------------------

    def start(self) -> AlipayServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._handle(urlsplit(self.path).query)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                query = urlsplit(self.path).query
                self._handle("&".join(p for p in (query, body) if p))

            def _handle(self, query: str) -> None:
                if server.down:
                    return self._answer(503, "text/plain", b"unavailable")
                path = urlsplit(self.path).path
                if path.startswith("/bill/"):
                    day = server._bills.get(path[len("/bill/"):])
                    if day is None:
                        return self._answer(404, "text/plain", b"no such bill")
                    return self._answer(200, "application/zip", server.bill_zip(day))
                if path != "/gateway.do":
                    return self._answer(404, "text/plain", b"not found")
                text = server.answer(dict(parse_qsl(query, keep_blank_values=True)))
                if server.lose_answers:
                    return self._answer(503, "text/plain", b"gateway timeout")
                self._answer(200, "text/html;charset=utf-8", text.encode())

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> AlipayServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def gateway(self) -> str:
        return f"{self.url}/gateway.do"

    def environ(self, notify_url: str = "http://127.0.0.1:1/api/webhooks/alipay") -> dict[str, str]:
        return {"ALIPAY_APP_ID": self.app_id, "ALIPAY_APP_PRIVATE_KEY": self.app_private_key_pem,
                "ALIPAY_PUBLIC_KEY": self.alipay_public_key_pem, "ALIPAY_NOTIFY_URL": notify_url,
                "ALIPAY_GATEWAY": self.gateway}

    # --- the gateway ------------------------------------------------------------------------

    def _signed(self, method: str, payload: dict) -> str:
        name = method.replace(".", "_") + "_response"
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        sign = rsa2_sign(self._alipay_key, text)
        return f'{{"{name}":{text},"sign":"{sign}"}}'

    @staticmethod
    def _fail(code: str, msg: str, sub_code: str, sub_msg: str) -> dict:
        return {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg}

    def _business(self, sub_code: str, sub_msg: str) -> dict:
        return self._fail("40004", "Business Failed", sub_code, sub_msg)

    def answer(self, form: dict[str, str]) -> str:
        """The gateway's signed answer to one request (its query-string fields)."""
        method = form.get("method", "")
        try:
            biz = json.loads(form.get("biz_content") or "{}")
        except ValueError:
            biz = {}
        with self._lock:
            self.requests.append((method, biz))
            sign = form.get("sign", "")
            try:
                self._app_key.public_key().verify(base64.b64decode(sign), signed_text(form, drop=("sign",)).encode(),
                                                  padding.PKCS1v15(), hashes.SHA256())
            except (InvalidSignature, ValueError):
                return self._signed(method, self._fail("40002", "Invalid Arguments", "isv.invalid-signature",
                                                       "验签出错"))
            try:  # Alipay reads the request's timestamp as China's time
                stamp = datetime.strptime(form.get("timestamp", ""), "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
            except ValueError:
                stamp = None
            if stamp is None or abs((stamp - _now()).total_seconds()) > 30 * 60:
                return self._signed(method, self._fail("40002", "Invalid Arguments", "isv.invalid-timestamp",
                                                       "非法的时间戳参数"))
            if form.get("app_id") != self.app_id:
                return self._signed(method, self._fail("40002", "Invalid Arguments", "isv.invalid-app-id",
                                                       "无效的AppID参数"))
            handler = {
                "alipay.trade.precreate": self._precreate, "alipay.trade.query": self._query,
                "alipay.trade.close": self._close, "alipay.trade.refund": self._refund,
                "alipay.trade.fastpay.refund.query": self._refund_query,
                "alipay.data.dataservice.bill.downloadurl.query": self._bill_url,
            }.get(method)
            if handler is None:
                return self._signed(method, self._fail("40004", "Business Failed", "isv.invalid-method",
                                                       "不存在的方法名"))
            return self._signed(method, handler(biz, form))

    def _trade(self, biz: dict) -> Trade | None:
        trade = self.trades.get(str(biz.get("out_trade_no") or ""))
        if trade is None and biz.get("trade_no"):
            trade = next((t for t in self.trades.values() if t.trade_no == biz["trade_no"]), None)
        if trade is not None and trade.status == "WAIT_BUYER_PAY" and trade.time_expire and _now() > trade.time_expire:
            trade.status = "TRADE_CLOSED"
        return trade

    def _precreate(self, biz: dict, form: dict) -> dict:
        out_trade_no = str(biz.get("out_trade_no") or "")
        total = Decimal(str(biz.get("total_amount")))
        trade = self._trade(biz)
        if trade is not None:
            if trade.total != total:
                return self._business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
            if trade.status != "WAIT_BUYER_PAY":
                return self._business("ACQ.TRADE_HAS_SUCCESS" if trade.paid_at else "ACQ.TRADE_HAS_CLOSE",
                                      "交易已被支付" if trade.paid_at else "交易已经关闭")
        else:
            expire = None
            if biz.get("time_expire"):
                expire = datetime.strptime(biz["time_expire"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
            trade = Trade(out_trade_no=out_trade_no, total=total, subject=str(biz.get("subject") or ""),
                          qr_code=f"https://qr.alipay.com/bax{secrets.token_hex(12)}", created=_now(),
                          notify_url=form.get("notify_url"), passback_params=biz.get("passback_params"),
                          time_expire=expire)
            self.trades[out_trade_no] = trade
        return {"code": "10000", "msg": "Success", "out_trade_no": out_trade_no, "qr_code": trade.qr_code}

    def _query(self, biz: dict, form: dict) -> dict:
        trade = self._trade(biz)
        if trade is None or (not trade.scanned and trade.status == "WAIT_BUYER_PAY"):
            return self._business("ACQ.TRADE_NOT_EXIST", "交易不存在")
        answer = {"code": "10000", "msg": "Success", "out_trade_no": trade.out_trade_no,
                  "trade_no": trade.trade_no, "trade_status": trade.status,
                  "total_amount": f"{trade.total:.2f}", "buyer_logon_id": "buy***@example.test"}
        if trade.paid_at:
            answer.update(send_pay_date=_stamp(trade.paid_at), receipt_amount=f"{trade.total:.2f}",
                          buyer_pay_amount=f"{trade.total:.2f}", buyer_user_id="2088102100000001")
        return answer

    def _close(self, biz: dict, form: dict) -> dict:
        trade = self._trade(biz)
        if trade is None or (not trade.scanned and trade.status == "WAIT_BUYER_PAY"):
            return self._business("ACQ.TRADE_NOT_EXIST", "交易不存在")
        if trade.status != "WAIT_BUYER_PAY" and trade.status != "TRADE_CLOSED":
            return self._business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        trade.status = "TRADE_CLOSED"
        return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no}

    def _refund(self, biz: dict, form: dict) -> dict:
        trade = self._trade(biz)
        if trade is None or trade.paid_at is None:
            return self._business("ACQ.TRADE_NOT_EXIST", "交易不存在")
        request_no = str(biz.get("out_request_no") or trade.out_trade_no)
        amount = Decimal(str(biz.get("refund_amount")))
        done = trade.refunds.get(request_no)
        change = "N"
        if done is None:
            if trade.status not in ("TRADE_SUCCESS",):
                return self._business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            if amount <= 0 or trade.refunded + amount > trade.total:
                return self._business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            trade.refunds[request_no] = Refund(request_no, amount, _now())
            if trade.refunded == trade.total:
                trade.status = "TRADE_CLOSED"
            change = "Y"
        elif done.amount != amount:
            return self._business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额与退款请求号不一致")
        return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
                "buyer_logon_id": "buy***@example.test", "fund_change": change,
                "refund_fee": f"{trade.refunded:.2f}", "gmt_refund_pay": _stamp(trade.refunds[request_no].at)}

    def _refund_query(self, biz: dict, form: dict) -> dict:
        trade = self._trade(biz)
        refund = trade.refunds.get(str(biz.get("out_request_no"))) if trade else None
        if trade is None or refund is None:  # Alipay answers success with no refund fields
            return {"code": "10000", "msg": "Success"}
        return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
                "out_request_no": refund.out_request_no, "total_amount": f"{trade.total:.2f}",
                "refund_amount": f"{refund.amount:.2f}", "refund_status": "REFUND_SUCCESS",
                "gmt_refund_pay": _stamp(refund.at)}

    def _bill_url(self, biz: dict, form: dict) -> dict:
        try:
            day = date.fromisoformat(str(biz.get("bill_date")))
        except ValueError:
            return self._fail("40004", "Business Failed", "isp.bill_not_exist", "账单不存在")
        if biz.get("bill_type") != "trade" or day >= _now().date():
            return self._business("isp.bill_not_exist", "账单不存在")
        token = secrets.token_hex(8)
        self._bills[token] = day
        return {"code": "10000", "msg": "Success", "bill_download_url": f"{self.url}/bill/{token}"}

    # --- the payer --------------------------------------------------------------------------

    def scan(self, out_trade_no: str) -> Trade:
        with self._lock:
            trade = self.trades[out_trade_no]
            if trade.trade_no is None:
                trade.trade_no = _now().strftime("%Y%m%d") + "2200" + str(secrets.randbelow(10 ** 16)).zfill(16)
            trade.scanned = True
            return trade

    def pay(self, out_trade_no: str, at: datetime | None = None) -> str:
        with self._lock:
            trade = self._trade({"out_trade_no": out_trade_no})
            if trade is None or trade.status != "WAIT_BUYER_PAY":
                raise ValueError(f"trade {out_trade_no} cannot be paid ({trade.status if trade else 'unknown'})")
            self.scan(out_trade_no)
            trade.status, trade.paid_at = "TRADE_SUCCESS", (at or _now())
            return trade.trade_no or ""

    def time_out(self, out_trade_no: str) -> None:
        with self._lock:
            trade = self.scan(out_trade_no)
            if trade.status == "WAIT_BUYER_PAY":
                trade.status = "TRADE_CLOSED"

    # --- notifications ----------------------------------------------------------------------

    def _fields(self, trade: Trade) -> dict[str, str]:
        fields = {
            "notify_time": _stamp(_now()), "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16), "app_id": self.app_id, "charset": "utf-8", "version": "1.0",
            "trade_no": trade.trade_no or "", "out_trade_no": trade.out_trade_no,
            "buyer_id": "2088102100000001", "buyer_logon_id": "buy***@example.test", "seller_id": self.seller_id,
            "trade_status": trade.status, "total_amount": f"{trade.total:.2f}", "subject": trade.subject,
            "gmt_create": _stamp(trade.created),
        }
        if trade.paid_at:
            fields.update(receipt_amount=f"{trade.total:.2f}", buyer_pay_amount=f"{trade.total:.2f}",
                          gmt_payment=_stamp(trade.paid_at),
                          fund_bill_list=json.dumps([{"amount": f"{trade.total:.2f}", "fundChannel": "ALIPAYACCOUNT"}],
                                                    separators=(",", ":")))
        if trade.passback_params:
            fields["passback_params"] = trade.passback_params
        return fields

    def _form(self, fields: dict[str, str], key: rsa.RSAPrivateKey | None = None) -> bytes:
        signed = dict(fields, sign=rsa2_sign(key or self._alipay_key, signed_text(fields)), sign_type="RSA2")
        return urlencode(signed).encode()

    def notification(self, out_trade_no: str) -> bytes:
        """The notification Alipay posts for the trade as it stands (paid, or closed)."""
        with self._lock:
            return self._form(self._fields(self._trade({"out_trade_no": out_trade_no}) or self.trades[out_trade_no]))

    def refund_notification(self, out_trade_no: str, out_request_no: str) -> bytes:
        """The notification Alipay posts after a refund (trade_status TRADE_SUCCESS for a part,
        TRADE_CLOSED once all is refunded; refund_fee is the total refunded on the trade)."""
        with self._lock:
            trade = self.trades[out_trade_no]
            refund = trade.refunds[out_request_no]
            fields = self._fields(trade)
            fields.update(out_biz_no=refund.out_request_no, refund_fee=f"{trade.refunded:.2f}",
                          gmt_refund=_stamp(refund.at) + ".000")
            if trade.status == "TRADE_CLOSED":
                fields["gmt_close"] = _stamp(refund.at)
            return self._form(fields)

    def forged_notification(self, out_trade_no: str, how: str = "signature") -> bytes:
        with self._lock:
            fields = self._fields(self.trades[out_trade_no])
            if how == "signature":
                return self._form(fields, key=_key())
            if how == "tampered":
                body = dict(parse_qsl(self._form(fields).decode()))
                body["total_amount"] = f"{Decimal(body['total_amount']) + 1:.2f}"
                return urlencode(body).encode()
            if how == "app_id":
                fields["app_id"] = "2021000000009999"
                return self._form(fields)
            if how == "amount":
                fields["total_amount"] = fields["receipt_amount"] = fields["buyer_pay_amount"] = "0.01"
                return self._form(fields)
            if how == "stale":
                fields["notify_time"] = _stamp(_now() - timedelta(days=4))
                return self._form(fields)
            raise ValueError(f"unknown forgery {how!r}")

    # --- the bill ---------------------------------------------------------------------------

    HEADER = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
              "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
              "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
              "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注"]
    FEE_RATE = Decimal("0.006")

    def _fee(self, amount: Decimal) -> Decimal:
        return (amount * self.FEE_RATE).quantize(Decimal("0.01"))

    def bill_zip(self, day: date) -> bytes:
        """Alipay's trade bill of `day`: a zip of a detail CSV and a summary CSV, in GBK, values
        followed by a tab as Alipay writes them."""
        rows: list[list[str]] = []
        with self._lock:
            for t in self.trades.values():
                if t.paid_at and t.paid_at.astimezone(CST).date() == day:
                    rows.append([t.trade_no or "", t.out_trade_no, "交易", t.subject, _stamp(t.created),
                                 _stamp(t.paid_at), "", "", "", "", "buy***@example.test", f"{t.total:.2f}",
                                 f"{t.total:.2f}", "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", "",
                                 f"{-self._fee(t.total):.2f}", "0.00", ""])
                for r in t.refunds.values():
                    if r.at.astimezone(CST).date() == day:
                        rows.append([t.trade_no or "", t.out_trade_no, "退款", t.subject, _stamp(t.created),
                                     _stamp(r.at), "", "", "", "", "buy***@example.test", f"{-r.amount:.2f}",
                                     f"{-r.amount:.2f}", "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00",
                                     r.out_request_no, f"{self._fee(r.amount):.2f}", "0.00", ""])
        stamp = day.strftime("%Y年%m月%d日")
        detail = io.StringIO()
        detail.write("#支付宝业务明细查询\r\n")
        detail.write(f"#账号：[{self.seller_id}0156]\r\n")
        detail.write(f"#起始日期：[{stamp} 00:00:00]   终止日期：[{(day + timedelta(days=1)).strftime('%Y年%m月%d日')} 00:00:00]\r\n")
        detail.write("#-----------------------------------------业务明细列表----------------------------------------\r\n")
        writer = csv.writer(detail, lineterminator="\r\n")
        writer.writerow(self.HEADER)
        for row in rows:
            writer.writerow([f"{cell}\t" for cell in row])
        detail.write("#-----------------------------------------业务明细列表结束------------------------------------\r\n")
        paid = sum(1 for r in rows if r[2] == "交易")
        detail.write(f"#交易合计：{paid}笔，退款合计：{len(rows) - paid}笔\r\n")
        detail.write(f"#导出时间：[{_now().strftime('%Y年%m月%d日 %H:%M:%S')}]\r\n")
        summary = f"#支付宝业务汇总查询\r\n#账号：[{self.seller_id}0156]\r\n门店编号,门店名称,交易订单总笔数\r\n合计,,{len(rows)}\r\n"
        name = f"{self.seller_id}0156_{day.strftime('%Y%m%d')}"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr(f"{name}_业务明细.csv", detail.getvalue().encode("gbk"))
            z.writestr(f"{name}_业务明细(汇总).csv", summary.encode("gbk"))
        return out.getvalue()
