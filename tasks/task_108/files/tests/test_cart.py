import pytest

from shop.cart import Cart
from shop.cart import CartError
from shop.checkout import quote


def test_add_and_total():
    cart = Cart()
    cart.add("MUG-01", 2)
    cart.add("TEE-M")
    cart.add("MUG-01")
    assert cart.lines["MUG-01"].quantity == 3
    assert cart.subtotal_cents == 3 * 1200 + 2500
    assert quote(cart).total_cents == 6100


def test_add_limits():
    cart = Cart()
    with pytest.raises(CartError):
        cart.add("MUG-01", 0)
    cart.add("MUG-01", 20)
    with pytest.raises(CartError):
        cart.add("MUG-01")


def test_session_round_trip():
    cart = Cart()
    cart.add("BAG-01", 2)
    assert Cart.from_session(cart.to_session()).subtotal_cents == 3600


def test_set_quantity():
    cart = Cart()
    cart.add("MUG-01", 2)
    cart.add("TEE-L")
    assert cart.set_quantity("MUG-01", 5).quantity == 5
    assert cart.item_count == 6
    assert cart.subtotal_cents == 5 * 1200 + 2500

    assert cart.set_quantity("TEE-L", 0) is None
    assert "TEE-L" not in cart.lines


def test_set_quantity_limits():
    cart = Cart()
    cart.add("MUG-01")
    with pytest.raises(CartError):
        cart.set_quantity("MUG-01", 21)
    with pytest.raises(CartError):
        cart.set_quantity("LAMP-2", 1)
    assert cart.set_quantity("MUG-01", 20).quantity == 20
