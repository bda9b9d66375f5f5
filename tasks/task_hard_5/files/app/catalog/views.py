"""Product cards: the tile on catalogue and search pages with a product's name and price."""

import copy

from app.catalog import i18n, pricing
from app.catalog.cache import TTLCache
from app.catalog.models import Customer, Product

CARD_TTL_S = 300.0

_cards = TTLCache(ttl_s=CARD_TTL_S)


def _card_key(sku: str, customer: Customer) -> str:
    # A card is rendered in the customer's language and priced in their currency.
    return f"card:{sku}:{customer.locale}:{customer.currency}"


def _render_card(product: Product, customer: Customer) -> dict:
    quote = pricing.price_for(product, customer)
    card = {
        "sku": product.sku,
        "name": i18n.product_name(product, customer.locale),
        "price": i18n.format_price(quote.amount, quote.currency, customer.locale),
    }
    if quote.contract_name:
        card["badge"] = i18n.text("contract_price", customer.locale).format(contract=quote.contract_name)
    return card


def product_card(product: Product, customer: Customer) -> dict:
    card = _cards.get_or_compute(_card_key(product.sku, customer), lambda: _render_card(product, customer))
    return copy.deepcopy(card)  # callers add per-request fields; keep the cached card pristine


def product_cards(products: list[Product], customer: Customer) -> list[dict]:
    return [product_card(product, customer) for product in products]


def invalidate_product(sku: str) -> None:
    """Drop every cached card of `sku` (all languages and currencies)."""
    _cards.delete_prefix(f"card:{sku}:")
