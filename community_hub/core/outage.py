"""While the database (or Redis) cannot be reached: what a person is told, and what the jobs log.

A PostgreSQL restart or a network blip makes every query fail for a while. Then:
- a read (`look` in state/shared/service_call.py) is tried again a few times with a short backoff
  (READ_RETRY_DELAYS) before it gives up with `RecordsAway`: the page shows the banner
  (components/records_away.py) until `/ready` answers again;
- an action (`call`) is not retried (it may have reached the database before the connection
  broke): it fails with `ActionNotDone`, whose message says nothing was changed, which holds
  because every action is one transaction (core/db.session_scope) that was never committed;
- a background job logs one line when an outage starts and one when it ends (`JobHealth`), not a
  traceback a pass, and carries on by itself.
"""

from __future__ import annotations

import logging

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase

READ_RETRY_DELAYS = (0.2, 0.5, 1.0)  # seconds before the 2nd, 3rd and 4th try of a read

# Exception classes (by name, from these packages) that mean "cannot reach it", not "a bug":
# SQLAlchemy's and psycopg's OperationalError (connection refused, server closed the connection),
# a pool or socket timeout, Redis's ConnectionError. Checked by name so that core imports neither
# the driver nor Redis.
_UNREACHABLE_NAMES = {"OperationalError", "InterfaceError", "DisconnectionError", "ConnectionError",
                      "TimeoutError", "ConnectionRefusedError", "ConnectionResetError"}
_UNREACHABLE_PACKAGES = ("sqlalchemy", "psycopg", "redis", "builtins", "sqlite3")


class RecordsAway(ServiceError):
    """A read gave up: the database cannot be reached. The page shows the banner, not a message."""

    def __init__(self):
        super().__init__(phrase("We can't reach our records right now. Nothing you did was lost; we'll keep trying."),
                         code="unavailable")


class ActionNotDone(RecordsAway):
    """An action could not reach the database: nothing of it was kept. Shown on the page."""

    def __init__(self):
        ServiceError.__init__(self, phrase("That could not be done: we can't reach our records right now. "
                                           "Nothing was changed; please try again in a moment."),
                              code="unavailable")


def is_unreachable(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database or Redis cannot be reached. A refusal
    (ServiceError) is a refusal, whatever happened before it."""
    if isinstance(exc, ServiceError):
        return False
    seen = 0
    while exc is not None and seen < 5:
        for cls in type(exc).__mro__:
            if cls.__name__ in _UNREACHABLE_NAMES and cls.__module__.split(".")[0] in _UNREACHABLE_PACKAGES:
                return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def short(exc: BaseException) -> str:
    """One line about an exception, for a log line (its first line, cut)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200] if text else ''}"


class JobHealth:
    """A background job's log while the database is away: one line when a pass first fails for
    want of the database, one when a pass works again; a failure of any other kind is a bug and
    logged with its traceback every time."""

    def __init__(self, job: str, log: logging.Logger):
        self.job, self.log = job, log
        self.away = False

    def failed(self, exc: BaseException) -> None:
        if not is_unreachable(exc):
            self.log.error("%s pass failed", self.job, exc_info=exc)
            return
        if not self.away:
            self.away = True
            self.log.warning("%s paused: the database cannot be reached (%s); trying again each pass",
                             self.job, short(exc))

    def passed(self) -> None:
        if self.away:
            self.away = False
            self.log.warning("%s resumed: the database answers again", self.job)
