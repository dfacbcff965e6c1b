"""Configuration fails closed: only an explicit HUB_DEMO_MODE=1 gets the demo's defaults."""

from __future__ import annotations

import pytest

from community_hub.core.config import ConfigError, load_settings

STRIPE = {"HUB_PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
          "HUB_SMTP_URL": "smtp://mail.example.test:25", "HUB_SECRET_KEY": "k" * 40}


def test_no_demo_flag_means_production_rules_and_every_missing_setting_is_named():
    with pytest.raises(ConfigError) as exc:
        load_settings({})
    text = str(exc.value)
    assert "HUB_SECRET_KEY" in text and "HUB_SMTP_URL" in text and "HUB_PAYMENT_PROVIDER=stripe" in text


def test_a_deployment_that_forgets_the_provider_does_not_get_the_demo_cards():
    env = {k: v for k, v in STRIPE.items() if k != "HUB_PAYMENT_PROVIDER"}
    with pytest.raises(ConfigError, match="HUB_PAYMENT_PROVIDER"):
        load_settings(env)
    with pytest.raises(ConfigError, match="demo provider works only with HUB_DEMO_MODE=1"):
        load_settings({**STRIPE, "HUB_PAYMENT_PROVIDER": "demo"})


def test_the_demo_secret_or_a_short_one_is_refused_outside_demo_mode():
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_settings({**STRIPE, "HUB_SECRET_KEY": "short"})
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_settings({**STRIPE, "HUB_SECRET_KEY": "demo-only-secret-do-not-use-in-production"})


def test_a_complete_production_configuration_starts_and_demo_mode_keeps_its_defaults():
    prod = load_settings(STRIPE)
    assert not prod.demo_mode and prod.payment_provider == "stripe"
    demo = load_settings({"HUB_DEMO_MODE": "1"})
    assert demo.demo_mode and demo.payment_provider == "demo" and demo.secret_key


def test_maps_use_the_bundled_basemap_unless_a_tile_address_is_given():
    demo = load_settings({"HUB_DEMO_MODE": "1"})
    assert demo.map_tile_url is None and demo.map_attribution == ""
    tiles = load_settings({**STRIPE, "HUB_MAP_TILE_URL": "https://tiles.example.test/{z}/{x}/{y}.png",
                           "HUB_MAP_ATTRIBUTION": "© Example maps"})
    assert tiles.map_tile_url == "https://tiles.example.test/{z}/{x}/{y}.png"
    assert tiles.map_attribution == "© Example maps"
    for bad in ("tiles.example.test/{z}/{x}/{y}.png", "https://tiles.example.test/tile.png",
                "javascript:alert(1)//{z}{x}{y}"):
        with pytest.raises(ConfigError, match="HUB_MAP_TILE_URL"):
            load_settings({"HUB_DEMO_MODE": "1", "HUB_MAP_TILE_URL": bad})
