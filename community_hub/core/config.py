"""Settings from the environment, checked once at start-up.

Reflex reads only REFLEX_-prefixed variables for itself; the app's own settings are HUB_-prefixed.
Configuration fails closed: demo mode is on only when HUB_DEMO_MODE=1 says so (`./hub run` says so
for a fresh clone, loudly). Only then do settings have local defaults (a public secret, the demo
payment provider whose test cards pay). Outside demo mode a missing or demo-only setting is a
start-up error naming it, never a quiet fallback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def default_db_url() -> str:
    data = PROJECT_ROOT / "data"
    data.mkdir(exist_ok=True)
    return f"sqlite:///{data / 'community_hub.db'}"


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {raw!r}")


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    db_url: str
    redis_url: str | None
    demo_mode: bool
    payment_provider: str
    secret_key: str
    smtp_url: str | None
    sms_url: str | None
    bridge_url: str
    port: int
    codes_per_ip_per_hour: int
    auto_sign_hours: int
    stripe_secret_key: str | None
    stripe_webhook_secret: str | None
    # Zone for people with no community of their own (merchants, admins); None = the first community's.
    time_zone: str | None = None
    # Country whose dialling rules read a mobile number typed without "+" (ISO 3166, e.g. "US", "CN").
    phone_region: str = "US"
    # Failed log-ins from one address over any accounts in an hour (password spraying stops there).
    login_fails_per_ip_per_hour: int = 50
    # A session unused this long ends (besides its absolute 14 days).
    session_idle_hours: int = 72
    # Changes one session (or one client without a session) may make a minute (action_limits).
    actions_per_minute: int = 120
    # Map tiles ("https://tile.example.org/{z}/{x}/{y}.png") and the credit they require; None =
    # the bundled basemap of the demo area (no internet needed, but it shows only that area).
    map_tile_url: str | None = None
    map_attribution: str = ""
    # The largest refund (minor units, any currency) a customer-service admin may make on their own;
    # larger ones need the finance or super admin sub-role (payments/refunds.py, issue 18).
    cs_refund_limit_minor: int = 5000
    # The currency residents' wallets hold (payments/wallet.py): the deployment's own.
    wallet_currency: str = "USD"
    # PostgreSQL straight, when REFLEX_DB_URL goes through a transaction pooler (PgBouncer): what a
    # pooler cannot carry uses it (the change bell's LISTEN, the migrations and their advisory lock).
    direct_db_url: str | None = None

    def through_pooler(self, url: str) -> bool:
        """`url` is the app's database reached through a transaction pooler (HUB_DIRECT_DB_URL
        set): its connections must not keep prepared statements (the next transaction may run
        on another server connection)."""
        return bool(self.direct_db_url) and url == self.db_url

    def straight(self, url: str) -> str:
        """The URL that reaches `url`'s database without the pooler: the direct one for the app's
        database behind a pooler, else `url` itself."""
        return self.direct_db_url if self.through_pooler(url) else url


# Used only in demo mode, so a fresh clone runs; production must set HUB_SECRET_KEY.
_DEMO_SECRET = "demo-only-secret-do-not-use-in-production"
MIN_SECRET_LENGTH = 32


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    demo = _flag(env, "HUB_DEMO_MODE", False)
    provider = env.get("HUB_PAYMENT_PROVIDER") or ("demo" if demo else "")
    if provider not in ("demo", "stripe", ""):
        raise ConfigError(f"HUB_PAYMENT_PROVIDER must be 'demo' or 'stripe', not {provider!r}")
    secret = env.get("HUB_SECRET_KEY") or (_DEMO_SECRET if demo else "")
    missing = []
    if not secret:
        missing.append("HUB_SECRET_KEY (a long random string)")
    elif not demo and (secret == _DEMO_SECRET or len(secret) < MIN_SECRET_LENGTH):
        missing.append(f"HUB_SECRET_KEY of at least {MIN_SECRET_LENGTH} characters (not the demo one)")
    if not demo and not provider:
        missing.append("HUB_PAYMENT_PROVIDER=stripe (with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)")
    if not demo and provider == "demo":
        # The demo provider's test card would pay real orders.
        missing.append("a real HUB_PAYMENT_PROVIDER (stripe): the demo provider works only with HUB_DEMO_MODE=1")
    if not demo and not env.get("HUB_SMTP_URL"):
        missing.append("HUB_SMTP_URL (smtp://user:pass@host:port, for verification codes)")
    if provider == "stripe":
        for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"):
            if not env.get(name):
                missing.append(name)
    time_zone = env.get("HUB_TIME_ZONE") or None
    if time_zone:
        from community_hub.core.errors import ServiceError
        from community_hub.core.local_time import check_zone

        try:
            time_zone = check_zone(time_zone)
        except ServiceError as exc:
            raise ConfigError(f"HUB_TIME_ZONE: {exc.message}") from None
    phone_region = (env.get("HUB_PHONE_REGION") or "US").strip().upper()
    import phonenumbers

    if phone_region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"HUB_PHONE_REGION must be a country code such as US or CN, not {phone_region!r}")
    wallet_currency = (env.get("HUB_WALLET_CURRENCY") or "USD").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", wallet_currency):
        raise ConfigError(f"HUB_WALLET_CURRENCY must be a currency code such as USD or CNY, not {wallet_currency!r}")
    db_url = env.get("REFLEX_DB_URL") or default_db_url()
    direct_db_url = (env.get("HUB_DIRECT_DB_URL") or "").strip() or None
    if direct_db_url and not (db_url.startswith("postgresql") and direct_db_url.startswith("postgresql")):
        raise ConfigError("HUB_DIRECT_DB_URL is PostgreSQL reached without the pooler, beside a PostgreSQL "
                          "REFLEX_DB_URL that goes through it (both postgresql://...)")
    if missing:
        raise ConfigError(
            "Community Hub cannot start outside demo mode without: " + "; ".join(missing)
            + ". Set them in the environment, or run the demo with HUB_DEMO_MODE=1."
        )
    return Settings(
        db_url=db_url,
        direct_db_url=direct_db_url,
        redis_url=env.get("REFLEX_REDIS_URL") or None,
        demo_mode=demo,
        payment_provider=provider,
        secret_key=secret,
        smtp_url=env.get("HUB_SMTP_URL") or None,
        sms_url=env.get("HUB_SMS_URL") or None,
        bridge_url=env.get("HUB_BRIDGE_URL", "ws://127.0.0.1:8765"),
        port=_int(env, "HUB_PORT", 3000),
        # A whole building may share one Wi-Fi address: the per-address limits do the real work.
        codes_per_ip_per_hour=_int(env, "HUB_CODES_PER_IP_PER_HOUR", 100),
        login_fails_per_ip_per_hour=_int(env, "HUB_LOGIN_FAILS_PER_IP_PER_HOUR", 50),
        session_idle_hours=_int(env, "HUB_SESSION_IDLE_HOURS", 72),
        actions_per_minute=_int(env, "HUB_ACTIONS_PER_MINUTE", 120),
        auto_sign_hours=_int(env, "HUB_AUTO_SIGN_HOURS", 48),
        stripe_secret_key=env.get("STRIPE_SECRET_KEY") or None,
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET") or None,
        time_zone=time_zone,
        phone_region=phone_region,
        map_tile_url=_map_tile_url(env),
        map_attribution=(env.get("HUB_MAP_ATTRIBUTION") or "").strip()[:300],
        cs_refund_limit_minor=_int(env, "HUB_CS_REFUND_LIMIT_MINOR", 5000),
        wallet_currency=wallet_currency,
    )


def _map_tile_url(env: dict[str, str]) -> str | None:
    url = (env.get("HUB_MAP_TILE_URL") or "").strip()
    if not url:
        return None
    if not url.startswith(("https://", "http://")) or not all(p in url for p in ("{z}", "{x}", "{y}")):
        raise ConfigError("HUB_MAP_TILE_URL must be a tile address like https://tile.example.org/{z}/{x}/{y}.png, "
                          f"not {url!r}")
    return url


_settings: Settings | None = None


def settings() -> Settings:
    """The process-wide settings, loaded on first use."""
    global _settings
    if _settings is None:
        _settings = load_settings()
    return _settings


def override_settings(new: Settings | None) -> None:
    """Tests swap settings in and out; the app never calls this."""
    global _settings
    _settings = new


def allowed_origins() -> list[str]:
    port = os.environ.get("HUB_PORT", "3000")
    origins = [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    public = os.environ.get("HUB_PUBLIC_URL")
    if public:
        origins.append(public.rstrip("/"))
    return origins


def public_url() -> str:
    """The app's public address (HUB_PUBLIC_URL, no trailing slash), or "" when it is not set."""
    return (os.environ.get("HUB_PUBLIC_URL") or "").rstrip("/")


def served_over_https() -> bool:
    """The public address is https: cookies are then marked Secure (never sent over plain http)."""
    return (os.environ.get("HUB_PUBLIC_URL") or "").lower().startswith("https://")
