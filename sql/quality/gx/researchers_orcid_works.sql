-- Researchers (Pure persons) whose ORCID iD is valid, how many of them have no ORCID work
-- staged, and that share: their works are those of the iD, or of its primary when ORCID
-- deprecated it, as the match stage and the reporting views take them. Empty records coming back
-- for many people at once is what a broken ORCID read looks like, so the share is a batch check.
-- One row, even for an institution without any iD yet (a share of nobody is 0).
SELECT count(*) AS researchers,
       count(*) FILTER (WHERE NOT has_works) AS without_orcid_works,
       coalesce(avg(CASE WHEN has_works THEN 0.0 ELSE 1.0 END), 0)::double precision
           AS share_without_orcid_works
  FROM (SELECT EXISTS (SELECT 1
                         FROM staging.works AS w
                        WHERE w.source = 'orcid'
                          AND w.owner_id = i.works_orcid) AS has_works
          FROM core.researcher_identity AS i
         WHERE i.orcid IS NOT NULL) AS researcher
