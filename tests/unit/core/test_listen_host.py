"""The demo (published passwords, an admin's included) stays on this computer unless told."""

from __future__ import annotations

from community_hub.serve import listen_banner, listen_host


def test_demo_listens_on_loopback_unless_hub_host_says_otherwise():
    assert listen_host(None, demo_mode=True) == "127.0.0.1"
    assert listen_host("0.0.0.0", demo_mode=True) == "0.0.0.0"
    assert listen_host(None, demo_mode=False) == "0.0.0.0"
    assert listen_host("10.1.2.3", demo_mode=False) == "10.1.2.3"


def test_the_banner_says_where_it_listens_and_how_to_share_the_demo():
    text = listen_banner("127.0.0.1", 3000, demo_mode=True)
    assert "127.0.0.1:3000" in text and "HUB_HOST=0.0.0.0" in text and "log in as admin" in text
    assert "DEMO MODE ON A NETWORK ADDRESS" in listen_banner("0.0.0.0", 3000, demo_mode=True)
