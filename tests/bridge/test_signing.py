"""HMAC signing and verification, including a known-answer check written straight from the
format in PROTOCOL.md (the way the web app will re-implement it)."""

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from hardware_bridge.signing import SignatureError, needs_signature, sign, verify

SECRET = "kiosk-secret-for-tests"
NOW = 1_700_000_000
BODY = {"card": "MEMBER-0042", "kiosk_id": "lobby-1"}


def signed(body=BODY, **kw):
    return sign(SECRET, body, now=kw.pop("now", NOW), **kw)


def test_known_answer_matches_the_documented_format():
    data = signed(nonce="00112233445566778899aabbccddeeff")
    sig = data["sig"]
    canonical = json.dumps(BODY, sort_keys=True, separators=(",", ":"))
    expected = hmac.new(SECRET.encode(), f"{NOW}.00112233445566778899aabbccddeeff.{canonical}".encode(),
                        hashlib.sha256).hexdigest()
    assert sig == {"ts": NOW, "nonce": "00112233445566778899aabbccddeeff", "alg": "HMAC-SHA256",
                   "mac": expected}


def test_good_signature_passes_and_returns_the_body():
    data = signed()
    assert len(data["sig"]["nonce"]) == 32
    assert verify(SECRET, data, now=NOW + 5, seen_nonces={}) == BODY


def test_key_order_does_not_matter():
    data = signed()
    reordered = {"sig": data["sig"], "kiosk_id": "lobby-1", "card": "MEMBER-0042"}
    assert verify(SECRET, reordered, now=NOW, seen_nonces={}) == BODY


@pytest.mark.parametrize("tamper", [
    lambda d: d.update(card="MEMBER-0043"),
    lambda d: d.update(extra=True),
    lambda d: d.pop("kiosk_id"),
    lambda d: d["sig"].update(ts=d["sig"]["ts"] + 1),
    lambda d: d["sig"].update(nonce="f" * 32),
])
def test_tampered_body_or_signature_fails(tamper):
    data = signed()
    data = {**data, "sig": dict(data["sig"])}
    tamper(data)
    with pytest.raises(SignatureError) as info:
        verify(SECRET, data, now=NOW, seen_nonces={})
    assert info.value.reason == "bad_mac"


def test_wrong_secret_fails():
    with pytest.raises(SignatureError, match="does not match"):
        verify("another-secret", signed(), now=NOW, seen_nonces={})


def test_replayed_nonce_fails():
    seen = {}
    data = signed()
    verify(SECRET, data, now=NOW, seen_nonces=seen)
    with pytest.raises(SignatureError) as info:
        verify(SECRET, data, now=NOW + 1, seen_nonces=seen)
    assert info.value.reason == "replayed"


@pytest.mark.parametrize("now", [NOW + 61, NOW - 61])
def test_stale_or_future_timestamp_fails(now):
    with pytest.raises(SignatureError) as info:
        verify(SECRET, signed(), now=now, window_s=60, seen_nonces={})
    assert info.value.reason == "stale"


def test_forged_message_does_not_burn_the_nonce():
    seen = {}
    good = signed()
    forged = {**good, "card": "SOMEONE-ELSE"}
    with pytest.raises(SignatureError):
        verify(SECRET, forged, now=NOW, seen_nonces=seen)
    assert verify(SECRET, good, now=NOW, seen_nonces=seen) == BODY


def test_old_nonces_are_pruned():
    seen = {}
    verify(SECRET, signed(now=NOW), now=NOW, seen_nonces=seen)
    verify(SECRET, signed(now=NOW + 100), now=NOW + 100, seen_nonces=seen)
    assert len(seen) == 1


@pytest.mark.parametrize("data", [
    {"card": "x"},
    {"card": "x", "sig": "abc"},
    {"card": "x", "sig": {"ts": NOW, "nonce": "zz", "alg": "HMAC-SHA256", "mac": "0" * 64}},
    {"card": "x", "sig": {"ts": NOW, "nonce": "0" * 32, "alg": "none", "mac": "0" * 64}},
    {"card": "x", "sig": {"ts": "1", "nonce": "0" * 32, "alg": "HMAC-SHA256", "mac": "0" * 64}},
])
def test_malformed_signature_fails(data):
    with pytest.raises(SignatureError) as info:
        verify(SECRET, data, now=NOW, seen_nonces={})
    assert info.value.reason == "malformed"


def test_floats_are_refused_in_signed_bodies():
    with pytest.raises(TypeError, match="float"):
        sign(SECRET, {"amount": 12.5})


def test_which_messages_are_signed():
    assert needs_signature("card", {"card": "x"})
    assert needs_signature("terminal.status", {"state": "approved"})
    assert needs_signature("terminal.status", {"state": "declined"})
    assert not needs_signature("terminal.status", {"state": "waiting_for_card"})
    assert not needs_signature("scan", {"code": "x"})


# The test vectors published in hardware_bridge/PROTOCOL.md (section 4).
DOC_SECRET = "example-kiosk-secret"


@pytest.mark.parametrize("body, ts, nonce, mac", [
    ({"card": "MEMBER-0042", "kiosk_id": "lobby-1"}, 1767225600, "00112233445566778899aabbccddeeff",
     "e148520b3b740f0875616a1c301d55be000eb68f62d67919907681c30a2e233a"),
    ({"state": "approved", "payment_id": "pay_123", "amount": 1250, "currency": "eur", "card_last4": "4242",
      "auth_code": "A1B2C3", "kiosk_id": "lobby-1"}, 1767225601, "ffeeddccbbaa99887766554433221100",
     "5819f8a8af0275f0d6efe8f8728b9ce9b6f660ba0d4d52383ddd9c97e9b301f0"),
    ({"card": "Zoë", "kiosk_id": "lobby-1"}, 1767225600, "00112233445566778899aabbccddeeff",
     "75e6853b8963cf9cd4bf1d0ed6c6c222e5e1d195c2762dcfdab529f46f96904c"),
])
def test_protocol_md_vectors(body, ts, nonce, mac):
    assert sign(DOC_SECRET, body, now=ts, nonce=nonce)["sig"]["mac"] == mac
    # and a body that went through JSON text and back (as the page relays it) still verifies
    relayed = json.loads(json.dumps({**body, "sig": {"ts": ts, "nonce": nonce, "alg": "HMAC-SHA256", "mac": mac}},
                                    ensure_ascii=False))
    assert verify(DOC_SECRET, relayed, now=ts, seen_nonces={}) == body
    doc = (Path(__file__).resolve().parents[2] / "hardware_bridge" / "PROTOCOL.md").read_text()
    assert mac in doc
