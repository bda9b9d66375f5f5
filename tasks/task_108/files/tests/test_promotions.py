from datetime import date

import pytest

from shop.cart import Cart
from shop.checkout import quote
from shop.promotions import PromotionError

TODAY = date(2024, 7, 1)


def make_cart(**quantities):
    cart = Cart()
    for sku, quantity in quantities.items():
        cart.add(sku.replace("_", "-"), quantity)
    return cart


def test_no_code():
    q = quote(make_cart(MUG_01=2))
    assert (q.subtotal_cents, q.discount_cents, q.total_cents) == (2400, 0, 2400)
    assert q.promotion_code is None


def test_percent_off_order():
    q = quote(make_cart(MUG_01=1, TEE_M=1), " welcome10 ", today=TODAY)
    assert q.promotion_code == "WELCOME10"
    assert q.discount_cents == 370
    assert q.total_cents == 3330


def test_percent_off_some_products():
    q = quote(make_cart(TEE_M=1, TEE_L=2, LAMP_2=1), "TEES20", today=TODAY)
    assert q.discount_cents == 1500
    assert quote(make_cart(LAMP_2=1), "TEES20", today=TODAY).discount_cents == 0


def test_percent_rounds_half_up():
    # 10% of 1805 is 180.5 cents
    cart = make_cart(MUG_01=1)
    cart.lines["MUG-01"].unit_price_cents = 1805
    assert quote(cart, "WELCOME10", today=TODAY).discount_cents == 181


def test_amount_off_with_minimum():
    q = quote(make_cart(LAMP_2=1), "TENOFF50", today=TODAY)
    assert (q.discount_cents, q.total_cents) == (1000, 7900)

    with pytest.raises(PromotionError, match="at least £50.00"):
        quote(make_cart(BAG_01=2), "TENOFF50", today=TODAY)


def test_amount_off_small_order():
    q = quote(make_cart(MUG_01=1), "SUMMER5", today=date(2024, 8, 31))
    assert (q.discount_cents, q.total_cents) == (500, 700)


@pytest.mark.parametrize("code", ["NOPE", "SUMMER5"])
def test_unusable_codes(code):
    with pytest.raises(PromotionError):
        quote(make_cart(MUG_01=1), code, today=date(2024, 9, 1))
