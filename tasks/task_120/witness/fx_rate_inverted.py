# The ECB feed quotes units of a currency per 1 EUR (pricing/ecb.py: rate="1.0866" means
# 1 EUR = 1.0866 USD). Converting 100 EUR to USD must give 108.66 USD, not 92.03.
from datetime import date
from decimal import Decimal

from pricing.ecb import ReferenceRates
from pricing.fx import Converter
from pricing.invoice import Invoice

day = date(2024, 5, 17)
fx = Converter(ReferenceRates(day, {"USD": Decimal("1.0866"), "JPY": Decimal("169.12"), "GBP": Decimal("0.85550")}), today=day)

usd = fx.convert(Decimal("100"), "EUR", "USD")
assert abs(usd - Decimal("108.66")) < Decimal("0.0001"), f"100 EUR at 1 EUR = 1.0866 USD is 108.66 USD, got {usd}"
eur = fx.convert(Decimal("169.12"), "JPY", "EUR")
assert abs(eur - 1) < Decimal("0.0001"), f"169.12 JPY is 1 EUR, got {eur}"
gbp = fx.convert(Decimal("1.0866"), "USD", "GBP")
assert abs(gbp - Decimal("0.8555")) < Decimal("0.0001"), f"1.0866 USD = 1 EUR = 0.8555 GBP, got {gbp}"

invoice = Invoice("W-1", "DE", currency="USD", converter=fx)
invoice.add_line("Licence", Decimal("100.00"))
totals = invoice.totals()
assert totals.fx_rate == Decimal("1.0866"), f"1 EUR is 1.0866 USD, the invoice says {totals.fx_rate}"
assert totals.net == Decimal("108.66"), f"a 100 EUR line is 108.66 USD, the invoice says {totals.net}"
