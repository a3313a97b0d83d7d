"""Alembic environment: migrations run on the engine `pipeline.db.migrate` hands over.

Each migration runs in its own transaction and starts with `SET LOCAL ROLE pure_orcid_owner`
(see `pipeline.db.roles`), so the version table stays the login's and everything else is the
owner's.
"""

from alembic import context


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit(
        "offline (SQL script) migrations are not supported; use `pure-orcid db upgrade`"
    )
run_migrations_online()
