-- revision 0011 sha256:038ba214133497c2; to change this view, see sql/views/README.md
CREATE VIEW reporting.doi_enrichment AS
WITH proposed AS (
    -- A Pure output without a DOI, and a public ORCID record the matcher put in the same work
    -- of the same researcher that has one.
    SELECT p.record_id AS pure_uuid,
           p.person_uuid,
           p.title,
           p.pub_year,
           o.record_id AS orcid_record,
           o.doi
      FROM core.researcher_records AS p
      JOIN core.researcher_records AS o
        ON o.person_uuid = p.person_uuid
       AND o.cluster = p.cluster
       AND o.source = 'orcid'
       AND o.orcid_visibility = 'public'
       AND o.doi IS NOT NULL
     WHERE p.source = 'pure'
       AND p.doi IS NULL
),
per_output AS (
    SELECT pure_uuid,
           min(person_uuid) AS person_uuid,
           min(title) AS title,
           min(pub_year) AS pub_year,
           min(doi) AS doi,
           count(DISTINCT doi) AS dois,
           array_agg(DISTINCT orcid_record ORDER BY orcid_record) AS orcid_records
      FROM proposed
     GROUP BY pure_uuid
),
checked AS (
    SELECT o.*,
           (SELECT min(d.source_record_id)
              FROM staging.work_identifiers AS d
             WHERE d.source = 'pure'
               AND d.id_type = 'doi'
               AND d.normalised_value = o.doi) AS other_output
      FROM per_output AS o
)
SELECT c.pure_uuid,
       c.person_uuid,
       i.name,
       c.title,
       c.pub_year,
       c.doi,
       c.orcid_records,
       -- Written by `pure-orcid run --apply-pure` only when it is unambiguous: one DOI, which
       -- no other Pure output has (two outputs with one DOI are a duplicate to merge instead).
       c.dois = 1 AND c.other_output IS NULL AS applicable,
       CASE
           WHEN c.dois > 1 THEN 'the ORCID records give different DOIs'
           WHEN c.other_output IS NOT NULL THEN 'Pure output ' || c.other_output || ' has this DOI'
       END AS reason
  FROM checked AS c
  LEFT JOIN core.researcher_identity AS i ON i.person_uuid = c.person_uuid;
COMMENT ON VIEW reporting.doi_enrichment IS
    'Pure outputs without a DOI that a matched public ORCID work of the same researcher has '
    'one for, as matched now: the DOI to add, and whether the load stage may add it '
    '(applicable) or why a person should look first (reason).';
