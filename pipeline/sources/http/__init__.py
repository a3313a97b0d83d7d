"""What every HTTP client of the pipeline shares: pacing under a rate limit, and retries."""

from pipeline.sources.http.pacing import Pacer
from pipeline.sources.http.retry import RetryPolicy, send_with_retries

__all__ = ["Pacer", "RetryPolicy", "send_with_retries"]
