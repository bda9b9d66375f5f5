# RetryPolicy.call is documented to raise RetriesExhausted when the last attempt failed too. When the
# provider answers 503 to every attempt, it must raise, so the client reports PaymentsUnavailable and
# checkout holds the order (payment_unknown) instead of telling the customer to pay again.
from payments.client import PaymentsClient
from payments.http import ApiSession, Response
from payments.retry import RetriesExhausted, RetryPolicy
from shop.checkout import PaymentFailed, PaymentPending, pay
from shop.orders import Order
from tests.fakes import FakeProvider

policy = RetryPolicy(attempts=3, sleep=lambda seconds: None)
calls = []
try:
    result = policy.call(lambda: calls.append(1) or Response(503, {"message": "unavailable"}))
except RetriesExhausted as exc:
    assert exc.last_response is not None and exc.last_response.status == 503, exc.last_response
else:
    raise AssertionError(f"call() returned {result!r} after {len(calls)} failed attempts instead of raising RetriesExhausted")
assert len(calls) == 3, calls

client = PaymentsClient(ApiSession(FakeProvider(502, 503, 504), "sk_test"), RetryPolicy(sleep=lambda seconds: None))
order = Order("o-78", "cus_1", 4200, "EUR")
try:
    pay(order, client)
except PaymentPending:
    pass
except PaymentFailed as exc:
    raise AssertionError(f"an outage was reported as a refusal ({exc}); the order is {order.status} and may be paid twice")
assert order.status == "payment_unknown", order.status
print("ok")
