SELECT faculty, researchers, valid_orcid, connected, works_public, pure_on_orcid, orcid_in_pure,
       valid_orcid_share, connected_share, works_public_share, pure_on_orcid_share,
       orcid_in_pure_share
  FROM reporting.funnel_per_faculty
 ORDER BY faculty NULLS LAST
