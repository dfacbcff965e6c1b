"""Delivery transports: SMTP for email, an HTTP provider for SMS, the inbox table for in-app.

Each raises DeliveryError for a failure worth retrying. In demo mode with no SMTP/SMS URL set,
messages are written to the log instead so a local user can still read their codes.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

import httpx

log = logging.getLogger("community_hub.delivery")

FROM_ADDRESS = "Community Hub <no-reply@community-hub.local>"


class DeliveryError(RuntimeError):
    pass


def send_email(smtp_url: str, *, to: str, subject: str, body: str, message_id: str, timeout: float = 10) -> None:
    """smtp://[user:pass@]host:port (STARTTLS when the server offers it) or smtps://."""
    url = urlparse(smtp_url)
    msg = EmailMessage()
    msg["From"] = FROM_ADDRESS
    msg["To"] = to
    msg["Subject"] = subject
    # A stable Message-ID lets the receiving side drop a copy if a retry ever repeats a send.
    msg["Message-ID"] = message_id
    msg.set_content(body)
    try:
        cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with cls(url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25), timeout=timeout) as smtp:
            if url.scheme == "smtp" and smtp.has_extn("starttls"):
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email to {to} failed: {exc}") from exc


def send_sms(sms_url: str, *, to: str, body: str, message_id: str, timeout: float = 10) -> None:
    """POST JSON {to, body, id} to the provider; any non-2xx answer is a retryable failure."""
    try:
        resp = httpx.post(sms_url, json={"to": to, "body": body, "id": message_id}, timeout=timeout,
                          headers={"Idempotency-Key": message_id})
    except httpx.HTTPError as exc:
        raise DeliveryError(f"SMS to {to} failed: {exc}") from exc
    if resp.status_code >= 300:
        raise DeliveryError(f"SMS to {to} refused: HTTP {resp.status_code}")
