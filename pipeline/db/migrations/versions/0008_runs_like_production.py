"""Runs like production: who runs a run, runs that died, resumed runs, and retries.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

One pipeline command at a time holds an advisory lock on the database (pipeline.lock). Each
attempt at a run (the first, and each resume) records the process that runs it and the database
session that holds its lock, so the next command can tell a run whose process is gone from one
still working and mark it `abandoned` with the stage it died in. Every stage counts its starts,
so Prefect's retries and resumes leave a trace.
reporting.run_history shows all of it
(sql/views/reporting/run_history.sql; the version it replaces, made by 0005, is under
sql/views/history/0005/).
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ["reporting.run_history"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        ALTER TABLE ops.runs DROP CONSTRAINT runs_status_check;
        ALTER TABLE ops.runs ADD CONSTRAINT runs_status_check
            CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
        COMMENT ON COLUMN ops.runs.status IS
            'running, succeeded, failed (a stage raised), or abandoned (its process ended '
            'without closing it: killed, or the machine stopped).';

        CREATE TABLE ops.run_attempts (
            run_id        bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            attempt       integer NOT NULL,
            host          text NOT NULL,
            pid           integer NOT NULL,
            lock_session  integer,
            flow_run_id   uuid,
            status        text NOT NULL DEFAULT 'running'
                          CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
            started_at    timestamptz NOT NULL DEFAULT now(),
            finished_at   timestamptz,
            message       text,
            PRIMARY KEY (run_id, attempt),
            CHECK ((status = 'running') = (finished_at IS NULL))
        );
        COMMENT ON TABLE ops.run_attempts IS
            'Each time a run was started: first, then once for every --resume; which process '
            'ran it and how that attempt ended.';
        COMMENT ON COLUMN ops.run_attempts.lock_session IS
            'The database session (pg_backend_pid) holding the attempt''s advisory lock: while '
            'it holds the lock the attempt is alive; a running one whose session does not is '
            'abandoned by the next command.';

        ALTER TABLE ops.run_stages DROP CONSTRAINT run_stages_status_check;
        ALTER TABLE ops.run_stages ADD CONSTRAINT run_stages_status_check
            CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
        ALTER TABLE ops.run_stages ADD COLUMN attempts integer NOT NULL DEFAULT 1;
        COMMENT ON COLUMN ops.run_stages.attempts IS
            'How many times the stage was started in its run: a retry after a transient error '
            'or a resume of the run adds one.';
        """
    )
    apply_views(op.get_bind(), revision, VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    apply_views(op.get_bind(), down_revision, VIEWS)
    op.execute(
        """
        UPDATE ops.run_stages SET status = 'failed' WHERE status = 'abandoned';
        ALTER TABLE ops.run_stages DROP COLUMN attempts;
        ALTER TABLE ops.run_stages DROP CONSTRAINT run_stages_status_check;
        ALTER TABLE ops.run_stages ADD CONSTRAINT run_stages_status_check
            CHECK (status IN ('running', 'succeeded', 'failed'));
        UPDATE ops.runs SET status = 'failed' WHERE status = 'abandoned';
        DROP TABLE ops.run_attempts;
        ALTER TABLE ops.runs DROP CONSTRAINT runs_status_check;
        ALTER TABLE ops.runs ADD CONSTRAINT runs_status_check
            CHECK (status IN ('running', 'succeeded', 'failed'));
        COMMENT ON COLUMN ops.runs.status IS NULL;
        """
    )
