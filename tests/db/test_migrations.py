"""The schema can be built, removed and rebuilt on any empty database."""

import pytest
from sqlalchemy import Engine, create_engine, text

from pipeline.db import current_revision, downgrade, head_revision, require_head, upgrade
from pipeline.db.migrate import SchemaOutOfDate

SCHEMAS = {"staging", "core", "ops", "reporting"}


def _schemas(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT nspname FROM pg_namespace"))
        return {name for (name,) in rows} & SCHEMAS


def _extensions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(text("SELECT extname FROM pg_extension")).scalars())


@pytest.fixture
def empty_engine(empty_database_url: str):
    engine = create_engine(empty_database_url)
    yield engine
    engine.dispose()


def test_upgrade_downgrade_upgrade_on_an_empty_database(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert _schemas(empty_engine) == SCHEMAS
    assert {"pg_trgm", "unaccent"} <= _extensions(empty_engine)

    downgrade(empty_engine, "base")
    assert current_revision(empty_engine) is None
    assert _schemas(empty_engine) == set()
    assert not {"pg_trgm", "unaccent"} & _extensions(empty_engine)

    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert _schemas(empty_engine) == SCHEMAS


def test_the_tables_exist(engine: Engine) -> None:
    expected = {
        "ops.runs",
        "ops.run_stages",
        "ops.run_attempts",
        "ops.run_alerts",
        "ops.pure_writes",
        "ops.watermarks",
        "ops.record_errors",
        "ops.request_failures",
        "ops.orcid_tokens",
        "ops.orcid_record_status",
        "staging.raw_records",
        "staging.persons",
        "staging.org_units",
        "staging.works",
        "staging.work_identifiers",
        "staging.work_contributors",
        "core.org_units",
        "core.people",
        "core.person_org_units",
        "core.works",
        "core.work_identifiers",
        "core.match_links",
        "core.work_clusters",
        "core.matched_researchers",
        "core.researcher_records",
        "ops.validation_results",
        "ops.run_metrics",
        "core.published_researchers",
        "core.published_coverage_per_researcher",
        "core.published_coverage_per_faculty",
        "core.published_works_missing_from_orcid",
        "core.published_works_missing_from_pure",
        "core.published_works_hidden_by_visibility",
        "core.published_identity_problems",
        "core.published_researcher_steps",
        "core.published_funnel_per_faculty",
        "core.published_duplicates_in_pure",
        "core.published_duplicates_in_orcid",
        "ops.notify_preferences",
        "ops.notifications",
        "ops.orcid_pushes",
        "ops.orcid_writes",
        "core.push_review",
    }
    with engine.connect() as connection:
        tables = set(
            connection.execute(
                text(
                    "SELECT schemaname || '.' || tablename FROM pg_tables "
                    "WHERE schemaname IN ('staging', 'core', 'ops', 'reporting')"
                )
            ).scalars()
        )
    assert tables == expected


def test_everything_belongs_to_the_owner_role(engine: Engine) -> None:
    with engine.connect() as connection:
        owners = set(
            connection.execute(
                text(
                    "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class AS c "
                    "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
                    "WHERE n.nspname IN ('staging', 'core', 'ops', 'reporting')"
                )
            ).scalars()
        )
        schema_owners = set(
            connection.execute(
                text(
                    "SELECT DISTINCT pg_get_userbyid(nspowner) FROM pg_namespace "
                    "WHERE nspname IN ('staging', 'core', 'ops', 'reporting')"
                )
            ).scalars()
        )
    assert owners == schema_owners == {"pure_orcid_owner"}


def test_running_against_an_unmigrated_database_says_what_to_do(empty_engine: Engine) -> None:
    with pytest.raises(SchemaOutOfDate, match="pure-orcid db upgrade"):
        require_head(empty_engine)
