"""`and` must bind tighter than `or` (the module's documented precedence), as in SQL and Python."""
from webhooks.api import create_webhook
from webhooks.dispatch import deliveries_for
from webhooks.filters import compile_filter
from webhooks.subscriptions import SubscriptionStore

refund = {"type": "order.refunded", "data": {"total": 40, "country": "DE"}}
small_paid = {"type": "order.paid", "data": {"total": 40, "country": "DE"}}
big_paid = {"type": "order.paid", "data": {"total": 4000, "country": "DE"}}

# Every refund, plus paid orders over 1000.
source = 'type == "order.refunded" or type == "order.paid" and data.total > 1000'
predicate = compile_filter(source)
assert predicate(big_paid) is True
assert predicate(small_paid) is False
assert predicate(refund) is True, (
    "a or b and c was evaluated as (a or b) and c: the refund matches `a` but was filtered out"
)

# The same through a subscription: the refund must be delivered.
store = SubscriptionStore()
status, _ = create_webhook(
    store, 3, {"url": "https://hooks.example.com/r", "event_types": ["order.paid", "order.refunded"], "filter": source}
)
assert status == 201
assert len(deliveries_for(store, 3, refund)) == 1, "refund webhook not delivered"

# and before or on the other side too: a and b or c == (a and b) or c
assert compile_filter('data.total > 1000 and data.country == "FR" or type == "order.refunded"')(refund) is True
assert compile_filter('type == "order.paid" and data.total > 1000 or data.country == "DE"')(small_paid) is True
print("ok")
