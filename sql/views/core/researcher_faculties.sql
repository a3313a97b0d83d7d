-- revision 0004 sha256:1f691e28b2bc2e3e; to change this view, see sql/views/README.md
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
