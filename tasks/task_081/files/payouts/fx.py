"""Exchange rates, for crediting sales in a seller's payout currency.

Rates come from the treasury service and are good for RATE_TTL seconds. Concurrent lookups of the same
pair share one request, so a burst of sales in a new currency costs one call.
"""

import asyncio
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Awaitable, Callable

RATE_TTL = 300.0

Fetch = Callable[[str, str], Awaitable[Decimal]]


class FxUnavailable(Exception):
    """The treasury service could not give us a rate."""


class RateCache:
    def __init__(self, fetch: Fetch, ttl: float = RATE_TTL, clock: Callable[[], float] = time.monotonic):
        self._fetch = fetch
        self._ttl = ttl
        self._clock = clock
        self._rates: dict[tuple[str, str], tuple[Decimal, float]] = {}  # pair -> (rate, fetched at)
        self._loading: dict[tuple[str, str], asyncio.Task] = {}

    async def rate(self, base: str, quote: str) -> Decimal:
        """How many `quote` one `base` buys."""
        if base == quote:
            return Decimal(1)
        pair = (base, quote)
        cached = self._rates.get(pair)
        if cached is not None and self._clock() - cached[1] < self._ttl:
            return cached[0]
        task = self._loading.get(pair)
        if task is None:
            task = asyncio.create_task(self._load(pair))
            self._loading[pair] = task
        # shield: one caller being cancelled must not cancel the request the others wait for
        return await asyncio.shield(task)

    async def _load(self, pair: tuple[str, str]) -> Decimal:
        try:
            rate = await self._fetch(*pair)
        finally:
            del self._loading[pair]
        self._rates[pair] = (rate, self._clock())
        return rate

    async def convert(self, amount_cents: int, currency: str, to: str) -> int:
        """`amount_cents` of `currency` in cents of `to`, rounded half up as on the treasury statement."""
        rate = await self.rate(currency, to)
        return int((amount_cents * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
