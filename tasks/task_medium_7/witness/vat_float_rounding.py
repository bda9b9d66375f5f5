# VAT must be computed in Decimal and rounded half-up to the cent like every other amount
# (money.round_money). Going through float turns 8.50 x 19% = 1.615 into 1.61.
from decimal import Decimal

from app.billing.tax import vat_for

cases = [
    ("8.50", "de", "1.62"),    # 1.615 -> 1.62
    ("3.50", "nl", "0.74"),    # 0.735 -> 0.74
    ("13.50", "ie", "3.11"),   # 3.105 -> 3.11
    ("2.50", "de", "0.48"),    # 0.475 -> 0.48
    ("100.00", "gb", "20.00"),
    ("19.99", "fr", "4.00"),   # 3.998
]
wrong = []
for net, country, expected in cases:
    got = vat_for(Decimal(net), country)
    if not isinstance(got, Decimal) or got != Decimal(expected) or got.as_tuple().exponent != -2:
        wrong.append(f"{net} in {country}: expected {expected}, got {got!r}")
assert not wrong, "VAT is off by a cent or not a cent amount: " + "; ".join(wrong)
assert vat_for(Decimal("8.50"), "de", reverse_charge=True) == Decimal("0.00")
