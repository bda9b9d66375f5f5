"""POST /payments: charge a card. {"amount": 12.50, "currency": "EUR", "card": {...}}"""

from __future__ import annotations

from decimal import Decimal

from app.http import Request, Response, json_response

CURRENCIES = {"EUR", "GBP", "USD"}
CHARGES: list[dict] = []  # stands in for the card processor


def create_payment(request: Request) -> Response:
    if request.user_id is None:
        return json_response(401, {"error": "sign in first"})
    data = request.json()
    if not isinstance(data, dict):
        return json_response(400, {"error": "expected an object"})
    amount, currency, card = data.get("amount"), data.get("currency"), data.get("card")
    if not isinstance(amount, (int, Decimal)) or isinstance(amount, bool) or amount <= 0:
        return json_response(400, {"error": "amount must be a positive number"})
    if currency not in CURRENCIES:
        return json_response(400, {"error": "unsupported currency"})
    if not isinstance(card, dict) or not str(card.get("number", "")).isdigit():
        return json_response(400, {"error": "card details missing"})
    CHARGES.append({"user_id": request.user_id, "amount": Decimal(amount), "currency": currency})
    return json_response(201, {"id": len(CHARGES), "amount": amount, "currency": currency})
