-- revision 0006 sha256:3bad8ab5b97b1303; to change this view, see sql/views/README.md
CREATE VIEW reporting.funnel_trend AS
SELECT f.run_id,
       r.started_at AS run_started_at,
       f.faculty,
       f.researchers,
       f.valid_orcid,
       f.connected,
       f.works_public,
       f.pure_on_orcid,
       f.orcid_in_pure,
       f.valid_orcid_share,
       f.connected_share,
       f.works_public_share,
       f.pure_on_orcid_share,
       f.orcid_in_pure_share
  FROM core.published_funnel_per_faculty AS f
  JOIN ops.runs AS r ON r.run_id = f.run_id;
COMMENT ON VIEW reporting.funnel_trend IS
    'The ORCID process per faculty for every published run: how far researchers have come, '
    'over time.';
