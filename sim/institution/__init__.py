"""The seeded synthetic institution both simulators serve, with its ground truth.

`generate_institution(InstitutionConfig(researchers=300, seed=7))` returns a
`sim.model.Institution` whose records all carry the id of the true work they derive from and a
`planted` list naming the cases they take part in; `sim.truth` writes that truth out for the
benchmarks.
"""

from sim.institution.config import InstitutionConfig, Planting
from sim.institution.generator import generate_institution
from sim.institution.hard_negatives import HardNegative
from sim.institution.hard_negatives import pairs as hard_negative_pairs
from sim.institution.identifiers import is_valid_orcid, orcid_check_digit

__all__ = [
    "HardNegative",
    "InstitutionConfig",
    "Planting",
    "generate_institution",
    "hard_negative_pairs",
    "is_valid_orcid",
    "orcid_check_digit",
]
