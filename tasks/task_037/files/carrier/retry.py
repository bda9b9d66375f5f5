"""When the carrier client sends a request again, and how long it waits first."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# 429: the carrier's rate limiter turned the request away without acting on it.
# 502/503/504: its load balancer got no answer from a backend in time.
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # sends in all, the first one included
    base_delay: float = 0.5  # longest wait before the second send; doubles for each further one
    max_delay: float = 8.0  # cap on our own backoff (a Retry-After from the carrier may ask for more)
    give_up_after: float = 30.0  # no retry starts later than this many seconds after the first send did
    retry_statuses: frozenset[int] = RETRY_STATUSES

    def __post_init__(self) -> None:
        if not 1 <= self.max_attempts <= 10:
            raise ValueError(f"max_attempts must be 1 to 10, not {self.max_attempts}")
        if not 0 <= self.base_delay <= self.max_delay:
            raise ValueError("delays must satisfy 0 <= base_delay <= max_delay")
        if not self.give_up_after >= 0:
            raise ValueError(f"give_up_after must be >= 0, not {self.give_up_after}")

    def should_retry_status(self, status: int, idempotent: bool) -> bool:
        """Whether a response with `status` is worth sending again.

        A request that is not idempotent is only sent again after a 429: the rate limiter rejects
        it before it reaches a backend, while a 5xx can come after the backend did the work.
        """
        if status not in self.retry_statuses:
            return False
        return idempotent or status == 429

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based): base_delay doubled for
        each earlier failure, capped at max_delay, then jittered within its upper half."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def retry_after(headers: Mapping[str, str], now: datetime) -> float | None:
    """The wait in seconds a Retry-After header asks for, or None if there is none we can read.

    The header is either a number of seconds or an HTTP date (RFC 9110, 10.2.3). `now` is the
    current time, timezone-aware, for the date form. A date in the past means no wait.
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" parses as naive; HTTP dates are always GMT
        when = when.replace(tzinfo=timezone.utc)
    return max((when - now).total_seconds(), 0.0)
