"""Shared synthetic institutions for the simulator tests.

Session-scoped because generation is deterministic and the records are treated as read-only;
a test that must change records should generate its own institution.
"""

from pathlib import Path

import pytest

from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from sim.truth import write_truth

SMALL_SEED = 20240601


@pytest.fixture(scope="session")
def small_institution() -> Institution:
    """60 researchers, a fixed seed: every planted case, small enough for any test."""
    return generate_institution(InstitutionConfig(researchers=60, seed=SMALL_SEED))


@pytest.fixture(scope="session")
def small_truth_dir(
    small_institution: Institution, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The ground-truth CSV files of `small_institution`."""
    directory = tmp_path_factory.mktemp("truth")
    write_truth(small_institution, directory)
    return directory
