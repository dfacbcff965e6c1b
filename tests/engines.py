"""The `engine` fixture's two databases, built one way: every folder's `engine` runs each test on
SQLite and on PostgreSQL and differs only in how it hands out an empty schema (tests/conftest.py
truncates; the busier folders copy an empty SQLite file and DELETE rows, which is cheaper)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from community_hub.core.db import create_all, make_engine
from community_hub.core.kept_reads import forget_all


@contextmanager
def sqlite_file(path: Path, template: str | None = None) -> Iterator[Engine]:
    """An engine on a new SQLite file: a copy of `template` (an empty schema built once) or, without
    one, a schema created here."""
    if template:
        shutil.copyfile(template, path)
    eng = make_engine(f"sqlite:///{path}")
    if not template:
        create_all(eng)
    try:
        yield eng
    finally:
        eng.dispose()


def new_schema(url: str, *extras: Callable[[Engine], None]) -> Engine:
    """Every table dropped and created again (other modules share the PostgreSQL database and leave
    their own state), then `extras` (a search index) run on it."""
    eng = make_engine(url)
    SQLModel.metadata.drop_all(eng)
    create_all(eng)
    for extra in extras:
        extra(eng)
    return eng


def emptied(eng: Engine) -> Engine:
    """Every row deleted, children first: on a few rows far quicker than TRUNCATE (new files per table)."""
    with eng.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
    forget_all()  # reads kept a few seconds (core/kept_reads.py) must not outlive the rows they were read from
    return eng


def on_both_databases(postgres: Callable[[pytest.FixtureRequest], Engine],
                      sqlite: Callable[[pytest.FixtureRequest, Path], Engine] | None = None):
    """An `engine` fixture with the params "sqlite" and "postgres" (the summary in tests/conftest.py
    counts passes by them): `sqlite(request, tmp_path)` is a context manager giving the SQLite engine
    (a new file with a new schema unless said otherwise), `postgres(request)` the emptied PostgreSQL one."""

    @pytest.fixture(params=["sqlite", "postgres"], name="engine")
    def engine(request, tmp_path) -> Iterator[Engine]:
        if request.param == "sqlite":
            with (sqlite or _new_sqlite)(request, tmp_path) as eng:
                yield eng
        else:
            yield postgres(request)

    return engine


def _new_sqlite(request, tmp_path: Path):
    return sqlite_file(tmp_path / "test.db")


def copied_and_emptied(label: str, *extras: Callable[[Engine], None]):
    """`_sqlite_template`, `_pg_engine` and `engine` for a folder with many tests: the schema is built
    once (per run on SQLite, per module on PostgreSQL) and each test starts from a copy of an empty
    SQLite file or emptied PostgreSQL tables. Dropping and creating every table for every test cost
    ~2 s per PostgreSQL test on this machine. A conftest assigns the three to those names."""

    @pytest.fixture(scope="session", name="_sqlite_template")
    def sqlite_template(tmp_path_factory) -> str:
        path = tmp_path_factory.mktemp(label) / "template.db"
        new_schema(f"sqlite:///{path}", *extras).dispose()
        return str(path)

    @pytest.fixture(scope="module", name="_pg_engine")
    def pg_engine(request) -> Iterator[Engine]:
        eng = new_schema(request.getfixturevalue("pg_database"), *extras)
        yield eng
        eng.dispose()

    def copy_template(request, tmp_path: Path):
        return sqlite_file(tmp_path / "test.db", request.getfixturevalue("_sqlite_template"))

    return sqlite_template, pg_engine, on_both_databases(
        postgres=lambda request: emptied(request.getfixturevalue("_pg_engine")), sqlite=copy_template)
