"""Writing extracted records into the `staging` schema, and what a run remembers between nights."""

from pipeline.staging.deletions import remove_records, remove_unlisted_works, remove_unseen
from pipeline.staging.watermarks import get_watermark, set_watermark
from pipeline.staging.writer import StagingCounts, StagingWriter

__all__ = [
    "StagingCounts",
    "StagingWriter",
    "get_watermark",
    "remove_records",
    "remove_unlisted_works",
    "remove_unseen",
    "set_watermark",
]
