# A 10% discount on a 100.00 line must take 10.00 off, once.
from decimal import Decimal

from app.billing.invoice import Invoice

invoice = Invoice("INV-1", "gb", currency="GBP")
invoice.add_line("Annual plan", Decimal("100.00"), discount_percent=Decimal("10"))
invoice.add_line("Onboarding", Decimal("50.00"))
totals = invoice.totals()
assert totals.discount == Decimal("10.00"), totals
assert totals.net == Decimal("140.00"), f"150.00 less a 10.00 discount is 140.00 net, got {totals.net}"
assert totals.subtotal - totals.discount == totals.net, totals
assert totals.vat == Decimal("28.00") and totals.total == Decimal("168.00"), totals
