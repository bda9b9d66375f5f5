"""Client for the payment provider: charges and refunds. Amounts are whole minor units."""
from __future__ import annotations

from dataclasses import dataclass

from payments.http import ApiSession, Response
from payments.retry import RetriesExhausted, RetryPolicy


class PaymentsError(Exception):
    """The provider refused the request or answered something unexpected."""


class PaymentsUnavailable(PaymentsError):
    """The provider could not be reached or kept failing. For a charge or a refund this means the
    outcome is unknown: the provider may have acted on one of the attempts."""


class CardDeclined(PaymentsError):
    def __init__(self, code: str):
        super().__init__(f"card declined: {code}")
        self.code = code


@dataclass(frozen=True)
class Charge:
    charge_id: str
    amount: int
    currency: str
    status: str

    @classmethod
    def from_json(cls, body: dict) -> "Charge":
        return cls(body["id"], body["amount"], body["currency"], body["status"])


@dataclass(frozen=True)
class RefundReceipt:
    refund_id: str
    charge_id: str
    amount: int


class PaymentsClient:
    def __init__(self, session: ApiSession, retry: RetryPolicy | None = None):
        self._session = session
        self._retry = retry or RetryPolicy()

    def create_charge(self, customer_id: str, amount: int, currency: str, description: str, *,
                      metadata: dict | None = None, idempotency_key: str | None = None) -> Charge:
        """Charge `amount` minor units of `currency` to the customer's default card.

        Short outages are retried (see RetryPolicy). All attempts of one call send the same
        Idempotency-Key, `idempotency_key` or one made up for the call, so a retry never charges twice.
        Raises CardDeclined, PaymentsUnavailable when every attempt failed (the charge may or may not
        exist), or PaymentsError when the provider refused the charge."""
        body = {"customer": customer_id, "amount": amount, "currency": currency.lower(),
                "description": description, "metadata": metadata or {}}
        response = self._post("/v1/charges", body, idempotency_key)
        return Charge.from_json(self._expect(response, 200, 201))

    def get_charge(self, charge_id: str) -> Charge:
        response = self._send(lambda: self._session.get(f"/v1/charges/{charge_id}"))
        return Charge.from_json(self._expect(response, 200))

    def refund(self, charge_id: str, amount: int | None = None, *, idempotency_key: str | None = None) -> RefundReceipt:
        """Refund `amount` minor units of a charge, or all of it; retried like create_charge."""
        body = {"charge": charge_id} | ({"amount": amount} if amount is not None else {})
        response = self._post("/v1/refunds", body, idempotency_key)
        data = self._expect(response, 200, 201)
        return RefundReceipt(data["id"], data["charge"], data["amount"])

    def _post(self, path: str, body: dict, idempotency_key: str | None) -> Response:
        """POST through the retry policy; every attempt carries the same Idempotency-Key."""
        return self._send(lambda: self._session.post(path, body, idempotency_key))

    def _send(self, request) -> Response:
        try:
            return self._retry.call(request)
        except RetriesExhausted as exc:
            raise PaymentsUnavailable(str(exc)) from exc

    @staticmethod
    def _expect(response: Response, *ok: int) -> dict:
        if response.status == 402:
            raise CardDeclined(response.body.get("decline_code", "generic_decline"))
        if response.status not in ok:
            raise PaymentsError(f"provider answered {response.status}: {response.body.get('message', '')}")
        return response.body
