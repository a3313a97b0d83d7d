"""What every HTTP client of the pipeline shares: pacing under a rate limit, and retries."""

from pipeline.sources.http.pacing import Pacer
from pipeline.sources.http.retry import FailedRequest, Reply, RetryPolicy, send_with_retries

__all__ = ["FailedRequest", "Pacer", "Reply", "RetryPolicy", "send_with_retries"]
