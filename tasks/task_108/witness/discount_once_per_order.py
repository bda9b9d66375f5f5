"""TENOFF50 is "£10 off orders over £50": £10 off the order, once, however many lines it has.

discount_cents adds min(amount_off, line total) for every eligible line, so a four-line cart gets
£40 off instead of £10 (the PR's tests only use one-line carts).
"""
from datetime import date

from shop.cart import Cart
from shop.checkout import quote

cart = Cart()
for sku in ("MUG-01", "TEE-M", "BAG-01", "LAMP-2"):
    cart.add(sku)
assert cart.subtotal_cents == 14400

q = quote(cart, "TENOFF50", today=date(2024, 7, 1))
assert q.discount_cents == 1000, (
    f"a £10-off-the-order code took {q.discount_cents} cents off a 4-line order: "
    "the amount is applied once per line instead of once per order"
)
assert q.total_cents == 13400, q

# SUMMER5 (£5 off) on three mugs in one line vs. three different products: the same £5.
cart = Cart()
for sku in ("MUG-01", "TEE-L", "BAG-01"):
    cart.add(sku)
q = quote(cart, "SUMMER5", today=date(2024, 8, 1))
assert q.discount_cents == 500, f"£5 off became {q.discount_cents} cents on a 3-line order"
print("ok: fixed-amount codes are applied once per order")
