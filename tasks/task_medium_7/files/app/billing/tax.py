"""VAT by billing country."""

from decimal import Decimal

# Standard VAT rates of the countries we invoice in.
VAT_RATES = {
    "gb": 0.20,
    "de": 0.19,
    "fr": 0.20,
    "ie": 0.23,
    "nl": 0.21,
    "es": 0.21,
}


class UnknownCountry(KeyError):
    pass


def vat_rate(country: str) -> float:
    try:
        return VAT_RATES[country.lower()]
    except KeyError:
        raise UnknownCountry(country) from None


def vat_for(net: Decimal, country: str, *, reverse_charge: bool = False) -> Decimal:
    """VAT due on `net`, rounded to the cent. B2B invoices under reverse charge carry no VAT."""
    if reverse_charge:
        return Decimal("0.00")
    return Decimal(str(round(float(net) * vat_rate(country), 2)))
