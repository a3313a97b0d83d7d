"""The notices sent when a run fails or is abandoned.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

One row per attempt at a run and channel (webhook, e-mail): a notice is sent once, and the row
says when it went or why it could not be delivered (pipeline.alerts).
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        CREATE TABLE ops.run_alerts (
            run_id    bigint NOT NULL,
            attempt   integer NOT NULL,
            channel   text NOT NULL CHECK (channel IN ('webhook', 'smtp')),
            sent_at   timestamptz,
            error     text,
            PRIMARY KEY (run_id, attempt, channel),
            FOREIGN KEY (run_id, attempt) REFERENCES ops.run_attempts ON DELETE CASCADE
        );
        COMMENT ON TABLE ops.run_alerts IS
            'The notice sent about each failed or abandoned attempt at a run, once per channel: '
            'when it went (sent_at), or why it could not be delivered (error).';
        """
    )


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute("DROP TABLE ops.run_alerts")
