"""Pushing to ORCID: what was pushed, every write call, and the outputs held for review.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

`ops.orcid_pushes` is the state of each Pure output on each researcher's ORCID record: an
intent written before the POST that creates it (so a run that dies after ORCID created the work
but before its put-code was stored finds it again by reading the record), its put-code and a
digest of what was sent, and whether the researcher deleted it (then it is never pushed again
unless an operator allows it). `ops.orcid_writes` keeps one row per write call and can only grow.
`core.push_review` holds the outputs the last load did not push because an ORCID work of the
researcher could be the same work. ORCID's error texts quote the token they refused, so the
reasons stored for revoked tokens lose anything shaped like a token.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ["reporting.orcid_writes", "reporting.push_review"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        r"""
        CREATE TABLE ops.orcid_pushes (
            orcid         text NOT NULL,
            pure_uuid     text NOT NULL,
            person_uuid   text NOT NULL,
            state         text NOT NULL CHECK (state IN (
                              'intent', 'pushed', 'removed', 'deleted-by-researcher',
                              'allowed')),
            put_code      bigint,
            content_hash  text,
            run_id        bigint NOT NULL,
            updated_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (orcid, pure_uuid)
        );
        COMMENT ON TABLE ops.orcid_pushes IS
            'Each Pure output the load stage pushed (or is about to push) to an ORCID record: '
            'intent (written before the POST; no put-code known yet), pushed (put-code, and a '
            'digest of the body sent), removed (deleted from ORCID when it left Pure''s export '
            'set), deleted-by-researcher (its put-code answered 404: never pushed again) or '
            'allowed (an operator allowed it to be pushed again).';

        CREATE TABLE ops.orcid_writes (
            write_id      bigserial PRIMARY KEY,
            run_id        bigint NOT NULL REFERENCES ops.runs,
            written_at    timestamptz NOT NULL DEFAULT now(),
            orcid         text NOT NULL,
            person_uuid   text,
            pure_uuid     text,
            method        text NOT NULL CHECK (method IN ('POST', 'PUT', 'DELETE')),
            put_code      bigint,
            http_status   integer,
            error_code    integer,
            outcome       text NOT NULL
        );
        CREATE INDEX ix_orcid_writes_run ON ops.orcid_writes (run_id);
        COMMENT ON TABLE ops.orcid_writes IS
            'One row per work written to ORCID by the load stage (a bulk POST gives a row per '
            'work): the run, the researcher, the method, the put-code, ORCID''s HTTP status and '
            'error code, and what came of it. Append-only.';
        CREATE TRIGGER orcid_writes_append_only
            BEFORE UPDATE OR DELETE ON ops.orcid_writes
            FOR EACH STATEMENT EXECUTE FUNCTION ops.refuse_audit_change();

        CREATE TABLE core.push_review (
            run_id          bigint NOT NULL,
            person_uuid     text NOT NULL,
            orcid           text NOT NULL,
            pure_uuid       text NOT NULL,
            orcid_work      text NOT NULL,
            score           real NOT NULL,
            title_similarity real NOT NULL,
            reason          text NOT NULL,
            PRIMARY KEY (person_uuid, pure_uuid, orcid_work)
        );
        COMMENT ON TABLE core.push_review IS
            'The Pure outputs the last load stage did not push to ORCID because a work on the '
            'researcher''s record could be the same one (PUSH_REVIEW_THRESHOLD), each with that '
            'work and why.';

        UPDATE ops.orcid_tokens
           SET revoked_reason = regexp_replace(
                   revoked_reason,
                   '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}'
                   '|(?=[A-Za-z0-9_~+-]*[0-9])(?=[A-Za-z0-9_~+-]*[A-Za-z])[A-Za-z0-9_~+-]{24,}=*',
                   '[redacted]',
                   'g')
         WHERE revoked_reason IS NOT NULL;
        """
    )
    apply_views(op.get_bind(), revision, VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP VIEW reporting.orcid_writes, reporting.push_review;
        DROP TABLE core.push_review, ops.orcid_writes, ops.orcid_pushes;
        """
    )
