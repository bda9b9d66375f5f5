"""Client for the carrier's shipping API: tracking, rate quotes and shipping labels."""

import json
import logging
import random
import time
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import quote

from carrier.retry import RetryPolicy, retry_after
from carrier.transport import ConnectError, Request, Response, Transport, TransportError

log = logging.getLogger(__name__)


class CarrierError(Exception):
    """The carrier answered with an error, sent something unreadable, or could not be reached."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class CarrierClient:
    def __init__(
        self,
        transport: Transport,
        api_key: str,
        timeout: float = 10.0,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self._transport = transport
        self._api_key = api_key
        self._timeout = timeout
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._rng = rng or random.Random()

    def track(self, tracking_number: str) -> dict:
        return self._send("GET", f"/v2/tracking/{quote(tracking_number, safe='')}", idempotent=True)

    def quote_rates(self, shipment: dict) -> list[dict]:
        # A POST only because a shipment does not fit in a query string: quoting creates nothing.
        rates = self._send("POST", "/v2/rates", shipment, idempotent=True).get("rates")
        if not isinstance(rates, list):
            raise CarrierError("carrier sent a rate quote without rates")
        return rates

    def create_label(self, shipment: dict) -> dict:
        # Not idempotent: the carrier bills every label it creates.
        return self._send("POST", "/v2/labels", shipment, idempotent=False)

    def _send(self, method: str, path: str, payload: dict | None = None, *, idempotent: bool) -> dict:
        """Send the request, and again while it fails in a way worth retrying (see RetryPolicy).

        A request that is not idempotent is sent again only when the carrier cannot have acted
        on it: the connection was never opened, or the rate limiter answered 429.
        """
        request = self._build_request(method, path, payload)
        policy = self._policy
        give_up_at = self._clock() + policy.give_up_after
        attempt = 0
        while True:
            attempt += 1
            cause: TransportError | None = None
            asked_wait = 0.0
            try:
                response = self._transport.send(request, self._timeout)
            except TransportError as exc:
                cause = exc
                retryable = idempotent or isinstance(exc, ConnectError)
                error = CarrierError(f"{method} {path}: carrier unreachable: {exc}")
            else:
                if not policy.should_retry_status(response.status, idempotent):
                    return self._decode(method, path, response)
                retryable = True
                error = CarrierError(f"{method} {path}: carrier returned {response.status}", response.status)
                asked_wait = retry_after(response.headers, self._now()) or 0.0
            if not retryable or attempt >= policy.max_attempts:
                raise error from cause
            delay = max(policy.backoff(attempt, self._rng), asked_wait)
            if self._clock() + delay > give_up_at:
                raise error from cause
            log.warning("%s; retrying in %.1fs (attempt %d of %d)", error, delay, attempt + 1, policy.max_attempts)
            self._sleep(delay)

    def _build_request(self, method: str, path: str, payload: dict | None) -> Request:
        headers = {"authorization": f"Bearer {self._api_key}", "accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode("utf-8")
            headers["content-type"] = "application/json"
        return Request(method, path, headers, body)

    @staticmethod
    def _decode(method: str, path: str, response: Response) -> dict:
        if response.status >= 400:
            detail = response.body[:200].decode("utf-8", "replace")
            raise CarrierError(f"{method} {path}: carrier returned {response.status}: {detail}", response.status)
        try:
            data = json.loads(response.body)
        except ValueError as exc:
            raise CarrierError(f"{method} {path}: carrier sent invalid JSON") from exc
        if not isinstance(data, dict):
            raise CarrierError(f"{method} {path}: carrier sent JSON that is not an object")
        return data
