# pricing/tax.py: VAT is computed per rate on the sum of the lines' nets and rounded once, never
# line by line. Ten 0.50 EUR items at 7 % are 5.00 net and 0.35 VAT; rounding 0.035 per line
# gives 0.40.
from decimal import Decimal

from pricing.invoice import Invoice

invoice = Invoice("W-2", "DE")
for n in range(10):
    invoice.add_line(f"Sticker {n}", Decimal("0.50"), tax_category="reduced")
invoice.add_line("Postcard", Decimal("0.15"), 3)
invoice.add_line("Pen", Decimal("0.15"), 3)
totals = invoice.totals()
groups = {g.rate: (g.net, g.vat) for g in totals.groups}
assert groups[Decimal("0.07")] == (Decimal("5.00"), Decimal("0.35")), f"7 %: 5.00 net, 0.35 VAT; got {groups[Decimal('0.07')]}"
assert groups[Decimal("0.19")] == (Decimal("0.90"), Decimal("0.17")), f"19 %: 0.90 net, 0.17 VAT; got {groups[Decimal('0.19')]}"
for rate, (net, vat) in groups.items():
    assert vat == (net * rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"), (rate, net, vat)
assert totals.vat == Decimal("0.52") and totals.gross == Decimal("6.42"), totals
