"""at_least_n / at_most_n / between_n: exact counts at every boundary, and they read no more than
they say (the n - 1 and n indexes into recipes.nth, the _marker sentinel for falsy matches, the
shared iterator and the high - low budget in between_n, the clamp of a negative low)."""
import itertools
import random

import more_itertools as mi


class Counted:
    """An iterator that records how many items were taken from it."""

    def __init__(self, items):
        self._it = iter(items)
        self.taken = 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._it)
        self.taken += 1
        return item


def reads_until(items, pred, matches):
    """How many items must be read to see `matches` matches (or all of them)."""
    seen = 0
    for i, item in enumerate(items, 1):
        if pred(item):
            seen += 1
            if seen == matches:
                return i
    return len(items)


rng = random.Random(7)
preds = [bool, lambda x: x is None, lambda x: x == 0, lambda x: x in (None, 0, "")]
values = [None, 0, "", 1, "a", 2]
for _ in range(3000):
    data = [rng.choice(values) for _ in range(rng.randrange(0, 9))]
    pred = rng.choice(preds)
    true_count = sum(1 for x in data if pred(x))
    for n in range(-2, 11):
        src = Counted(data)
        got = mi.at_least_n(src, n, pred)
        assert got == (true_count >= n), ("at_least_n", data, n, got)
        expected_reads = 0 if n <= 0 else reads_until(data, pred, n)
        assert src.taken == expected_reads, ("at_least_n read", data, n, src.taken)

        src = Counted(data)
        got = mi.at_most_n(src, n, pred)
        assert got == (true_count <= n), ("at_most_n", data, n, got)
        expected_reads = 0 if n < 0 else reads_until(data, pred, n + 1)
        assert src.taken == expected_reads, ("at_most_n read", data, n, src.taken)

    for low in range(-3, 10):
        for high in range(-3, 10):
            src = Counted(data)
            got = mi.between_n(src, low, high, pred)
            assert got == (low <= true_count <= high), ("between_n", data, low, high, got)
            if high >= max(low, 0):
                assert src.taken == reads_until(data, pred, high + 1) or (
                    true_count < max(low, 0)  # gave up after reading everything
                ), ("between_n read", data, low, high, src.taken)
            else:
                assert src.taken == 0, ("between_n read on an empty range", low, high)
    for n in range(0, 10):
        assert mi.between_n(data, n, n, pred) == mi.exactly_n(data, n, pred)

# Infinite inputs: at_least_n returns once it has seen n matches, at_most_n once it has seen n + 1.
it = itertools.count()
assert mi.at_least_n(it, 1000, lambda x: x % 3 == 0) and next(it) == 2998
it = itertools.count()
assert not mi.at_most_n(it, 5, lambda x: x % 2) and next(it) == 12
it = itertools.count()
assert not mi.between_n(it, 2, 4, lambda x: x % 2) and next(it) == 10

# Sequences are read once, not restarted by the second check in between_n.
assert mi.between_n([1, 1, 1], 3, 3) and not mi.between_n([1, 1, 1], 2, 2)
assert not mi.between_n([1, 1, 1, 1], 1, 3) and mi.between_n((1, 0, 1), 1, 2)
print("ok")
