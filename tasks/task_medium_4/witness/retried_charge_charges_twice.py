# A charge whose response is lost (the provider processed it, then the read timed out) is retried.
# The provider de-duplicates POSTs by Idempotency-Key, like real payment APIs: the retry must carry the
# same key as the first attempt, or the customer is charged twice.
import json

from app.payments.client import PaymentsClient


class Provider:
    def __init__(self):
        self.charges = {}
        self.by_key = {}
        self.lose_next_response = False

    def __call__(self, method, url, body, headers, timeout_s):
        if method == "POST" and url.endswith("/v1/charges"):
            key = headers.get("Idempotency-Key")
            if key in self.by_key:
                charge = self.charges[self.by_key[key]]
            else:
                charge = {"id": f"ch_{len(self.charges) + 1}", "status": "succeeded", **json.loads(body)}
                self.charges[charge["id"]] = charge
                if key is not None:
                    self.by_key[key] = charge["id"]
            if self.lose_next_response:
                self.lose_next_response = False
                raise TimeoutError("timed out reading the response")
            return 200, json.dumps(charge).encode()
        if method == "GET":
            return 200, json.dumps(self.charges[url.rsplit("/", 1)[1]]).encode()
        return 404, b'{"error": {"message": "no such endpoint"}}'


provider = Provider()
sleeps = []
client = PaymentsClient("https://api.payments.example", "sk_test", provider, sleep=sleeps.append)

first = client.create_charge(2500, "eur", "tok_visa")
assert first.amount == 2500 and len(provider.charges) == 1

provider.lose_next_response = True
try:
    charge = client.create_charge(4999, "eur", "tok_mastercard", "order 1017")
except Exception:
    charge = None
assert len(provider.charges) == 2, (
    f"one create_charge call made {len(provider.charges) - 1} charges: the retry after the lost response "
    "was sent with a new Idempotency-Key, so the provider charged the card again"
)
if charge is not None:
    assert client.get_charge(charge.id).amount == 4999
