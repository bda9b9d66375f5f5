"""Client for the payment provider's REST API (charges and refunds)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

# transport(method, url, body, headers, timeout_s) -> (status, response body). It raises TimeoutError
# or ConnectionError when no response arrives; the production transport wraps http.client.
Transport = Callable[[str, str, "bytes | None", dict[str, str], float], tuple[int, bytes]]

# Responses worth another attempt: rate limited, or the provider (or its load balancer) failing.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PaymentError(RuntimeError):
    def __init__(self, status: int | None, message: str):
        super().__init__(message if status is None else f"{status}: {message}")
        self.status = status


@dataclass(frozen=True)
class Charge:
    id: str
    amount: int  # in minor units (cents)
    currency: str
    status: str


def _error_message(raw: bytes) -> str:
    try:
        return str(json.loads(raw)["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return raw[:200].decode("utf-8", errors="replace") or "request failed"


def _charge(payload: dict) -> Charge:
    return Charge(payload["id"], int(payload["amount"]), payload["currency"], payload["status"])


class PaymentsClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        transport: Transport,
        *,
        timeout_s: float = 10.0,
        max_attempts: int = 3,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._base_url = base_url.rstrip("/")
        self._transport = transport
        self._timeout_s = timeout_s
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._sleep = sleep
        self._default_headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}

    def _send(self, method: str, path: str, body: dict | None = None) -> dict:
        """Send one API call. Timeouts, dropped connections and RETRY_STATUSES are retried up to
        `max_attempts` times in all, backing off `backoff_s`, 2 x `backoff_s`, ... between attempts."""
        url = self._base_url + path
        data = json.dumps(body).encode() if body is not None else None
        last_error = PaymentError(None, f"{method} {path}: not attempted")
        for attempt in range(self._max_attempts):
            if attempt:
                self._sleep(self._backoff_s * 2 ** (attempt - 1))
            headers = dict(self._default_headers)
            if data is not None:
                headers["Content-Type"] = "application/json"
            if method == "POST":
                headers["Idempotency-Key"] = uuid.uuid4().hex
            try:
                status, raw = self._transport(method, url, data, headers, self._timeout_s)
            except (TimeoutError, ConnectionError) as exc:
                last_error = PaymentError(None, f"{method} {path}: {exc!r}")
                continue
            if status in RETRY_STATUSES:
                last_error = PaymentError(status, _error_message(raw))
                continue
            if status >= 400:
                raise PaymentError(status, _error_message(raw))
            return json.loads(raw) if raw else {}
        raise last_error

    def create_charge(self, amount: int, currency: str, source: str, description: str = "") -> Charge:
        """Charge `amount` minor units of `currency` to the payment `source` (a card token)."""
        if amount <= 0:
            raise ValueError("amount must be positive")
        body = {"amount": amount, "currency": currency, "source": source, "description": description}
        return _charge(self._send("POST", "/v1/charges", body))

    def get_charge(self, charge_id: str) -> Charge:
        return _charge(self._send("GET", f"/v1/charges/{quote(charge_id, safe='')}"))

    def refund(self, charge_id: str, amount: int | None = None) -> dict:
        """Refund a charge, in full or `amount` minor units of it."""
        body: dict = {"charge": charge_id}
        if amount is not None:
            body["amount"] = amount
        return self._send("POST", "/v1/refunds", body)
