"""The views in `sql/views/` are the views of a migrated database, and the migrations can rebuild
any older version of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from pipeline.db import head_revision
from pipeline.db.queries import query
from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import VIEWS, ViewFileError, apply_views, fingerprint, view_names, view_sql

SCHEMAS = ("staging", "core", "ops", "reporting")


def _definitions(connection: Connection) -> dict[str, tuple[str, str | None]]:
    """Each view of the pipeline's schemas with its definition, as PostgreSQL prints it, and
    its comment."""
    rows = connection.execute(
        text(
            "SELECT n.nspname || '.' || c.relname, pg_get_viewdef(c.oid, true), "
            "       obj_description(c.oid, 'pg_class') "
            "  FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY (:schemas)"
        ),
        {"schemas": list(SCHEMAS)},
    )
    return {name: (definition, comment) for name, definition, comment in rows}


def _oids(connection: Connection) -> dict[str, int]:
    rows = connection.execute(
        text(
            "SELECT n.nspname || '.' || c.relname, c.oid::bigint "
            "  FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            " WHERE c.relkind = 'v' AND n.nspname = ANY (:schemas)"
        ),
        {"schemas": list(SCHEMAS)},
    )
    return dict(rows.all())


def _current_file(name: str) -> str:
    schema, view = name.split(".")
    return (VIEWS / schema / f"{view}.sql").read_text(encoding="utf-8")


def test_the_database_has_exactly_the_views_of_the_files(engine: Engine) -> None:
    with engine.connect() as connection:
        migrated = _definitions(connection)
        assert sorted(migrated) == view_names()
        assert {"reporting.coverage_per_faculty", "core.researcher_identity"} <= set(migrated)

        # Every view dropped and created again from its file alone, readers after what they
        # read, must come out as the migrations left it.
        order = connection.execute(query("db/views_and_readers"), {"views": list(migrated)})
        order = list(order.scalars())
        connection.execute(text(ACT_AS_OWNER))
        connection.exec_driver_sql(f"DROP VIEW {', '.join(order)}")
        assert _definitions(connection) == {}
        for name in order:
            connection.exec_driver_sql(
                _current_file(name), execution_options={"no_parameters": True}
            )
        rebuilt = _definitions(connection)
        connection.rollback()

    different = sorted(name for name in migrated if rebuilt.get(name) != migrated[name])
    assert different == []


def test_replacing_a_view_re_creates_the_views_that_read_it(engine: Engine) -> None:
    with engine.connect() as connection:
        before, oids = _definitions(connection), _oids(connection)
        connection.execute(text(ACT_AS_OWNER))
        apply_views(connection, head_revision(), ["core.researcher_identity"])
        after, new_oids = _definitions(connection), _oids(connection)
        connection.rollback()

    assert after == before
    replaced = {name for name in oids if new_oids[name] != oids[name]}
    # Everything reads who each researcher is, except the published copies and the run views.
    assert replaced == {
        "core.researcher_identity",
        "core.researchers",
        "core.coverage_per_researcher",
        "core.coverage_per_faculty",
        "core.works_missing_from_orcid",
        "core.works_missing_from_pure",
        "core.works_hidden_by_visibility",
        "core.identity_problems",
        "core.researcher_steps",
        "core.funnel_per_faculty",
        "core.duplicates_in_pure",
        "core.duplicates_in_orcid",
        "reporting.pure_writes",
        "reporting.doi_enrichment",
    }


def test_a_view_is_taken_as_it_was_at_the_revision_asked_for() -> None:
    current = _current_file("reporting.run_history")
    frozen = (VIEWS / "history" / "0001" / "reporting" / "run_history.sql").read_text()
    at_0005 = (VIEWS / "history" / "0005" / "reporting" / "run_history.sql").read_text()
    assert "published_at" in at_0005
    assert "published_at" not in frozen

    assert view_sql("reporting.run_history", "0008") == current
    assert view_sql("reporting.run_history", "0007") == at_0005  # 0006 and 0007 left it so
    assert view_sql("reporting.run_history", "0005") == at_0005
    # 0004 left the run history as 0001 made it.
    assert view_sql("reporting.run_history", "0004") == frozen
    assert view_sql("reporting.run_history", "0001") == frozen
    assert view_sql("core.researcher_identity", "0005") == _current_file("core.researcher_identity")


def test_a_view_asked_for_before_it_existed_is_an_error() -> None:
    with pytest.raises(ViewFileError, match=r"no version of core\.researchers .* revision 0004"):
        view_sql("core.researchers", "0004")


@pytest.fixture
def views_copy(tmp_path: Path) -> Path:
    root = tmp_path / "views"
    shutil.copytree(Path(str(VIEWS)), root)
    return root


def test_a_view_file_edited_without_a_new_migration_is_refused(views_copy: Path) -> None:
    file = views_copy / "core" / "researcher_faculties.sql"
    file.write_text(file.read_text().replace("DISTINCT person_uuid", "person_uuid"))

    with pytest.raises(ViewFileError, match="changes only in a new migration") as error:
        view_sql("core.researcher_faculties", "0005", root=views_copy)
    assert str(file) in str(error.value)


def test_a_new_version_is_taken_from_its_revision_on(views_copy: Path) -> None:
    """What a developer does to change a view: the old text frozen, the file rewritten."""
    file = views_copy / "core" / "researcher_faculties.sql"
    old = file.read_text()
    frozen = views_copy / "history" / "0004" / "core" / "researcher_faculties.sql"
    frozen.parent.mkdir(parents=True, exist_ok=True)
    frozen.write_text(old)
    body = old.partition("\n")[2].replace("DISTINCT person_uuid", "person_uuid")
    file.write_text(f"-- revision 0005 sha256:{fingerprint(body)}\n{body}")

    assert view_sql("core.researcher_faculties", "0005", root=views_copy) == file.read_text()
    assert view_sql("core.researcher_faculties", "0004", root=views_copy) == old


def test_a_view_file_without_its_header_says_what_the_header_must_be(views_copy: Path) -> None:
    file = views_copy / "core" / "researcher_faculties.sql"
    body = file.read_text().partition("\n")[2]
    file.write_text(f"-- revision 0004\n{body}")

    with pytest.raises(ViewFileError, match=f"-- revision <id> sha256:{fingerprint(body)}"):
        view_sql("core.researcher_faculties", "0004", root=views_copy)
