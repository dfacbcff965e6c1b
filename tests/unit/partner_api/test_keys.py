"""API keys (issue 19): shown once and kept hashed, named and scoped, revoked, rotated with a grace
period, sandbox against live, every call on the key's log; what each scope lets a key do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import UserRole
from community_hub.models.base import utcnow
from community_hub.models.partner_api import ApiKey
from community_hub.partner_api import keys
from community_hub.partner_api.scopes import SCOPES
from tests import factories as f

ALL = list(SCOPES)


def _key(tx, shop, scopes=None, mode="live", name="Till"):
    with tx() as db:
        return keys.create_key(db, shop["owner"], shop["merchant"], name=name, scopes=scopes or ALL, mode=mode)


def test_a_key_is_shown_once_stored_hashed_and_acts_as_its_shop_only(tx, db, shop):
    new = _key(tx, shop, ["products:read"])
    assert new.secret.startswith("hub_live_") and len(new.secret) > 40
    row = db.exec(select(ApiKey)).one()
    assert new.secret not in (row.secret_hash, row.shown_prefix) and row.secret_hash == keys.hash_secret(new.secret)
    assert new.secret.startswith(row.shown_prefix) and row.name == "Till" and row.scopes == ["products:read"]
    with tx() as s:
        who = keys.authenticate(s, new.secret)
    assert who.merchant_id == shop["merchant"] and who.actor.merchant_ids == {shop["merchant"]}
    assert who.actor.user_id == shop["owner"].user_id and not who.actor.is_admin
    with tx() as s, pytest.raises(keys.KeyRefused) as bad:
        keys.authenticate(s, new.secret + "x")
    assert bad.value.code == "invalid_key"
    with tx() as s, pytest.raises(keys.KeyRefused) as none:
        keys.authenticate(s, "")
    assert none.value.code == "missing_key"


@pytest.mark.parametrize(("name", "scopes", "mode", "message"), [
    ("", ["orders:read"], "live", "Name the key"),
    ("x" * 81, ["orders:read"], "live", "at most 80"),
    ("Till", [], "live", "at least one"),
    ("Till", ["orders:read", "everything"], "live", "Unknown scopes: everything"),
    ("Till", ["orders:read"], "production", "live or sandbox"),
])
def test_bad_key_details_are_refused_and_nothing_is_created(tx, db, shop, name, scopes, mode, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        keys.create_key(s, shop["owner"], shop["merchant"], name=name, scopes=scopes, mode=mode)
    assert db.exec(select(ApiKey)).all() == []


def test_only_the_shop_manages_its_keys(tx, shop):
    new = _key(tx, shop)
    with pytest.raises(PermissionDenied), tx() as s:
        keys.create_key(s, shop["rival"], shop["merchant"], name="Mine now", scopes=ALL)
    for step in (lambda s: keys.revoke_key(s, shop["rival"], new.key.id),
                 lambda s: keys.rotate_key(s, shop["rival"], new.key.id, 1),
                 lambda s: keys.key_calls(s, shop["rival"], new.key.id),
                 lambda s: keys.revoke_key(s, shop["resident"], new.key.id)):
        with pytest.raises(NotFound), tx() as s:
            step(s)
    with tx() as s:
        assert [k.id for k in keys.list_keys(s, shop["owner"], shop["merchant"])] == [new.key.id]
        with pytest.raises(PermissionDenied):
            keys.list_keys(s, shop["rival"], shop["merchant"])


def test_a_revoked_key_stops_at_once(tx, shop):
    new = _key(tx, shop)
    with tx() as s:
        keys.revoke_key(s, shop["owner"], new.key.id)
    with tx() as s, pytest.raises(keys.KeyRefused) as refused:
        keys.authenticate(s, new.secret)
    assert refused.value.code == "key_revoked"


def test_rotation_keeps_the_old_key_for_the_grace_period_then_refuses_it(tx, db, shop):
    old = _key(tx, shop, ["orders:read"])
    with pytest.raises(ServiceError, match="0 to 168 hours"), tx() as s:
        keys.rotate_key(s, shop["owner"], old.key.id, 169)
    with tx() as s:
        new = keys.rotate_key(s, shop["owner"], old.key.id, 48)
    assert new.secret != old.secret and new.key.scopes == ["orders:read"] and new.key.name == "Till"
    with tx() as s:
        assert keys.authenticate(s, old.secret).key_id == old.key.id  # still works in the grace period
        assert keys.authenticate(s, new.secret).key_id == new.key.id
        row = s.get(ApiKey, old.key.id)
        assert keys.key_state(row) == "expiring" and row.replaced_by_id == new.key.id
        assert timedelta(hours=47) < row.expires_at - utcnow() <= timedelta(hours=48)
    with pytest.raises(ServiceError, match="Only an active key"), tx() as s:
        keys.rotate_key(s, shop["owner"], old.key.id, 1)
    with tx() as s:
        f.change(s, ApiKey, old.key.id, expires_at=utcnow() - timedelta(seconds=1))
    with tx() as s, pytest.raises(keys.KeyRefused) as late:
        keys.authenticate(s, old.secret)
    assert late.value.code == "key_expired"


def test_a_key_stops_when_its_creator_no_longer_runs_the_shop(tx, shop):
    new = _key(tx, shop)
    with tx() as s:
        for role in s.exec(select(UserRole).where(UserRole.user_id == shop["owner"].user_id)):
            s.delete(role)
    with tx() as s, pytest.raises(keys.KeyRefused) as gone:
        keys.authenticate(s, new.secret)
    assert gone.value.code == "key_owner_left"


# The scope matrix: a key holding only `held` may do `needed` when it is the same scope, or when
# `held` is the write scope of the same things (a till that sets stock reads products).
IMPLIED = {("products:write", "products:read"), ("orders:write", "orders:read")}


@pytest.mark.parametrize("held", ALL)
def test_scope_matrix(tx, shop, held):
    new = _key(tx, shop, [held])
    with tx() as s:
        who = keys.authenticate(s, new.secret)
    for needed in ALL:
        if needed == held or (held, needed) in IMPLIED:
            keys.require_scope(who, needed)
        else:
            with pytest.raises(keys.ScopeMissing, match=f"needs the {needed} scope") as refused:
                keys.require_scope(who, needed)
            assert refused.value.code == "missing_scope"


def test_a_sandbox_key_writes_only_where_the_demo_provider_runs(tx, shop):
    new = _key(tx, shop, mode="sandbox")
    assert new.secret.startswith("hub_test_")
    with tx() as s:
        who = keys.authenticate(s, new.secret)
    keys.require_scope(who, "products:write")  # demo provider: the sandbox does everything
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret",
                                     "HUB_PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_test_x",
                                     "STRIPE_WEBHOOK_SECRET": "whsec_x"}))
    keys.require_scope(who, "orders:read")
    for scope in ("products:write", "orders:write", "webhooks:manage"):
        with pytest.raises(keys.ScopeMissing) as refused:
            keys.require_scope(who, scope)
        assert refused.value.code == "sandbox_key"


def test_every_call_is_on_the_keys_log_newest_first(tx, shop):
    new = _key(tx, shop)
    with tx() as s:
        keys.record_call(s, new.key.id, "GET", "/api/v1/orders", 200, 12)
        keys.record_call(s, new.key.id, "POST", "/api/v1/products", 422, 30)
    with tx() as s:
        calls = keys.key_calls(s, shop["owner"], new.key.id)
        assert [(c.method, c.route, c.status) for c in calls] == [
            ("POST", "/api/v1/products", 422), ("GET", "/api/v1/orders", 200)]
        assert s.get(ApiKey, new.key.id).last_used_at is not None


def test_a_shop_has_at_most_twenty_live_keys(tx, shop):
    for n in range(keys.MAX_ACTIVE_KEYS):
        _key(tx, shop, name=f"Key {n}")
    with pytest.raises(ServiceError, match="at most 20 keys"):
        _key(tx, shop, name="One more")
    with tx() as s:
        first = keys.list_keys(s, shop["owner"], shop["merchant"])[-1]
        keys.revoke_key(s, shop["owner"], first.id)
    _key(tx, shop, name="One more")
