"""While the database is away the background jobs log one line when it goes and one when it is
back, not a traceback a pass, and carry on by themselves. A PostgreSQL address where nothing
listens is the database away (a real connection refused, not a stand-in)."""

from __future__ import annotations

import logging

import pytest

from community_hub import housekeeping
from community_hub.core.db import make_engine
from community_hub.core.outage import JobHealth, is_unreachable
from tests.throwaway import free_port


def _away_engine():
    return make_engine(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres")


def test_a_refused_connection_is_the_database_away_and_a_bug_is_not():
    with pytest.raises(Exception) as caught:
        housekeeping.run_once(bind=_away_engine())
    assert is_unreachable(caught.value)
    assert not is_unreachable(KeyError("id"))


def test_a_job_logs_one_line_an_outage_and_one_when_it_is_back(caplog):
    health = JobHealth("housekeeping", logging.getLogger("test.jobs"))
    eng = _away_engine()
    with caplog.at_level(logging.INFO, logger="test.jobs"):
        for _ in range(5):
            try:
                housekeeping.run_once(bind=eng)
            except Exception as exc:  # noqa: BLE001 - as the app's loop does
                health.failed(exc)
        health.passed()
        health.passed()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert "paused" in lines[0] and "cannot be reached" in lines[0] and "resumed" in lines[1]
    assert not any(r.exc_info for r in caplog.records)  # no traceback


def test_a_bug_in_a_job_keeps_its_traceback(caplog):
    health = JobHealth("outbox", logging.getLogger("test.jobs"))
    with caplog.at_level(logging.INFO, logger="test.jobs"):
        health.failed(ValueError("a bug"))
        health.failed(ValueError("a bug"))
    assert [bool(r.exc_info) for r in caplog.records] == [True, True]
