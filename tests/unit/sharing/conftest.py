"""Sharing tests pay through a fresh demo provider each (its records in memory), so no test meets
another's idempotency keys ("share:dep-1" is booking 1 in every test's database)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider


@pytest.fixture(autouse=True)
def _uploads_in_tmp(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))


@pytest.fixture(autouse=True)
def demo() -> Iterator[DemoProvider]:
    provider = DemoProvider("whsec_test_" + "5a" * 16)
    registry.use_provider(provider)
    yield provider
    registry.reset()
