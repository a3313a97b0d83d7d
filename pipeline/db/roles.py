"""The two database roles the migrations create.

`pure_orcid_owner` owns every schema and table; the login the pipeline connects with is made a
member, so ownership never depends on which administrator ran an upgrade. `analyst` may read the
`reporting` schema and nothing else.
"""

OWNER_ROLE = "pure_orcid_owner"
ANALYST_ROLE = "analyst"

ACT_AS_OWNER = f"SET LOCAL ROLE {OWNER_ROLE}"
"""The first statement of every migration after the first: what it creates belongs to the owner."""
