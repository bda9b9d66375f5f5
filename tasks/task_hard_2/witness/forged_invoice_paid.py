# Only deliveries signed with the billing secret may change an invoice. A forged "invoice.paid"
# (no signature, a made-up one, or one signed with another key) must get a 400 and change nothing.
import hashlib
import hmac
import json

from app.billing.invoices import Invoice, InvoiceStore
from app.http import Request
from app.webhooks.billing import handle_billing_webhook

SECRET = b"whsec_billing_0123456789abcdef"
NOW = 1_750_000_000


def delivery(event, secret=SECRET, timestamp=NOW, header=None):
    body = json.dumps(event).encode()
    if header is None:
        digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        header = f"t={timestamp},v1={digest}"
    headers = {"webhook-signature": header} if header else {}
    return Request("POST", "/webhooks/billing", headers, body)


def send(request):
    return handle_billing_webhook(request, secret=SECRET, invoices=invoices, clock=lambda: NOW)


invoices = InvoiceStore()
invoices.add(Invoice("in_1", customer_id=7, amount_due=4900, currency="eur"))
invoices.add(Invoice("in_2", customer_id=8, amount_due=9900, currency="eur"))

paid = {"id": "evt_1", "type": "invoice.paid", "data": {"invoice_id": "in_2", "amount_paid": 9900, "currency": "eur"}}
assert send(delivery(paid)).status == 200
assert invoices.get("in_2").status == "paid"

forged = {"id": "evt_forged", "type": "invoice.paid", "data": {"invoice_id": "in_1", "amount_paid": 1, "currency": "eur"}}
for name, request in [
    ("unsigned", delivery(forged, header="")),
    ("made-up signature", delivery(forged, header=f"t={NOW},v1={'0' * 64}")),
    ("signed with another key", delivery(forged, secret=b"attacker-key")),
    ("replayed from last week", delivery(forged, timestamp=NOW - 7 * 86400)),
]:
    response = send(request)
    assert response.status == 400, f"{name} invoice.paid delivery was accepted with status {response.status}"
    assert invoices.get("in_1").status == "open", f"a {name} delivery marked invoice in_1 as paid"
