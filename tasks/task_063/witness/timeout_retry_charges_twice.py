# The first charge attempt reaches the provider, which charges the card, but the response is lost
# (ResponseTimeout). RetryPolicy retries it; the retry must carry the same Idempotency-Key so that the
# provider answers it from its record instead of charging again. Checkout passes no key, the client
# does not make one up per call, and ApiSession.post invents a new key for every attempt.
from payments.client import PaymentsClient
from payments.http import ApiSession
from payments.retry import RetryPolicy
from shop.checkout import pay
from shop.orders import Order
from tests.fakes import FakeProvider

provider = FakeProvider("timeout")
client = PaymentsClient(ApiSession(provider, "sk_test"), RetryPolicy(sleep=lambda seconds: None))
order = Order("o-77", "cus_1", 4200, "EUR")
charge = pay(order, client)
assert order.status == "paid", order.status
keys = [headers["Idempotency-Key"] for _, _, headers in provider.requests]
assert len(keys) == 2, keys
assert keys[0] == keys[1], f"the retry of one charge used a different Idempotency-Key: {keys}"
assert len(provider.charges) == 1, f"the customer was charged {len(provider.charges)} times: {provider.charges}"

# Refunds go through the same path.
provider.script.append("timeout")
before = len(provider.by_key)
client.refund(charge.charge_id, 1000)
assert len(provider.by_key) - before == 1, "one refund request was acted on twice"
print("ok")
