"""The validate stage: Great Expectations suites on the staged and matched batch, the gate
between matching and publishing (see `stage`)."""

from pipeline.quality.results import ValidationFailed, ValidationSummary
from pipeline.quality.stage import ValidationNotRun, validate

__all__ = [
    "ValidationFailed",
    "ValidationNotRun",
    "ValidationSummary",
    "validate",
]
