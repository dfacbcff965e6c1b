"""Alembic environment: our metadata, our engine (so SQLite gets the same pragmas as the app)."""

from alembic import context
from sqlmodel import SQLModel

import community_hub.models  # noqa: F401  (registers every table)
from community_hub.core.config import settings
from community_hub.core.db import make_engine
from community_hub.migrate import include_object

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    url = context.config.attributes.get("db_url") or settings().db_url
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, include_object=include_object,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
