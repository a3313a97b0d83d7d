SELECT faculty, researchers, researchers_with_valid_orcid, researchers_connected,
       pure_validated_public, pure_on_orcid, pure_on_orcid_share,
       orcid_works_public, orcid_in_pure, orcid_in_pure_share
  FROM reporting.coverage_per_faculty
 ORDER BY faculty NULLS LAST
