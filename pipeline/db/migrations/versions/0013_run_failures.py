"""Every request that failed during a run, and one list of what failed: requests and records.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

`ops.request_failures` has a row per failed attempt at a request to Pure or ORCID (a 5xx, a
dropped connection, a body cut short, a token refused) with why, and whether it was sent again;
the last attempt of a request that failed for good says `retried = false`, and the record it
was for is in `ops.record_errors`. `reporting.run_failures` lists both for every run, as the
report shows them.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ["reporting.run_failures"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        CREATE TABLE ops.request_failures (
            failure_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id      bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            source      text NOT NULL,
            request     text NOT NULL,
            attempt     integer NOT NULL,
            reason      text NOT NULL,
            retried     boolean NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX ix_request_failures_run ON ops.request_failures (run_id);
        COMMENT ON TABLE ops.request_failures IS
            'Every failed attempt at a request to Pure or ORCID during a run (method and '
            'path, never a secret), with why; retried says whether it was sent again.';
        """
    )
    apply_views(op.get_bind(), revision, VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP VIEW reporting.run_failures;
        DROP TABLE ops.request_failures;
        """
    )
