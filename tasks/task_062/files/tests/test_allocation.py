import random

import pytest

from shop.billing.allocation import allocate


def test_even_split_gives_the_odd_unit_to_the_first():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(200, [1, 1, 1]) == [67, 67, 66]


def test_proportional():
    assert allocate(1000, [5000, 2500, 2500]) == [500, 250, 250]
    assert allocate(1, [3, 7]) == [0, 1]


def test_largest_remainder_wins():
    # 10 * [1, 2, 4] / 7 = 1.43, 2.86, 5.71: 1, 2, 5 and the two units left go to .86 and .71.
    assert allocate(10, [1, 2, 4]) == [1, 3, 6]


def test_zero_weights():
    assert allocate(50, [0, 10, 0]) == [0, 50, 0]
    assert allocate(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        allocate(1, [0, 0])


def test_refuses_negative_input():
    with pytest.raises(ValueError):
        allocate(-1, [1])
    with pytest.raises(ValueError):
        allocate(1, [2, -1])


def test_shares_add_up_and_stay_within_weights():
    rng = random.Random(7)
    for _ in range(500):
        weights = [rng.choice([0, 1, 3, 99, rng.randrange(100000)]) for _ in range(rng.randrange(1, 8))]
        if not any(weights):
            continue
        total = rng.randrange(sum(weights) + 1)
        shares = allocate(total, weights)
        assert sum(shares) == total
        assert all(0 <= share <= weight for share, weight in zip(shares, weights))
