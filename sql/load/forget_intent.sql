-- A POST that ORCID refused for this work created nothing: its intent goes.
DELETE FROM ops.orcid_pushes
 WHERE orcid = :orcid AND pure_uuid = :pure_uuid AND state = 'intent'
