-- Deprecated iDs and the primary iD whose works stand for them.
SELECT orcid, primary_orcid FROM ops.orcid_record_status WHERE status = 'deprecated'
