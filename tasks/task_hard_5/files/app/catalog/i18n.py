"""Just enough localisation for product cards."""

from decimal import Decimal

from app.catalog.models import Product

TEXT = {
    "en": {"contract_price": "Your price under {contract}", "from": "from"},
    "de": {"contract_price": "Ihr Preis gemäß {contract}", "from": "ab"},
    "fr": {"contract_price": "Votre prix selon {contract}", "from": "à partir de"},
}
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def language(locale: str) -> str:
    return locale.split("-")[0].lower()


def text(key: str, locale: str) -> str:
    return TEXT.get(language(locale), TEXT["en"])[key]


def product_name(product: Product, locale: str) -> str:
    return product.names.get(language(locale), product.names["en"])


def format_price(amount: Decimal, currency: str, locale: str) -> str:
    symbol = SYMBOLS.get(currency, currency + " ")
    number = f"{amount:,.2f}"
    if language(locale) in ("de", "fr"):
        number = number.replace(",", " ").replace(".", ",")
        return f"{number} {symbol}"
    return f"{symbol}{number}"
