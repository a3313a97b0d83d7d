"""Every view of the schema as a file that shows what it is today, and the migrations built from
those files.

`sql/views/<schema>/<view>.sql` holds the current definition of each view: a `CREATE VIEW` and
its `COMMENT`, runnable in psql as it is. Its first line names the migration that made this
version and a fingerprint of the text below it:

    -- revision 0005 sha256:<first 16 hex digits of the SHA-256 of the rest of the file>

An older version that a migration still needs is kept, frozen, under
`sql/views/history/<revision>/<schema>/<view>.sql`. A migration asks for views *as they were at
its revision* (`apply_views(connection, "0005", [...])`): for each, the newest version made at or
before that revision in the chain of migrations, whether that is the current file or a frozen
copy. So an old migration builds what it built when it was written, however the files change
later, and a downgrade restores a view by asking for it as of the revision it goes back to.

The fingerprint keeps it so: a file edited in place, without a new migration, no longer matches
its header, and every migration that reads it stops with a message naming the file.

To change a view (sql/views/README.md says the same):

1. Freeze the version in use: copy `sql/views/<schema>/<view>.sql` unchanged to
   `sql/views/history/<its revision>/<schema>/<view>.sql`.
2. Write the new migration (`pure-orcid db revision "..."`) and edit the current file; set its
   header to the new revision. The migration refuses the file and prints the fingerprint to put
   in the header.
3. In the migration's `upgrade`, call
   `apply_views(op.get_bind(), revision, ["<schema>.<view>"])`; in its `downgrade`, the same with
   `down_revision`. Views that read the replaced view are dropped and re-created with it. A new
   view is created the same way, and dropped with `DROP VIEW` on downgrade.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from pipeline.db.migrate import MIGRATIONS
from pipeline.db.queries import query

VIEWS: Traversable = files("sql") / "views"
"""The folder of view files: `<schema>/<view>.sql`, and `history/` beside them."""

HISTORY = "history"

_HEADER = re.compile(r"-- revision (?P<revision>\w+) sha256:(?P<fingerprint>[0-9a-f]{16})\b")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*")


class ViewFileError(RuntimeError):
    """A view file is missing, or is not the version its header says it is."""


def fingerprint(body: str) -> str:
    """What a view file's header records of the text below it."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def view_names(root: Traversable = VIEWS) -> list[str]:
    """`schema.view` of every current view file, sorted."""
    return sorted(
        f"{schema.name}.{file.name.removesuffix('.sql')}"
        for schema in root.iterdir()
        if schema.is_dir() and schema.name != HISTORY
        for file in schema.iterdir()
        if file.name.endswith(".sql")
    )


def view_sql(name: str, revision: str, root: Traversable = VIEWS) -> str:
    """The SQL that creates view `name` as it was at `revision` (an Alembic revision id)."""
    if not _NAME.fullmatch(name):
        raise ViewFileError(f"{name!r} is not a view name of the form schema.view")
    schema, view = name.split(".")
    current = root / schema / f"{view}.sql"
    current_revision, current_sql = _read(current) if current.is_file() else (None, "")
    for script in _migrations().iterate_revisions(revision, "base"):
        if script.revision == current_revision:
            return current_sql
        frozen = root / HISTORY / script.revision / schema / f"{view}.sql"
        if frozen.is_file():
            frozen_revision, frozen_sql = _read(frozen)
            if frozen_revision != script.revision:
                raise ViewFileError(
                    f"{frozen} says it is revision {frozen_revision}'s version "
                    f"but lies in the folder of revision {script.revision}"
                )
            return frozen_sql
    raise ViewFileError(
        f"no version of {name} made at or before revision {revision}: "
        f"neither {current} nor a copy under {root / HISTORY}/<revision>/"
    )


def apply_views(connection: Connection, revision: str, names: Sequence[str]) -> None:
    """Create the views `names`, in this order, as they were at `revision`; one that exists is
    replaced. Views that read a replaced view are dropped with it and re-created after it, as
    they were at `revision` too, since PostgreSQL cannot change a view others depend on."""
    wanted = {name: view_sql(name, revision) for name in names}
    found = connection.execute(query("db/views_and_readers"), {"views": list(names)})
    dropped = list(found.scalars())
    readers = {name: view_sql(name, revision) for name in dropped if name not in wanted}
    if dropped:
        connection.exec_driver_sql(f"DROP VIEW {', '.join(dropped)}")
    for sql in [*wanted.values(), *readers.values()]:
        # Run as psql runs the file: nothing in it is taken for a parameter marker.
        connection.exec_driver_sql(sql, execution_options={"no_parameters": True})


def _read(file: Traversable) -> tuple[str, str]:
    """The revision a view file belongs to, and its text, after checking the text is that."""
    text = file.read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    match = _HEADER.match(header)
    if match is None:
        raise ViewFileError(
            f"{file}: the first line must be `-- revision <id> sha256:{fingerprint(body)}`"
        )
    if match["fingerprint"] != fingerprint(body):
        raise ViewFileError(
            f"{file}: the text is sha256:{fingerprint(body)} but the header says "
            f"sha256:{match['fingerprint']} (revision {match['revision']}). A view changes only "
            "in a new migration, its old text kept under sql/views/history/ (see "
            "sql/views/README.md); a new version's header carries the new sha256."
        )
    return match["revision"], text


@cache
def _migrations() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))
