-- Whether Pure holds the researcher a BibTeX file is imported for: by Pure UUID or ORCID iD.
SELECT EXISTS (
    SELECT 1
      FROM staging.persons
     WHERE source = 'pure'
       AND (source_record_id = :who
            OR reporting.normalise_orcid(orcid) = reporting.normalise_orcid(:who))
)
