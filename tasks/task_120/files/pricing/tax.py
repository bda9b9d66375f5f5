"""VAT rates, and how VAT is charged on an invoice.

VAT is charged per rate: the net amounts of all the lines taxed at one rate are added up, and the
VAT for that rate is that sum times the rate, rounded once to the cent. VAT is never rounded line
by line: the tax office and our accounting export both check, for each rate on an invoice, that
VAT == round(net x rate), and line-by-line rounding drifts from it by up to half a cent a line.
"""

from __future__ import annotations

from decimal import Decimal

VAT_RATES: dict[str, dict[str, Decimal]] = {
    "DE": {"standard": Decimal("0.19"), "reduced": Decimal("0.07")},
    "AT": {"standard": Decimal("0.20"), "reduced": Decimal("0.10")},
    "FR": {"standard": Decimal("0.20"), "reduced": Decimal("0.055")},
    "NL": {"standard": Decimal("0.21"), "reduced": Decimal("0.09")},
}


class UnknownTaxCategory(ValueError):
    pass


def vat_rate(country: str, category: str = "standard") -> Decimal:
    try:
        return VAT_RATES[country.upper()][category]
    except KeyError:
        raise UnknownTaxCategory(f"no {category!r} VAT rate for {country!r}") from None
