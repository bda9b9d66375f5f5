"""Client for the warehouse inventory API used by checkout and the admin tools."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT_S = 10.0
USER_AGENT = "shopfront-inventory-client/1.4"

Opener = Callable[..., Any]


class InventoryError(RuntimeError):
    def __init__(self, status: int, message: str):
        super().__init__(f"inventory API returned {status}: {message}")
        self.status = status


@dataclass(frozen=True)
class Reservation:
    reservation_id: str
    sku: str
    quantity: int


class InventoryClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        opener: Opener | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._open = opener or urllib.request.urlopen

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] = {},
    ) -> dict[str, Any]:
        """Call the API and return the decoded JSON body (an empty dict for an empty response).

        `headers` are sent in addition to the client's own, e.g. an `X-Request-Id` to trace a call.
        """
        headers["Accept"] = "application/json"
        headers["User-Agent"] = USER_AGENT
        headers["Authorization"] = f"Bearer {self._api_key}"
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)
        try:
            with self._open(request, timeout=self._timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise InventoryError(exc.code, str(exc.reason)) from exc
        return json.loads(raw) if raw else {}

    def stock_level(self, sku: str) -> int:
        """Units of `sku` available to sell right now."""
        payload = self.request("GET", f"/v1/stock/{urllib.parse.quote(sku, safe='')}")
        return int(payload["available"])

    def reserve(self, sku: str, quantity: int, idempotency_key: str | None = None) -> Reservation:
        """Hold `quantity` units of `sku` for a checkout.

        Pass the order id as `idempotency_key` when the call may be repeated for the same order:
        the API then returns the original reservation instead of holding more stock.
        """
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        payload = self.request(
            "POST",
            "/v1/reservations",
            body={"sku": sku, "quantity": quantity},
            idempotency_key=idempotency_key,
        )
        return Reservation(payload["id"], payload["sku"], int(payload["quantity"]))

    def release(self, reservation_id: str) -> None:
        """Give a reservation's units back to stock."""
        self.request("DELETE", f"/v1/reservations/{urllib.parse.quote(reservation_id, safe='')}")
