"""Two packing-station requests for the same order's first label must buy one shipment.

cachetools.cachedmethod(lock=...) holds the lock only around the cache lookup and the
cache store (cachetools/__init__.py); the method itself runs unlocked. So the store's
"no shipment yet" check and the purchase in LabelService._document are not atomic.
The fake carrier holds the first purchase open until a second request has reached the
carrier (or 2 s pass, which is what happens when purchases are serialised).
"""

import base64
import threading

from shipping.carrier import CarrierClient
from shipping.labels import LabelService
from shipping.store import Store

ADDRESS = {"name": "A. Packer", "street": "1 Dock Road", "postcode": "AB1 2CD", "country": "GB"}

purchases = []
first_purchase_started = threading.Event()
second_purchase_started = threading.Event()
guard = threading.Lock()


def carrier_api(method, path, payload, *, api_key):
    if method == "POST":
        with guard:
            purchases.append(payload["reference"])
            n = len(purchases)
        if n == 1:
            first_purchase_started.set()
            second_purchase_started.wait(2.0)
        else:
            second_purchase_started.set()
        tracking = f"TRK{n:04d}"
        pdf = base64.b64encode(b"%PDF " + tracking.encode()).decode()
        return {"tracking_number": tracking, "cost_cents": 495, "label_pdf": pdf}
    tracking = path.split("/")[2]
    return {"document": base64.b64encode(tracking.encode()).decode()}


store = Store(":memory:")
store.add_order(7, "paid", ADDRESS, 1200)
labels = LabelService(store, CarrierClient("key", transport=carrier_api))

results = {}
errors = []


def print_label(name, fmt):
    try:
        results[name] = labels.label(7, fmt)
    except Exception as exc:  # an error for a packer is also a failure of the contract
        errors.append(repr(exc))


first = threading.Thread(target=print_label, args=("station-a", "zpl"))
first.start()
assert first_purchase_started.wait(5.0), "the first request never reached the carrier"
second = threading.Thread(target=print_label, args=("station-b", "zpl"))
second.start()
first.join(10)
second.join(10)

assert not errors, f"a label request failed: {errors}"
assert len(purchases) == 1, (
    f"order 7 was bought {len(purchases)} times from the carrier by two concurrent first "
    f"prints: {purchases}"
)
assert results["station-a"] == results["station-b"], (
    f"the two stations printed different shipments: {results}"
)
print("ok: one shipment bought, both stations print it")
