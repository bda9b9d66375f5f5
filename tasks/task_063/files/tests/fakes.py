"""A fake payment provider behind the Transport interface, with scripted failures."""
from __future__ import annotations

import json
from collections import deque

from payments.http import ConnectFailed, Response, ResponseTimeout


class FakeProvider:
    """Creates charges and refunds, deduplicating POSTs by Idempotency-Key like the real provider.

    `script` holds what the next requests do, in order: "connect" (never arrives), "timeout" (acted
    on, but the response is lost), an int status (answered with that status, not acted on), or "ok"."""

    def __init__(self, *script, decline_customers=()):
        self.script = deque(script)
        self.decline_customers = set(decline_customers)
        self.charges: dict[str, dict] = {}
        self.by_key: dict[str, Response] = {}
        self.requests: list[tuple[str, str, dict]] = []

    def send(self, method, path, headers, body, timeout):
        self.requests.append((method, path, headers))
        step = self.script.popleft() if self.script else "ok"
        if step == "connect":
            raise ConnectFailed("connection refused")
        if isinstance(step, int):
            return Response(step, {"message": "scripted"})
        response = self._handle(method, path, headers, json.loads(body) if body else None)
        if step == "timeout":
            raise ResponseTimeout("read timed out")
        return response

    def _handle(self, method, path, headers, data):
        if method == "GET":
            charge = self.charges.get(path.rsplit("/", 1)[-1])
            return Response(200, charge) if charge else Response(404, {"message": "no such charge"})
        key = headers["Idempotency-Key"]
        if key in self.by_key:
            return self.by_key[key]
        if path == "/v1/refunds":
            charge = self.charges[data["charge"]]
            response = Response(201, {"id": f"re_{len(self.by_key) + 1}", "charge": charge["id"],
                                      "amount": data.get("amount", charge["amount"])})
        elif data["customer"] in self.decline_customers:
            response = Response(402, {"decline_code": "insufficient_funds"})
        else:
            charge = {"id": f"ch_{len(self.charges) + 1}", "amount": data["amount"], "currency": data["currency"],
                      "status": "succeeded"}
            self.charges[charge["id"]] = charge
            response = Response(201, charge)
        self.by_key[key] = response
        return response
