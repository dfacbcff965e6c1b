"""Command line behind `./hub`: migrate, seed, serve, ledger-check, super-admin."""

from __future__ import annotations

import argparse
import logging
import sys

from community_hub.core.config import ConfigError, load_settings


def _migrate(_args) -> int:
    from community_hub import migrate

    migrate.upgrade()
    print("database: migrated to the latest schema")
    return 0


def _seed(args) -> int:
    from community_hub.core.config import settings
    from community_hub.core.db import session_scope

    if not settings().demo_mode:
        print("error: the demo data (with published passwords) is loaded only with HUB_DEMO_MODE=1", file=sys.stderr)
        return 2
    from community_hub.seed import is_empty, seed

    with session_scope() as db:
        if args.if_empty and not is_empty(db):
            print("demo data: already there")
            return 0
        counts = seed(db)
    print("demo data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def _prepare(args) -> int:
    """What `./hub run` needs before serving, in one process: migrate, then (demo mode only) demo
    data if the database is empty. A real deployment never gets users with published passwords.
    Both under the schema lock, so two machines starting at once neither migrate nor seed twice."""
    from community_hub import migrate
    from community_hub.core.config import settings

    args.if_empty = True
    with migrate.schema_lock():
        migrate.upgrade(locked=True)
        print("database: migrated to the latest schema")
        return _seed(args) if settings().demo_mode else 0


def _super_admin(args) -> int:
    """Make an existing account a platform admin holding super (a deployment's first admin)."""
    from community_hub.accounts.admin_staff import make_super_admin
    from community_hub.core.db import session_scope
    from community_hub.core.errors import ServiceError

    try:
        with session_scope() as db:
            name = make_super_admin(db, args.email)
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(f"{name} is now a super admin")
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="hub")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="upgrade the database schema").set_defaults(fn=_migrate)
    p = sub.add_parser("seed", help="load the demo data (idempotent)")
    p.add_argument("--if-empty", action="store_true", help="only when the database has no users")
    p.set_defaults(fn=_seed)
    sub.add_parser("prepare", help="migrate, then load demo data if the database is empty").set_defaults(fn=_prepare)
    p = sub.add_parser("super-admin", help="make an account a platform admin holding every back-office role")
    p.add_argument("email")
    p.set_defaults(fn=_super_admin)
    args = parser.parse_args(argv)
    try:
        load_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return args.fn(args)


if __name__ == "__main__":
    raise SystemExit(main())
