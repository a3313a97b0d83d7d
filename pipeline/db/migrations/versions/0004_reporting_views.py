"""The views analysts query: researchers, coverage both ways, what is missing or hidden on either
side, and the identity problems that stop the pipeline from acting for a researcher.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The views belong to the owner role, so `analyst` reads them without any right on the tables
underneath; SELECT reaches `analyst` through the default privileges 0001 set on `reporting`.
Three helper views in `core` say once what every report needs: who each researcher is on ORCID,
which faculties they belong to, and which records are theirs in which cluster. They describe
the last complete matching (`core.work_clusters` keeps only the latest run) over the records
staged now. docs/analysts.md documents every reporting view, column by column; their SQL is in
sql/views/ (the versions made here: the current file, or a copy under sql/views/history/0004/).
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# In an order where a view comes after those it reads.
VIEWS = (
    "core.researcher_identity",
    "core.researcher_faculties",
    "core.researcher_records",
    "reporting.researchers",
    "reporting.coverage_per_researcher",
    "reporting.coverage_per_faculty",
    "reporting.works_missing_from_orcid",
    "reporting.works_missing_from_pure",
    "reporting.works_hidden_by_visibility",
    "reporting.identity_problems",
)


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(ORCID_FUNCTIONS)
    apply_views(op.get_bind(), revision, VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(f"DROP VIEW {', '.join(VIEWS)}")
    op.execute(
        """
        DROP FUNCTION reporting.normalise_orcid(text);
        DROP FUNCTION reporting.orcid_checksum_ok(text);
        DROP FUNCTION reporting.orcid_compact(text);
        """
    )


# The same rules as pipeline.normalize.identifiers.orcid, so a view and the pipeline never
# disagree on which iDs are valid (tests/reporting/test_views.py holds them to it).
ORCID_FUNCTIONS = r"""
CREATE FUNCTION reporting.orcid_compact(raw text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN compact ~ '^[0-9]{15}[0-9X]$' THEN compact END
      FROM (
          -- Trim, drop an orcid.org URL prefix and trailing slashes, then the hyphens.
          SELECT upper(replace(rtrim(regexp_replace(
                     regexp_replace(raw, '^\s+|\s+$', '', 'g'),
                     '^(https?://)?(sandbox\.)?orcid\.org/', '', 'i'), '/'), '-', '')) AS compact
      ) AS stripped;
END;
COMMENT ON FUNCTION reporting.orcid_compact(text) IS
    'The 16 characters of an ORCID iD written in any usual form (URL, hyphens or not), '
    'or null when it does not have the shape of one; the check character is not checked.';

CREATE FUNCTION reporting.orcid_checksum_ok(digits text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE
               WHEN digits !~ '^[0-9]{15}[0-9X]$' THEN false
               -- ISO/IEC 7064 MOD 11-2: the i-th of the 15 digits weighs 2^(16 - i).
               ELSE substr(digits, 16, 1) = (
                   SELECT CASE remainder WHEN 10 THEN 'X' ELSE remainder::text END
                     FROM (SELECT (12 - sum(substr(digits, i, 1)::int << (16 - i)) % 11) % 11
                                  AS remainder
                             FROM generate_series(1, 15) AS i) AS weighed)
           END;
END;
COMMENT ON FUNCTION reporting.orcid_checksum_ok(text) IS
    'Whether 16 characters (15 digits and a check character, no hyphens) pass ORCID''s '
    'ISO/IEC 7064 MOD 11-2 check; false for anything else.';

CREATE FUNCTION reporting.normalise_orcid(raw text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN reporting.orcid_checksum_ok(compact)
                THEN concat_ws('-', substr(compact, 1, 4), substr(compact, 5, 4),
                               substr(compact, 9, 4), substr(compact, 13, 4))
           END
      FROM (SELECT reporting.orcid_compact(raw) AS compact) AS shaped;
END;
COMMENT ON FUNCTION reporting.normalise_orcid(text) IS
    'An ORCID iD in its canonical 0000-0000-0000-0000 form when it is valid, else null.';
"""
