"""Retrying requests to the payment provider through short outages.

Only what is safe to repeat is retried: GETs, and POSTs, which always carry an Idempotency-Key
(payments.http), so that a repeated POST is answered from the provider's record of the first one."""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from payments.http import Response, TransportError

# Rate limited, or the provider (or its load balancer) failing: worth another try shortly.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class RetriesExhausted(Exception):
    """Every attempt failed. `last_response` is the last attempt's response when it got one; when it
    failed below HTTP, the TransportError is the exception's __cause__."""

    def __init__(self, attempts: int, last_response: Response | None = None):
        status = f", last status {last_response.status}" if last_response is not None else ""
        super().__init__(f"gave up after {attempts} attempts{status}")
        self.attempts = attempts
        self.last_response = last_response


@dataclass
class RetryPolicy:
    """At most `attempts` tries. The wait after a failed try is the provider's Retry-After when it
    sends one, else "full jitter": a random time up to base_delay doubled after every try; never more
    than max_delay. With the session's 10 s timeout the defaults give up within about 35 s."""

    attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def delay(self, attempt: int, response: Response | None = None) -> float:
        """Seconds to wait after failed try number `attempt` (counting from 1)."""
        retry_after = _retry_after(response)
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    def call(self, request: Callable[[], Response]) -> Response:
        """Call `request()` until it gets a response worth keeping, at most `attempts` times.

        Transport errors and RETRYABLE_STATUSES are tried again after `delay()`; any other response is
        returned as it is, success or not. Raises RetriesExhausted when the last attempt failed too."""
        for attempt in range(1, self.attempts + 1):
            try:
                response = request()
            except TransportError as exc:
                if attempt == self.attempts:
                    raise RetriesExhausted(attempt) from exc
                response = None
            else:
                if response.status not in RETRYABLE_STATUSES or attempt == self.attempts:
                    return response
            self.sleep(self.delay(attempt, response))
        raise AssertionError("unreachable")


def _retry_after(response: Response | None) -> float | None:
    """The Retry-After header in seconds; None without a response, without the header, or when it is
    not a number of seconds (the HTTP-date form is not used by the provider)."""
    if response is None:
        return None
    try:
        seconds = float(response.headers.get("retry-after", ""))
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
