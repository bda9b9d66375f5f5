"""Cart.set_quantity must refuse a negative quantity.

It only special-cases 0 and checks the upper limit, so the value posted from the cart page's
quantity field (-3, say) is stored: the line total goes negative and takes money off everything
else in the order (and from_session restores it as is).
"""
from shop.cart import Cart, CartError
from shop.checkout import quote

cart = Cart()
cart.add("LAMP-2")
cart.add("MUG-01")

rejected = False
try:
    cart.set_quantity("MUG-01", -3)
except CartError:
    rejected = True

restored = Cart.from_session(cart.to_session())
total = quote(restored).total_cents
assert rejected, (
    f"set_quantity accepted -3: the mug line is now {cart.lines['MUG-01'].total_cents} cents and "
    f"the order total {total} cents instead of at least 8900 for the lamp"
)
assert all(line.quantity > 0 for line in restored.lines.values()), restored.lines
assert total >= 8900, total

cart.set_quantity("MUG-01", 0)
assert "MUG-01" not in cart.lines, "0 still removes the line"
print("ok: negative quantities are refused")
