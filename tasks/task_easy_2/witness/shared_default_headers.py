# Two unrelated calls must not share headers: a reservation made without an idempotency key must not
# carry the key of an earlier order, and a GET must not inherit a POST's Content-Type.
import json

from app.inventory_client import InventoryClient

sent = []


class FakeResponse:
    def __init__(self, payload):
        self._raw = json.dumps(payload).encode()

    def read(self):
        return self._raw

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def opener(request, timeout):
    sent.append(request)
    if request.get_method() == "POST":
        body = json.loads(request.data)
        return FakeResponse({"id": f"res-{len(sent)}", "sku": body["sku"], "quantity": body["quantity"]})
    return FakeResponse({"available": 7})


client = InventoryClient("https://inventory.internal.example", "inv-key", opener=opener)
client.reserve("SKU-1", 2, idempotency_key="order-1017")
client.reserve("SKU-2", 1)
assert client.stock_level("SKU-3") == 7

second, lookup = sent[1], sent[2]
assert sent[0].get_header("Idempotency-key") == "order-1017"
assert not second.has_header("Idempotency-key"), (
    f"a reservation for another order was sent with Idempotency-Key {second.get_header('Idempotency-key')!r}: "
    "the API would return order-1017's reservation instead of holding stock"
)
assert not lookup.has_header("Content-type"), "a GET without a body inherited Content-Type from an earlier POST"
assert lookup.get_header("Authorization") == "Bearer inv-key"

caller_headers = {"X-Request-Id": "req-1"}
client.stock_level("SKU-3")
client.request("GET", "/v1/stock/SKU-4", headers=caller_headers)
assert caller_headers == {"X-Request-Id": "req-1"}, f"the caller's headers dict was modified: {caller_headers}"
