"""Which provider the app uses (`HUB_PAYMENT_PROVIDER`: demo | stripe), built once per process.

Tests (and the lead's e2e set-up) can swap in another instance with `use_provider`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading

from community_hub.core.config import PROJECT_ROOT, ConfigError, settings
from community_hub.payments.providers.base import PaymentProvider

_lock = threading.Lock()
_providers: dict[str, PaymentProvider] = {}
_override: PaymentProvider | None = None


def demo_webhook_secret() -> str:
    """The demo provider's signing secret, derived from HUB_SECRET_KEY (never a constant)."""
    digest = hmac.new(settings().secret_key.encode(), b"demo-provider-webhook", hashlib.sha256).hexdigest()
    return "whsec_demo_" + digest[:40]


def demo_store_path(db_url: str) -> str:
    """The demo provider's own records belong to one app database: a fresh database (a reset, a
    test run) must not meet the idempotency keys of an old one, so the store is named after it."""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        app_db = db_url[len("sqlite:///"):]
        return os.path.join(os.path.dirname(os.path.abspath(app_db)), f"{os.path.basename(app_db)}.demo-provider.db")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:12]
    return str(PROJECT_ROOT / "data" / f"demo-provider-{digest}.db")


def _build(name: str) -> PaymentProvider:
    s = settings()
    if name == "demo":
        from community_hub.payments.providers.demo import DemoProvider

        path = os.environ.get("HUB_DEMO_PROVIDER_DB") or demo_store_path(s.db_url)
        if path != ":memory:":
            os.makedirs(os.path.dirname(path), exist_ok=True)
        return DemoProvider(demo_webhook_secret(), store_path=path)
    if name == "stripe":
        from community_hub.payments.providers.stripe import StripeProvider

        if not s.stripe_secret_key or not s.stripe_webhook_secret:
            raise ConfigError("HUB_PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.")
        return StripeProvider(s.stripe_secret_key, s.stripe_webhook_secret,
                              api_base=os.environ.get("STRIPE_API_BASE") or None)
    if name == "alipay":
        from community_hub.payments.providers.alipay import from_environ

        return from_environ()  # a ConfigError naming the missing ALIPAY_* settings
    if name == "wechatpay":
        from community_hub.payments.providers.wechatpay import (
            from_environ as wechatpay_from_environ,
        )

        return wechatpay_from_environ()  # a ConfigError naming the missing WECHATPAY_* settings
    raise ConfigError(f"Unknown payment provider {name!r} (use demo or stripe).")


def configured_wallet_apps() -> list[str]:
    """The phone-wallet providers whose settings are all present (the pay page offers only these)."""
    names: list[str] = []
    from community_hub.payments.providers.alipay import missing_settings as alipay_missing

    if not alipay_missing(os.environ):
        names.append("alipay")
    from community_hub.payments.providers.wechatpay import missing_settings as wechatpay_missing

    if not wechatpay_missing(os.environ):
        names.append("wechatpay")
    return names


def get_provider(name: str | None = None) -> PaymentProvider:
    """The configured provider, or the named one (a payment keeps the provider it started with)."""
    if _override is not None and (name is None or name == _override.name):
        return _override
    name = name or settings().payment_provider
    with _lock:
        if name not in _providers:
            _providers[name] = _build(name)
        return _providers[name]


def use_provider(provider: PaymentProvider | None) -> None:
    """Swap the provider in (tests, the e2e server); None goes back to the configured one."""
    global _override
    _override = provider


def reset() -> None:
    """Forget built providers (after settings change)."""
    global _override
    with _lock:
        _providers.clear()
    _override = None
