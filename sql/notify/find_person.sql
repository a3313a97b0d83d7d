-- A Pure person named by their UUID, one of their e-mail addresses or the ORCID iD Pure holds.
SELECT source_record_id AS person_uuid,
       concat_ws(' ', given_names, family_name) AS name
  FROM staging.persons
 WHERE source = 'pure'
   AND (source_record_id = :who
        OR lower(:who) = ANY (SELECT lower(e) FROM unnest(emails) AS e)
        OR reporting.normalise_orcid(orcid) = reporting.normalise_orcid(:who))
