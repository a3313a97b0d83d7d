"""The validate stage: Great Expectations suites on the staged and matched batch, the gate
between matching and publishing (see `stage`)."""

from pipeline.quality.results import ValidateSummary, ValidationFailed
from pipeline.quality.stage import ValidationNotRun, prepare, run

__all__ = ["ValidateSummary", "ValidationFailed", "ValidationNotRun", "prepare", "run"]
