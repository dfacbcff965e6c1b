"""A local stand-in for WeChat Pay's APIv3 (issue 20), for the real `wechatpayv3` SDK.

Keys are generated at start (cryptography): the merchant's key pair (the app signs its requests'
Authorization with the private key; the server checks them with the public key) and "WeChat Pay's"
platform key pair (the server signs every answer and notification with it; the app checks them with
`public_key_pem` under `public_key_id`, WeChat's "platform public key" mode). Signatures are
SHA256withRSA over "timestamp\\nnonce\\nbody\\n", as WeChat signs them; notifications carry their
resource encrypted AEAD_AES_256_GCM with the APIv3 key.

API (kept stable; the pay-page flow's tests use it too):

    with WeChatServer() as wx:                # or WeChatServer().start() ... .stop()
        wx.base                               # http://127.0.0.1:<port> (WECHATPAY_API_BASE)
        wx.environ(notify_url)                # the WECHATPAY_* settings for the app (a dict of strings)
        wx.mchid, wx.appid, wx.apiv3_key, wx.merchant_private_key_pem, wx.public_key_pem, wx.public_key_id
        wx.trades[out_trade_no]               # a Trade: state, total (int fen), transaction_id, refunds
        wx.pay(out_trade_no, at=None) -> transaction_id   # the payer scanned and paid (SUCCESS);
                                              # a CLOSED trade raises ValueError
        wx.time_out(out_trade_no)             # nobody paid in time: CLOSED
        wx.notification(out_trade_no) -> (body: bytes, headers: dict)     # TRANSACTION.SUCCESS, signed
        wx.refund_notification(out_refund_no) -> (body, headers)         # REFUND.SUCCESS, signed
        wx.forged_notification(out_trade_no, how) -> (body, headers)
            # how: "signature" (signed with another key), "tampered" (the body changed after
            # signing), "serial" (signed by a key under a serial the app does not know),
            # "stale" (correctly signed, its timestamp 10 minutes old), "apiv3_key" (correctly
            # signed, the resource encrypted with another key)
        wx.bill_text(day) -> str              # the trade bill (ALL) of a day (Asia/Shanghai), as downloaded;
                                              # /v3/bill/tradebill answers 400 NO_STATEMENT_EXIST for today
                                              # and later (WeChat makes a day's bill the next morning)
        wx.requests                           # [(method, path, body dict or None)] the server answered
        wx.down = True                        # answer 503 to everything (WeChat Pay not answering)

Endpoints: POST /v3/pay/transactions/native (code_url; the same out_trade_no and amount again
answers the same code_url, another amount 400 INVALID_REQUEST, a paid one 400 ORDERPAID),
GET /v3/pay/transactions/out-trade-no/{no} and /v3/pay/transactions/id/{id} (404 ORDER_NOT_EXIST),
POST /v3/pay/transactions/out-trade-no/{no}/close (204; a paid one 400 ORDERPAID),
POST /v3/refund/domestic/refunds (one out_refund_no is one refund; more than is left 400
NOT_ENOUGH), GET /v3/refund/domestic/refunds/{out_refund_no}, GET /v3/bill/tradebill (a
download_url on this server; the file is gzip, as tar_type=GZIP asks). A request whose
Authorization does not verify gets 401 SIGN_ERROR.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CST = timezone(timedelta(hours=8))  # WeChat Pay's clock


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def rsa_sign(key: rsa.RSAPrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def _iso(at: datetime) -> str:
    return at.astimezone(CST).replace(microsecond=0).isoformat()


def _now() -> datetime:
    return datetime.now(CST).replace(microsecond=0)


@dataclass
class Refund:
    out_refund_no: str
    refund_id: str
    amount: int
    at: datetime
    status: str = "SUCCESS"


@dataclass
class Trade:
    out_trade_no: str
    total: int  # fen
    description: str
    code_url: str
    created: datetime
    notify_url: str | None = None
    attach: str | None = None
    time_expire: str | None = None
    state: str = "NOTPAY"  # NOTPAY | SUCCESS | CLOSED | REFUND
    transaction_id: str | None = None
    paid_at: datetime | None = None
    refunds: dict[str, Refund] = field(default_factory=dict)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds.values())


class WeChatServer:
    def __init__(self, mchid: str = "1900000109", appid: str = "wxd678efh567hg6787"):
        self.mchid = mchid
        self.appid = appid
        self.apiv3_key = secrets.token_hex(16)  # 32 characters
        self.merchant_serial_no = secrets.token_hex(20).upper()
        self._merchant_key = _key()
        self._platform_key = _key()
        self._other_key = _key()
        self.merchant_private_key_pem = _private_pem(self._merchant_key)
        self.public_key_pem = _public_pem(self._platform_key)
        self.public_key_id = "PUB_KEY_ID_" + secrets.token_hex(12).upper()
        self.trades: dict[str, Trade] = {}
        self.requests: list[tuple[str, str, dict | None]] = []
        self.down = False
        self._bills: dict[str, date] = {}
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self.base = ""

    # --- running ----------------------------------------------------------------------------

    def start(self) -> WeChatServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server._serve(self, "GET")

            def do_POST(self) -> None:
                server._serve(self, "POST")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> WeChatServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def environ(self, notify_url: str = "https://hub.example.org/payments/wechatpay/notify") -> dict[str, str]:
        return {"WECHATPAY_MCHID": self.mchid, "WECHATPAY_APPID": self.appid,
                "WECHATPAY_CERT_SERIAL_NO": self.merchant_serial_no,
                "WECHATPAY_PRIVATE_KEY": self.merchant_private_key_pem, "WECHATPAY_APIV3_KEY": self.apiv3_key,
                "WECHATPAY_PUBLIC_KEY": self.public_key_pem, "WECHATPAY_PUBLIC_KEY_ID": self.public_key_id,
                "WECHATPAY_NOTIFY_URL": notify_url, "WECHATPAY_API_BASE": self.base}

    # --- playing the payer ------------------------------------------------------------------

    def pay(self, out_trade_no: str, at: datetime | None = None) -> str:
        """The payer paid (at `at`, default now); a closed trade cannot be paid (ValueError)."""
        with self._lock:
            t = self.trades[out_trade_no]
            if t.state == "CLOSED":
                raise ValueError(f"{out_trade_no} is closed")
            if t.state == "NOTPAY":
                t.state = "SUCCESS"
                t.paid_at = (at or _now()).astimezone(CST).replace(microsecond=0)
                t.transaction_id = "42000" + t.paid_at.strftime("%Y%m%d") + secrets.token_hex(8)[:15].upper()
            return str(t.transaction_id)

    def time_out(self, out_trade_no: str) -> None:
        with self._lock:
            t = self.trades[out_trade_no]
            if t.state == "NOTPAY":
                t.state = "CLOSED"

    # --- signing ------------------------------------------------------------------------------

    def _signed_headers(self, body: str, *, key: rsa.RSAPrivateKey | None = None, serial: str | None = None,
                        timestamp: int | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = secrets.token_hex(16).upper()
        return {"Wechatpay-Timestamp": stamp, "Wechatpay-Nonce": nonce,
                "Wechatpay-Signature": rsa_sign(key or self._platform_key, f"{stamp}\n{nonce}\n{body}\n"),
                "Wechatpay-Serial": serial or self.public_key_id,
                "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048", "Request-ID": str(uuid.uuid4())}

    def _encrypted(self, plain: dict, associated_data: str, key: str | None = None) -> dict:
        nonce = secrets.token_hex(6)  # 12 characters
        sealed = AESGCM((key or self.apiv3_key).encode()).encrypt(
            nonce.encode(), json.dumps(plain, ensure_ascii=False).encode(), associated_data.encode())
        return {"original_type": associated_data, "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": base64.b64encode(sealed).decode(), "associated_data": associated_data, "nonce": nonce}

    def _trade_json(self, t: Trade) -> dict:
        out = {"appid": self.appid, "mchid": self.mchid, "out_trade_no": t.out_trade_no, "trade_state": t.state,
               "trade_state_desc": {"NOTPAY": "未支付", "SUCCESS": "支付成功", "CLOSED": "已关闭",
                                    "REFUND": "转入退款"}[t.state], "attach": t.attach or "",
               "amount": {"total": t.total, "currency": "CNY"}}
        if t.transaction_id:
            out.update({"transaction_id": t.transaction_id, "trade_type": "NATIVE", "bank_type": "OTHERS",
                        "success_time": _iso(t.paid_at or _now()), "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
                        "amount": {"total": t.total, "payer_total": t.total, "currency": "CNY",
                                   "payer_currency": "CNY"}})
        return out

    def _refund_json(self, t: Trade, r: Refund) -> dict:
        return {"refund_id": r.refund_id, "out_refund_no": r.out_refund_no, "transaction_id": t.transaction_id,
                "out_trade_no": t.out_trade_no, "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
                "success_time": _iso(r.at), "create_time": _iso(r.at), "status": r.status,
                "amount": {"total": t.total, "refund": r.amount, "payer_total": t.total, "payer_refund": r.amount,
                           "settlement_refund": r.amount, "settlement_total": t.total, "discount_refund": 0,
                           "currency": "CNY"}}

    def _notification(self, event_type: str, summary: str, plain: dict, original_type: str, *,
                      key: str | None = None) -> str:
        return json.dumps({"id": str(uuid.uuid4()), "create_time": _iso(_now()), "resource_type": "encrypt-resource",
                           "event_type": event_type, "summary": summary,
                           "resource": self._encrypted(plain, original_type, key)}, ensure_ascii=False)

    def notification(self, out_trade_no: str) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            t = self.trades[out_trade_no]
            body = self._notification("TRANSACTION.SUCCESS", "支付成功", self._trade_json(t), "transaction")
        return body.encode(), self._signed_headers(body)

    def refund_notification(self, out_refund_no: str) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            t, r = self._refund(out_refund_no)
            plain = {"mchid": self.mchid, "out_trade_no": t.out_trade_no, "transaction_id": t.transaction_id,
                     "out_refund_no": r.out_refund_no, "refund_id": r.refund_id, "refund_status": r.status,
                     "success_time": _iso(r.at), "user_received_account": "支付用户零钱",
                     "amount": {"total": t.total, "refund": r.amount, "payer_total": t.total, "payer_refund": r.amount}}
            body = self._notification("REFUND.SUCCESS", "退款成功", plain, "refund")
        return body.encode(), self._signed_headers(body)

    def forged_notification(self, out_trade_no: str, how: str) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            plain = self._trade_json(self.trades[out_trade_no])
        if how == "apiv3_key":
            body = self._notification("TRANSACTION.SUCCESS", "支付成功", plain, "transaction",
                                      key=secrets.token_hex(16))
            return body.encode(), self._signed_headers(body)
        body = self._notification("TRANSACTION.SUCCESS", "支付成功", plain, "transaction")
        if how == "signature":
            return body.encode(), self._signed_headers(body, key=self._other_key)
        if how == "serial":
            return body.encode(), self._signed_headers(body, key=self._other_key, serial="PUB_KEY_ID_" + "0" * 24)
        if how == "stale":
            return body.encode(), self._signed_headers(body, timestamp=int(time.time()) - 600)
        if how == "tampered":
            headers = self._signed_headers(body)
            return body.replace("支付成功", "支付成功 ", 1).encode(), headers
        raise ValueError(f"unknown forgery {how!r}")

    def _refund(self, out_refund_no: str) -> tuple[Trade, Refund]:
        for t in self.trades.values():
            if out_refund_no in t.refunds:
                return t, t.refunds[out_refund_no]
        raise KeyError(out_refund_no)

    # --- the bill -------------------------------------------------------------------------------

    def bill_text(self, day: date) -> str:
        """WeChat's trade bill (bill_type ALL): every cell starts with a backquote; amounts in yuan."""
        head = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
                "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
        rows: list[list[str]] = []
        paid_total = refund_total = fee_total = 0

        def yuan(fen: int) -> str:
            return f"{fen // 100}.{fen % 100:02d}"

        with self._lock:
            for t in self.trades.values():
                if t.paid_at and t.paid_at.date() == day:
                    fee = t.total * 6 // 1000
                    paid_total += t.total
                    fee_total += fee
                    rows.append([t.paid_at.strftime("%Y-%m-%d %H:%M:%S"), self.appid, self.mchid, "0", "",
                                 str(t.transaction_id), t.out_trade_no, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "NATIVE",
                                 "SUCCESS", "OTHERS", "CNY", yuan(t.total), "0.00", "0", "0", "0.00", "0.00", "", "",
                                 t.description, t.attach or "", yuan(fee), "0.60%", yuan(t.total), "0.00", ""])
                for r in t.refunds.values():
                    if r.at.date() == day:
                        refund_total += r.amount
                        rows.append([r.at.strftime("%Y-%m-%d %H:%M:%S"), self.appid, self.mchid, "0", "",
                                     str(t.transaction_id), t.out_trade_no, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "NATIVE",
                                     "REFUND", "OTHERS", "CNY", "0.00", "0.00", r.refund_id, r.out_refund_no,
                                     "¥" + yuan(r.amount), "0.00", "ORIGINAL", r.status, t.description, "",
                                     "-" + yuan(r.amount * 6 // 1000), "0.60%", yuan(t.total), yuan(r.amount), ""])
        lines = [head] + [",".join("`" + c for c in row) for row in rows]
        lines.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        lines.append(",".join("`" + c for c in (str(len(rows)), yuan(paid_total), yuan(refund_total), "0.00",
                                                   yuan(fee_total), yuan(paid_total), yuan(refund_total))))
        return "\r\n".join(lines) + "\r\n"

    # --- answering --------------------------------------------------------------------------------

    def _authorized(self, method: str, target: str, body: str, authorization: str) -> bool:
        m = dict(re.findall(r'(\w+)="([^"]*)"', authorization))
        if not authorization.startswith("WECHATPAY2-SHA256-RSA2048 ") or m.get("mchid") != self.mchid:
            return False
        if m.get("serial_no") != self.merchant_serial_no or abs(time.time() - int(m.get("timestamp", "0"))) > 300:
            return False
        text = f"{method}\n{target}\n{m['timestamp']}\n{m.get('nonce_str', '')}\n{body}\n"
        try:
            self._merchant_key.public_key().verify(base64.b64decode(m.get("signature", "")), text.encode(),
                                                   padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    def _serve(self, h: BaseHTTPRequestHandler, method: str) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0)).decode() if method == "POST" else ""
        parts = urlsplit(h.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        if self.down:
            return self._answer(h, 503, {"code": "SYSTEM_ERROR", "message": "系统错误"}, sign=False)
        if path == "/v3/billdownload/file":
            day = self._bills.get(query.get("token", ""))
            if day is None:
                return self._answer(h, 404, {"code": "RESOURCE_NOT_EXISTS", "message": "账单不存在"})
            data = gzip.compress(self.bill_text(day).encode("utf-8"))
            h.send_response(200)
            h.send_header("Content-Type", "application/octet-stream")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            return None
        if not self._authorized(method, h.path, raw, h.headers.get("Authorization", "")):
            return self._answer(h, 401, {"code": "SIGN_ERROR", "message": "签名错误"})
        body = json.loads(raw) if raw else None
        with self._lock:
            self.requests.append((method, path, body))
            status, answer = self._route(method, path, query, body or {})
        return self._answer(h, status, answer)

    def _route(self, method: str, path: str, query: dict, body: dict) -> tuple[int, dict | None]:
        not_found = (404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
        if method == "POST" and path == "/v3/pay/transactions/native":
            if body.get("appid") != self.appid or body.get("mchid") != self.mchid:
                return 400, {"code": "INVALID_REQUEST", "message": "appid和mch_id不匹配"}
            no, total = str(body.get("out_trade_no", "")), (body.get("amount") or {}).get("total")
            if not re.fullmatch(r"[A-Za-z0-9_\-|*]{6,32}", no) or not isinstance(total, int) or total <= 0:
                return 400, {"code": "PARAM_ERROR", "message": "参数错误"}
            if (body.get("amount") or {}).get("currency", "CNY") != "CNY":
                return 400, {"code": "PARAM_ERROR", "message": "币种错误"}
            t = self.trades.get(no)
            if t is None:
                t = Trade(no, total, str(body.get("description", "")), "weixin://wxpay/bizpayurl?pr=" +
                          secrets.token_urlsafe(6), _now(), notify_url=body.get("notify_url"),
                          attach=body.get("attach"), time_expire=body.get("time_expire"))
                self.trades[no] = t
            elif t.total != total:
                return 400, {"code": "INVALID_REQUEST", "message": "201 商户订单号重复"}
            elif t.state in ("SUCCESS", "REFUND"):
                return 400, {"code": "ORDERPAID", "message": "该订单已支付"}
            elif t.state == "CLOSED":
                return 400, {"code": "ORDER_CLOSED", "message": "订单已关闭"}
            return 200, {"code_url": t.code_url}
        m = re.fullmatch(r"/v3/pay/transactions/(out-trade-no|id)/([^/]+)(/close)?", path)
        if m:
            kind, key, close = m.groups()
            if kind == "out-trade-no":
                t = self.trades.get(key)
            else:
                t = next((x for x in self.trades.values() if x.transaction_id == key), None)
            if close:
                if t is None or method != "POST":
                    return not_found
                if t.state in ("SUCCESS", "REFUND"):
                    return 400, {"code": "ORDERPAID", "message": "订单已支付"}
                t.state = "CLOSED"
                return 204, None
            if t is None or query.get("mchid") != self.mchid:
                return not_found
            return 200, self._trade_json(t)
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            t = next((x for x in self.trades.values() if body.get("transaction_id") and
                      x.transaction_id == body.get("transaction_id") or x.out_trade_no == body.get("out_trade_no")),
                     None)
            if t is None or t.transaction_id is None:
                return not_found
            no, amount = str(body.get("out_refund_no", "")), body.get("amount") or {}
            if no in t.refunds:
                return 200, self._refund_json(t, t.refunds[no])
            refund = amount.get("refund")
            if not isinstance(refund, int) or refund <= 0 or amount.get("total") != t.total:
                return 400, {"code": "PARAM_ERROR", "message": "退款金额错误"}
            if refund > t.total - t.refunded:
                return 403, {"code": "NOT_ENOUGH", "message": "订单可退金额不足"}
            r = Refund(no, "50000" + secrets.token_hex(12)[:23], refund, _now())
            t.refunds[no] = r
            t.state = "REFUND"
            return 200, self._refund_json(t, r)
        m = re.fullmatch(r"/v3/refund/domestic/refunds/([^/]+)", path)
        if m:
            try:
                t, r = self._refund(m.group(1))
            except KeyError:
                return 404, {"code": "RESOURCE_NOT_EXISTS", "message": "退款单不存在"}
            return 200, self._refund_json(t, r)
        if path == "/v3/bill/tradebill":
            try:
                day = date.fromisoformat(query.get("bill_date", ""))
            except ValueError:
                return 400, {"code": "PARAM_ERROR", "message": "账单日期格式不正确"}
            if day >= _now().date():
                return 400, {"code": "NO_STATEMENT_EXIST", "message": "账单文件不存在"}
            token = secrets.token_urlsafe(12)
            self._bills[token] = day
            return 200, {"hash_type": "SHA1", "hash_value": "",
                         "download_url": f"{self.base}/v3/billdownload/file?token={token}"}
        return 404, {"code": "NOT_FOUND", "message": "无此接口"}

    def _answer(self, h: BaseHTTPRequestHandler, status: int, answer: dict | None, sign: bool = True) -> None:
        text = "" if answer is None else json.dumps(answer, ensure_ascii=False)
        data = text.encode()
        h.send_response(status)
        if sign:
            for k, v in self._signed_headers(text).items():
                h.send_header(k, v)
        if answer is not None:
            h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
