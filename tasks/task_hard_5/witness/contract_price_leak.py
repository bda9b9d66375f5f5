# Two buyers from different organisations, same locale and currency: one has a negotiated contract.
# Whoever views a product first must not decide what the other one sees.
from decimal import Decimal

from app.catalog import pricing, views
from app.catalog.models import Customer, Product

pricing.CONTRACTS["C-1042"] = pricing.Contract(
    "C-1042", "Acme Corp framework agreement 2024", fixed_prices={"SKU-7": Decimal("61.00")}
)
laptop_stand = Product("SKU-7", {"en": "Laptop stand"}, Decimal("89.00"))
acme_buyer = Customer(1, "Acme Corp", contract_id="C-1042")
walk_in = Customer(2, "Globex", contract_id=None)

acme_card = views.product_card(laptop_stand, acme_buyer)
assert acme_card["price"] == "€61.00", acme_card
other_card = views.product_card(laptop_stand, walk_in)
assert "badge" not in other_card, f"Globex was shown Acme's contract: {other_card}"
assert other_card["price"] == "€89.00", f"Globex was shown Acme's negotiated price: {other_card}"

# ...and in the other order.
views.invalidate_product("SKU-7")
assert views.product_card(laptop_stand, walk_in)["price"] == "€89.00"
assert views.product_card(laptop_stand, acme_buyer)["price"] == "€61.00", "the contract price was lost"

# Caching still works for cards that really are the same.
calls = []
real_price_for = pricing.price_for
pricing.price_for = lambda product, customer: calls.append(customer.customer_id) or real_price_for(product, customer)
views.invalidate_product("SKU-7")
colleague = Customer(3, "Globex")
views.product_card(laptop_stand, walk_in)
views.product_card(laptop_stand, colleague)
assert len(calls) == 1, f"two buyers with identical pricing should share one cached card, priced {len(calls)} times"
