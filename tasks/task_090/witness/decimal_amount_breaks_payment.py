# Request.json() parses "amount": 12.50 as Decimal, and body_summary hands that parsed body to
# json.dumps(record), which cannot serialise Decimal: the logger raises TypeError after the handler
# has charged the card, so the client gets an error for a payment that went through.
import json
import logging

from app.app import build_app
from app.handlers import payments
from app.http import Request


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


capture = Capture()
logger = logging.getLogger("api.requests")
logger.addHandler(capture)
logger.setLevel(logging.INFO)

app = build_app(log_bodies=True)
body = {"amount": 12.50, "currency": "EUR", "card": {"number": "4242424242424242", "cvc": "123"}}
request = Request("POST", "/payments", headers={"content-type": "application/json"},
                  body=json.dumps(body).encode(), user_id=7)
try:
    response = app(request)
except TypeError as exc:
    raise AssertionError(
        f"the request log raised {exc!r} after the card was charged ({len(payments.CHARGES)} charge); "
        "the client gets an error instead of the 201"
    ) from None
assert response.status == 201, response
assert len(payments.CHARGES) == 1
assert capture.lines and json.loads(capture.lines[-1])["status"] == 201, capture.lines
assert "4242424242424242" not in capture.lines[-1], capture.lines[-1]
