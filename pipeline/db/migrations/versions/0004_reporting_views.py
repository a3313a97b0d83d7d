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
staged now. docs/analysts.md documents every reporting view, column by column.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(ORCID_FUNCTIONS)
    op.execute(RESEARCHER_IDENTITY)
    op.execute(RESEARCHER_FACULTIES)
    op.execute(RESEARCHER_RECORDS)
    op.execute(RESEARCHERS)
    op.execute(COVERAGE)
    op.execute(WORKS_MISSING)
    op.execute(WORKS_HIDDEN)
    op.execute(IDENTITY_PROBLEMS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP VIEW reporting.identity_problems;
        DROP VIEW reporting.works_hidden_by_visibility;
        DROP VIEW reporting.works_missing_from_pure;
        DROP VIEW reporting.works_missing_from_orcid;
        DROP VIEW reporting.coverage_per_faculty;
        DROP VIEW reporting.coverage_per_researcher;
        DROP VIEW reporting.researchers;
        DROP VIEW core.researcher_records;
        DROP VIEW core.researcher_faculties;
        DROP VIEW core.researcher_identity;
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

RESEARCHER_IDENTITY = """
CREATE VIEW core.researcher_identity AS
WITH person AS (
    SELECT p.source_record_id AS person_uuid,
           p.given_names,
           p.family_name,
           p.org_unit_ids,
           nullif(btrim(p.orcid), '') AS orcid_in_pure,
           reporting.orcid_compact(p.orcid) AS compact,
           reporting.normalise_orcid(p.orcid) AS orcid
      FROM staging.persons AS p
     WHERE p.source = 'pure'
),
holders AS (
    -- Everyone who holds each valid iD: more than one means someone holds another's iD.
    SELECT orcid, array_agg(person_uuid ORDER BY person_uuid) AS persons
      FROM person
     WHERE orcid IS NOT NULL
     GROUP BY orcid
),
token AS (
    -- A researcher's token may be held under the iD in Pure or under its primary iD; the most
    -- usable one counts. Pushing needs /activities/update, reading alone does not.
    SELECT DISTINCT ON (p.person_uuid)
           p.person_uuid,
           CASE
               WHEN t.revoked_at IS NOT NULL THEN 'revoked'
               WHEN t.expires_at <= now() THEN 'expired'
               WHEN NOT '/activities/update' = ANY (t.scopes) THEN 'read-only'
               ELSE 'connected'
           END AS token_status
      FROM person AS p
      LEFT JOIN ops.orcid_record_status AS s ON s.orcid = p.orcid
      JOIN ops.orcid_tokens AS t ON t.orcid IN (p.orcid, s.primary_orcid)
     ORDER BY p.person_uuid,
              t.revoked_at IS NOT NULL,
              coalesce(t.expires_at <= now(), false),
              NOT '/activities/update' = ANY (t.scopes)
)
SELECT p.person_uuid,
       p.given_names,
       p.family_name,
       concat_ws(' ', p.given_names, p.family_name) AS name,
       p.org_unit_ids,
       p.orcid_in_pure,
       p.orcid,
       CASE
           WHEN p.orcid_in_pure IS NULL THEN 'missing'
           WHEN p.compact IS NULL THEN 'malformed'
           WHEN p.orcid IS NULL THEN 'invalid-checksum'
           -- Two people with one iD: Pure is wrong for at least one, whatever ORCID says.
           WHEN cardinality(h.persons) > 1 THEN 'shared'
           WHEN s.status IN ('deactivated', 'not-found', 'deprecated') THEN s.status
           ELSE 'valid'
       END AS id_status,
       s.status AS orcid_record_status,
       s.primary_orcid,
       -- Whose ORCID works are this researcher's: the primary's for a deprecated iD, as the
       -- match stage takes them (pipeline.match.institution).
       CASE WHEN s.status = 'deprecated' THEN s.primary_orcid ELSE p.orcid END AS works_orcid,
       array_remove(h.persons, p.person_uuid) AS shared_with,
       coalesce(t.token_status, 'none') AS token_status
  FROM person AS p
  LEFT JOIN holders AS h ON h.orcid = p.orcid
  LEFT JOIN ops.orcid_record_status AS s ON s.orcid = p.orcid
  LEFT JOIN token AS t ON t.person_uuid = p.person_uuid;
COMMENT ON VIEW core.researcher_identity IS
    'Each Pure person with their iD as Pure stores it, what is wrong with it, whose ORCID works '
    'are theirs and whether the institution holds a token that can push to their record.';
"""

RESEARCHER_FACULTIES = """
CREATE VIEW core.researcher_faculties AS
WITH RECURSIVE unit AS (
    SELECT source_record_id AS unit_id, name, kind, parent_id
      FROM staging.org_units
     WHERE source = 'pure'
),
chain AS (
    -- From each unit a person belongs to, up the parents to the first faculty.
    SELECT p.source_record_id AS person_uuid, u.unit_id, u.name, u.kind, u.parent_id
      FROM staging.persons AS p
     CROSS JOIN unnest(p.org_unit_ids) AS member(unit_id)
      JOIN unit AS u ON u.unit_id = member.unit_id
     WHERE p.source = 'pure'
    UNION ALL
    SELECT c.person_uuid, u.unit_id, u.name, u.kind, u.parent_id
      FROM chain AS c
      JOIN unit AS u ON u.unit_id = c.parent_id
     WHERE c.kind IS DISTINCT FROM 'faculty'
) CYCLE unit_id SET looped USING path
SELECT DISTINCT person_uuid, unit_id AS faculty_id, name AS faculty
  FROM chain
 WHERE kind = 'faculty'
   AND NOT looped;
COMMENT ON VIEW core.researcher_faculties IS
    'The faculties of each Pure person: the first unit of kind faculty at or above each unit '
    'they belong to. Someone in several faculties has a row for each.';
"""

RESEARCHER_RECORDS = """
CREATE VIEW core.researcher_records AS
WITH latest AS (
    -- The oldest run still present is the last complete matching: a matching adds its run's
    -- clusters before it deletes the previous run's (pipeline.match.institution).
    SELECT min(run_id) AS run_id FROM core.work_clusters
),
owned AS (
    -- A Pure output is each internal author's; an ORCID work is the researcher's whose iD
    -- (or its primary) holds it, so a shared iD gives its works to everyone who holds it.
    SELECT DISTINCT c.pure_person_id AS person_uuid, c.source, c.source_record_id AS record_id
      FROM staging.work_contributors AS c
      JOIN core.researcher_identity AS i ON i.person_uuid = c.pure_person_id
     WHERE c.source = 'pure'
    UNION ALL
    SELECT i.person_uuid, w.source, w.source_record_id
      FROM core.researcher_identity AS i
      JOIN staging.works AS w ON w.source = 'orcid' AND w.owner_id = i.works_orcid
),
record AS (
    SELECT o.person_uuid,
           o.source,
           o.record_id,
           -- A record staged after the last matching is a cluster of its own until the next.
           coalesce(k.cluster, o.source || ':' || o.record_id) AS cluster,
           w.title,
           w.work_type,
           w.pub_year,
           (SELECT coalesce(i.normalised_value, i.raw_value)
              FROM staging.work_identifiers AS i
             WHERE i.source = w.source
               AND i.source_record_id = w.source_record_id
               AND i.id_type = 'doi'
               AND i.relationship = 'self'
             ORDER BY i.normalised_value IS NULL, i.ordinal
             LIMIT 1) AS doi,
           w.pure_workflow_step IN ('approved', 'validated') AS pure_validated,
           w.pure_visibility = 'FREE' AS pure_public,
           w.pure_publication_status,
           w.owner_id AS orcid_owner,
           w.orcid_put_code,
           lower(w.orcid_visibility) AS orcid_visibility,
           w.orcid_read_scope,
           w.orcid_source_client,
           w.orcid_source_name,
           w.extracted_at
      FROM owned AS o
      JOIN staging.works AS w ON w.source = o.source AND w.source_record_id = o.record_id
      LEFT JOIN core.work_clusters AS k
        ON k.run_id = (SELECT run_id FROM latest)
       AND k.owner = o.person_uuid
       AND k.source = o.source
       AND k.record_id = o.record_id
)
SELECT r.*,
       (SELECT run_id FROM latest) AS run_id,
       bool_or(r.source = 'pure') OVER cluster AS cluster_in_pure,
       -- The widest visibility of the cluster's ORCID records; null when none is on ORCID.
       CASE
           WHEN bool_or(r.orcid_visibility = 'public') OVER cluster THEN 'public'
           WHEN bool_or(r.orcid_visibility = 'limited') OVER cluster THEN 'limited'
           WHEN bool_or(r.source = 'orcid') OVER cluster THEN 'private'
       END AS cluster_orcid_visibility
  FROM record AS r
WINDOW cluster AS (PARTITION BY r.person_uuid, r.cluster);
COMMENT ON VIEW core.researcher_records IS
    'Every Pure output and ORCID work of each researcher, with the cluster (one work) the last '
    'complete matching put it in and whether that work is in Pure and on ORCID.';
"""

RESEARCHERS = """
CREATE VIEW reporting.researchers AS
WITH department AS (
    SELECT p.person_uuid, array_agg(DISTINCT u.name ORDER BY u.name) AS departments
      FROM core.researcher_identity AS p
     CROSS JOIN unnest(p.org_unit_ids) AS member(unit_id)
      JOIN staging.org_units AS u ON u.source = 'pure' AND u.source_record_id = member.unit_id
     WHERE u.kind IS DISTINCT FROM 'faculty' AND u.kind IS DISTINCT FROM 'university'
     GROUP BY p.person_uuid
),
faculty AS (
    SELECT person_uuid, array_agg(faculty ORDER BY faculty) AS faculties
      FROM core.researcher_faculties
     GROUP BY person_uuid
),
counted AS (
    SELECT person_uuid,
           count(*) FILTER (WHERE source = 'pure') AS pure_outputs,
           count(*) FILTER (WHERE source = 'pure' AND pure_validated) AS pure_validated,
           count(*) FILTER (WHERE source = 'pure' AND pure_public) AS pure_public,
           count(*) FILTER (WHERE source = 'pure' AND pure_validated AND pure_public)
               AS pure_validated_public,
           -- ORCID lists a work once however many sources wrote it: count clusters.
           count(DISTINCT cluster) FILTER (WHERE source = 'orcid') AS orcid_works,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'public'
           ) AS orcid_works_public,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'limited'
           ) AS orcid_works_limited,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'private'
           ) AS orcid_works_private,
           count(DISTINCT cluster) FILTER (
               WHERE cluster_in_pure AND cluster_orcid_visibility IS NOT NULL
           ) AS works_in_both,
           count(*) FILTER (
               WHERE source = 'pure' AND pure_validated AND pure_public
                 AND cluster_orcid_visibility IS NULL
           ) AS pure_missing_from_orcid,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'public'
                 AND NOT cluster_in_pure
           ) AS orcid_missing_from_pure,
           (array_agg(orcid_read_scope ORDER BY extracted_at DESC)
               FILTER (WHERE source = 'orcid'))[1] AS orcid_read_scope
      FROM core.researcher_records
     GROUP BY person_uuid
)
SELECT i.person_uuid,
       i.name,
       i.given_names,
       i.family_name,
       i.orcid_in_pure,
       i.orcid,
       i.id_status,
       i.primary_orcid,
       i.shared_with,
       i.token_status,
       i.token_status = 'connected' AS connected,
       coalesce(f.faculties, '{}') AS faculties,
       coalesce(d.departments, '{}') AS departments,
       coalesce(c.pure_outputs, 0) AS pure_outputs,
       coalesce(c.pure_validated, 0) AS pure_validated,
       coalesce(c.pure_public, 0) AS pure_public,
       coalesce(c.pure_validated_public, 0) AS pure_validated_public,
       c.orcid_read_scope,
       coalesce(c.orcid_works, 0) AS orcid_works,
       coalesce(c.orcid_works_public, 0) AS orcid_works_public,
       coalesce(c.orcid_works_limited, 0) AS orcid_works_limited,
       coalesce(c.orcid_works_private, 0) AS orcid_works_private,
       coalesce(c.works_in_both, 0) AS works_in_both,
       coalesce(c.pure_missing_from_orcid, 0) AS pure_missing_from_orcid,
       coalesce(c.orcid_missing_from_pure, 0) AS orcid_missing_from_pure
  FROM core.researcher_identity AS i
  LEFT JOIN faculty AS f ON f.person_uuid = i.person_uuid
  LEFT JOIN department AS d ON d.person_uuid = i.person_uuid
  LEFT JOIN counted AS c ON c.person_uuid = i.person_uuid;
COMMENT ON VIEW reporting.researchers IS
    'One row per Pure person: their ORCID iD and its status, whether the institution can push '
    'to their record, their faculties and departments, and their works on each side.';
"""

COVERAGE = """
CREATE VIEW reporting.coverage_per_researcher AS
WITH matching AS (
    SELECT r.run_id, r.started_at AS run_started_at
      FROM ops.runs AS r
     WHERE r.run_id = (SELECT min(run_id) FROM core.work_clusters)
)
SELECT r.person_uuid,
       r.name,
       r.faculties,
       r.departments,
       r.id_status,
       r.connected,
       r.pure_validated_public,
       r.pure_validated_public - r.pure_missing_from_orcid AS pure_on_orcid,
       round((r.pure_validated_public - r.pure_missing_from_orcid)::numeric
             / nullif(r.pure_validated_public, 0), 3) AS pure_on_orcid_share,
       r.orcid_works_public,
       r.orcid_works_public - r.orcid_missing_from_pure AS orcid_in_pure,
       round((r.orcid_works_public - r.orcid_missing_from_pure)::numeric
             / nullif(r.orcid_works_public, 0), 3) AS orcid_in_pure_share,
       m.run_id,
       m.run_started_at
  FROM reporting.researchers AS r
  LEFT JOIN matching AS m ON true;
COMMENT ON VIEW reporting.coverage_per_researcher IS
    'Per researcher: the share of validated public Pure outputs found on ORCID, and the share '
    'of public ORCID works found in Pure, as of the last complete matching.';

CREATE VIEW reporting.coverage_per_faculty AS
SELECT f.faculty,
       count(*) AS researchers,
       count(*) FILTER (WHERE c.id_status = 'valid') AS researchers_with_valid_orcid,
       count(*) FILTER (WHERE c.connected) AS researchers_connected,
       sum(c.pure_validated_public) AS pure_validated_public,
       sum(c.pure_on_orcid) AS pure_on_orcid,
       round(sum(c.pure_on_orcid) / nullif(sum(c.pure_validated_public), 0), 3)
           AS pure_on_orcid_share,
       sum(c.orcid_works_public) AS orcid_works_public,
       sum(c.orcid_in_pure) AS orcid_in_pure,
       round(sum(c.orcid_in_pure) / nullif(sum(c.orcid_works_public), 0), 3)
           AS orcid_in_pure_share,
       min(c.run_id) AS run_id,
       min(c.run_started_at) AS run_started_at
  FROM reporting.coverage_per_researcher AS c
  -- Someone in several faculties counts in each; someone in none, in the row without one.
  LEFT JOIN core.researcher_faculties AS f ON f.person_uuid = c.person_uuid
 GROUP BY f.faculty_id, f.faculty;
COMMENT ON VIEW reporting.coverage_per_faculty IS
    'Coverage both ways summed over the researchers of each faculty; a researcher in several '
    'faculties counts in each, one in none in the row whose faculty is null.';
"""

WORKS_MISSING = """
CREATE VIEW reporting.works_missing_from_orcid AS
SELECT i.person_uuid,
       i.name,
       i.orcid_in_pure,
       i.id_status,
       i.token_status = 'connected' AS connected,
       r.record_id AS pure_uuid,
       r.title,
       r.pub_year,
       r.work_type,
       r.doi,
       r.pure_publication_status AS publication_status,
       CASE
           WHEN i.token_status = 'connected' THEN 'will be pushed'
           ELSE 'researcher must connect or import the BibTeX file'
       END AS action
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'pure'
   AND r.pure_validated
   AND r.pure_public
   AND r.cluster_orcid_visibility IS NULL;
COMMENT ON VIEW reporting.works_missing_from_orcid IS
    'Validated public Pure outputs of each researcher that are on none of their ORCID works, '
    'and whether the pipeline will push them or the researcher must act.';

CREATE VIEW reporting.works_missing_from_pure AS
WITH missing AS (
    -- A work is missing from Pure when none of its records is a Pure output of the
    -- researcher; only its public ORCID records count, the only ones Pure can import.
    SELECT person_uuid,
           cluster,
           min(orcid_owner) AS orcid,
           array_agg(orcid_put_code ORDER BY orcid_put_code) AS put_codes,
           (array_agg(title ORDER BY orcid_source_client IS NULL, orcid_put_code))[1] AS title,
           min(pub_year) AS pub_year,
           (array_agg(work_type ORDER BY orcid_source_client IS NULL, orcid_put_code))[1]
               AS work_type,
           min(doi) AS doi,
           array_remove(array_agg(DISTINCT doi), NULL) AS dois,
           array_agg(DISTINCT orcid_source_name) AS sources
      FROM core.researcher_records
     WHERE source = 'orcid'
       AND orcid_visibility = 'public'
       AND NOT cluster_in_pure
     GROUP BY person_uuid, cluster
)
SELECT i.person_uuid,
       i.name,
       m.orcid,
       m.cluster,
       m.put_codes,
       m.title,
       m.pub_year,
       m.work_type,
       m.doi,
       m.sources,
       coalesce(same_doi.pure_uuid, same_title.pure_uuid) IS NOT NULL AS probably_in_pure,
       coalesce(same_doi.pure_uuid, same_title.pure_uuid) AS probable_pure_uuid,
       CASE
           WHEN same_doi.pure_uuid IS NOT NULL THEN 'same DOI'
           WHEN same_title.pure_uuid IS NOT NULL THEN 'similar title'
       END AS probable_reason
  FROM missing AS m
  JOIN core.researcher_identity AS i ON i.person_uuid = m.person_uuid
  -- Pure has it already under another owner: an output of the institution with its DOI.
  LEFT JOIN LATERAL (
      SELECT min(d.source_record_id) AS pure_uuid
        FROM staging.work_identifiers AS d
       WHERE d.source = 'pure'
         AND d.id_type = 'doi'
         AND d.normalised_value = ANY (m.dois)
  ) AS same_doi ON true
  -- Or one of the researcher's own outputs has nearly its title (trigram similarity >= 0.8,
  -- case and accents ignored) and a year at most one apart: the matcher kept them apart, a
  -- person should look. Without the year, series titles (same title, another year) flood it.
  LEFT JOIN LATERAL (
      SELECT min(w.source_record_id) AS pure_uuid
        FROM staging.work_contributors AS c
        JOIN staging.works AS w
          ON w.source = c.source AND w.source_record_id = c.source_record_id
       WHERE c.source = 'pure'
         AND c.pure_person_id = m.person_uuid
         AND (w.pub_year IS NULL OR m.pub_year IS NULL OR abs(w.pub_year - m.pub_year) <= 1)
         AND public.similarity(
                 lower(public.unaccent('public.unaccent'::regdictionary, w.title)),
                 lower(public.unaccent('public.unaccent'::regdictionary, m.title))
             ) >= 0.8
  ) AS same_title ON true;
COMMENT ON VIEW reporting.works_missing_from_pure IS
    'Public ORCID works of each researcher that are none of their Pure outputs, one row per '
    'work however many sources wrote it, flagged where Pure probably has them already.';
"""

WORKS_HIDDEN = """
CREATE VIEW reporting.works_hidden_by_visibility AS
SELECT i.person_uuid,
       i.name,
       r.orcid_owner AS orcid,
       r.orcid_put_code AS put_code,
       r.title,
       r.pub_year,
       r.work_type,
       r.doi,
       r.orcid_visibility AS visibility,
       r.orcid_source_name AS source_name,
       r.orcid_source_client AS source_client,
       r.cluster_in_pure AS in_pure,
       CASE r.orcid_visibility
           WHEN 'limited' THEN
               'In ORCID, set this work''s visibility to Everyone: now only trusted parties '
               'see it, and Pure imports public works only'
           ELSE
               'In ORCID, set this work''s visibility to Everyone, and set the default '
               'visibility for new works to Everyone: the institution''s Pure wrote it as private'
       END AS action
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'orcid'
   AND r.orcid_visibility IN ('limited', 'private')
   -- A work with a public version elsewhere on the record is not hidden.
   AND r.cluster_orcid_visibility <> 'public';
COMMENT ON VIEW reporting.works_hidden_by_visibility IS
    'ORCID works the pipeline sees only through the researcher''s read-limited token (limited) '
    'or because the institution''s client wrote them (private), with no public version, and '
    'what the researcher must change.';
"""

IDENTITY_PROBLEMS = """
CREATE VIEW reporting.identity_problems AS
SELECT r.person_uuid,
       r.name,
       r.faculties,
       r.departments,
       r.orcid_in_pure,
       p.problem,
       p.detail,
       p.action
  FROM reporting.researchers AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 CROSS JOIN LATERAL (
     VALUES
         (r.id_status = 'missing', 'missing-orcid', NULL,
          'Researcher must create an ORCID iD, or enter theirs in Pure with Lookup ORCID'),
         (r.id_status = 'malformed', 'malformed-orcid',
          'Pure stores ' || r.orcid_in_pure,
          'Correct the iD in Pure: it is not an ORCID iD'),
         (r.id_status = 'invalid-checksum', 'invalid-checksum',
          'Pure stores ' || r.orcid_in_pure || ', whose check character is wrong',
          'Correct the iD in Pure, best with Lookup ORCID: it has a typo'),
         (cardinality(r.shared_with) > 0, 'shared-orcid',
          'Also held in Pure by ' || (
              SELECT string_agg(o.name || ' (' || o.person_uuid || ')', ', ')
                FROM core.researcher_identity AS o
               WHERE o.person_uuid = ANY (r.shared_with)
          ),
          'Find out whose iD it is and correct the other person''s in Pure'),
         (i.orcid_record_status = 'deprecated', 'deprecated-orcid',
          'ORCID merged it into ' || i.primary_orcid,
          'Replace the iD in Pure with its primary iD'),
         (i.orcid_record_status = 'deactivated', 'deactivated-orcid', NULL,
          'The ORCID record was deactivated: ask the researcher for their current iD'),
         (i.orcid_record_status = 'not-found', 'orcid-not-found', NULL,
          'ORCID does not know this iD: correct it in Pure'),
         -- Connecting is only asked of a researcher whose iD can be used as it is.
         (r.orcid IS NOT NULL
              AND i.orcid_record_status IS DISTINCT FROM 'deactivated'
              AND i.orcid_record_status IS DISTINCT FROM 'not-found'
              AND r.token_status <> 'connected',
          CASE r.token_status
              WHEN 'none' THEN 'not-connected'
              WHEN 'revoked' THEN 'token-revoked'
              WHEN 'expired' THEN 'token-expired'
              ELSE 'token-cannot-update'
          END,
          CASE r.token_status
              WHEN 'none' THEN 'The institution holds no ORCID token for this researcher'
              WHEN 'revoked' THEN 'The researcher or ORCID revoked the institution''s token'
              WHEN 'expired' THEN 'The institution''s token has expired'
              ELSE 'The token lacks the /activities/update scope'
          END,
          'Researcher must connect Pure to ORCID (grant access) so validated outputs are pushed')
 ) AS p(applies, problem, detail, action)
 WHERE p.applies;
COMMENT ON VIEW reporting.identity_problems IS
    'One row per problem that stops the pipeline from reading or writing a researcher''s ORCID '
    'record, with what to do about it.';
"""
