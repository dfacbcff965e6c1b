"""The app's verifier against PROTOCOL.md's test vectors and the refusals it lists."""

import json

import pytest

from community_hub.kiosk.signing import SignatureError, canonical, sign, verify

SECRET = "example-kiosk-secret"
VECTORS = [
    ({"card": "MEMBER-0042", "kiosk_id": "lobby-1"}, 1767225600, "00112233445566778899aabbccddeeff",
     "e148520b3b740f0875616a1c301d55be000eb68f62d67919907681c30a2e233a"),
    ({"amount": 1250, "auth_code": "A1B2C3", "card_last4": "4242", "currency": "eur", "kiosk_id": "lobby-1",
      "payment_id": "pay_123", "state": "approved"}, 1767225601, "ffeeddccbbaa99887766554433221100",
     "5819f8a8af0275f0d6efe8f8728b9ce9b6f660ba0d4d52383ddd9c97e9b301f0"),
    ({"card": "Zo\u00eb", "kiosk_id": "lobby-1"}, 1767225600, "00112233445566778899aabbccddeeff",
     "75e6853b8963cf9cd4bf1d0ed6c6c222e5e1d195c2762dcfdab529f46f96904c"),
]


def fresh():
    seen: set[str] = set()

    def unused(nonce: str, ts: int) -> bool:
        if nonce in seen:
            return False
        seen.add(nonce)
        return True
    return unused


@pytest.mark.parametrize("body,ts,nonce,mac", VECTORS)
def test_protocol_vectors_verify(body, ts, nonce, mac):
    data = {**body, "sig": {"ts": ts, "nonce": nonce, "alg": "HMAC-SHA256", "mac": mac}}
    # through JSON and back, as the browser relays it
    data = json.loads(json.dumps(data))
    assert verify(SECRET, data, now=ts + 5, nonce_unused=fresh()) == body
    assert sign(SECRET, body, ts, nonce)["sig"]["mac"] == mac


def test_canonical_escapes_non_ascii():
    assert canonical({"kiosk_id": "lobby-1", "card": "Zo\u00eb"}) == '{"card":"Zo\\u00eb","kiosk_id":"lobby-1"}'


def _signed(ts=1767225600):
    body, _ts, nonce, _mac = VECTORS[0]
    return sign(SECRET, body, ts, nonce)


@pytest.mark.parametrize("mutate,reason", [
    (lambda d: d.pop("sig"), "malformed"),
    (lambda d: d["sig"].update(ts=True), "malformed"),
    (lambda d: d["sig"].update(nonce="XYZ"), "malformed"),
    (lambda d: d["sig"].update(alg="HMAC-SHA1"), "malformed"),
    (lambda d: d["sig"].update(extra=1), "malformed"),
    (lambda d: d.update(card="MEMBER-0043"), "bad_mac"),
    (lambda d: d.update(kiosk_id="lobby-2"), "bad_mac"),
    (lambda d: d["sig"].update(mac="0" * 64), "bad_mac"),
])
def test_forged_or_malformed_refused(mutate, reason):
    data = _signed()
    mutate(data)
    with pytest.raises(SignatureError) as exc:
        verify(SECRET, data, now=1767225600, nonce_unused=fresh())
    assert exc.value.reason == reason


def test_wrong_secret_is_bad_mac():
    with pytest.raises(SignatureError, match="bad_mac"):
        verify("another-secret", _signed(), now=1767225600, nonce_unused=fresh())


def test_stale_outside_window_both_ways():
    for now in (1767225600 + 61, 1767225600 - 61):
        with pytest.raises(SignatureError, match="stale"):
            verify(SECRET, _signed(), now=now, nonce_unused=fresh())
    assert verify(SECRET, _signed(), now=1767225660, nonce_unused=fresh())


def test_replay_refused_and_forgery_does_not_use_up_nonce():
    unused = fresh()
    forged = _signed()
    forged["card"] = "MEMBER-9999"
    with pytest.raises(SignatureError, match="bad_mac"):
        verify(SECRET, forged, now=1767225600, nonce_unused=unused)
    verify(SECRET, _signed(), now=1767225600, nonce_unused=unused)  # the nonce was still free
    with pytest.raises(SignatureError, match="replayed"):
        verify(SECRET, _signed(), now=1767225600, nonce_unused=unused)
