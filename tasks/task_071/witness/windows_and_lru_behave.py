# The PR's strided windows and bounded memoize are correct on the inputs that look risky.
import itertools

import toolz
import toolz.curried
from toolz import memoize, sliding_window

# --- sliding_window(step=...): same windows as slicing, including uneven tails and step > n
for length in range(0, 14):
    data = list(range(length))
    for n in range(0, 6):
        for step in range(1, 8):
            expected = [tuple(data[i:i + n]) for i in range(0, len(data) - n + 1, step)] if n else []
            got = list(itertools.islice(sliding_window(n, iter(data), step=step), 50))
            if n == 0 and step == 1:
                continue  # the unchanged tee/zip path
            assert got == expected, (length, n, step, got, expected)

# no half-advanced window at the end (a deque(maxlen=n).extend would give (3, 4, 5))
assert list(sliding_window(3, range(6), step=2)) == [(0, 1, 2), (2, 3, 4)]


# lazy: never reads past the window it yields; works on infinite iterators
def guarded(limit):
    yield from range(limit)
    raise AssertionError("read past the elements needed")


w = sliding_window(4, guarded(6), step=2)
assert next(w) == (0, 1, 2, 3) and next(w) == (2, 3, 4, 5)
assert list(itertools.islice(sliding_window(2, itertools.count(), step=5), 3)) == [(0, 1), (5, 6), (10, 11)]
assert list(toolz.curried.sliding_window(2, step=3)(range(7))) == [(0, 1), (3, 4)]

# --- memoize(maxsize=...): LRU order, recursion, exceptions, keys
calls = []


@memoize(maxsize=2)
def f(x):
    calls.append(x)
    return x * 2


for x in [1, 2, 1, 3, 1, 2]:
    f(x)
assert calls == [1, 2, 3, 2], calls  # 1 was refreshed before 3 came in, so 2 was evicted


fib_calls = []


@memoize(maxsize=3)
def fib(n):
    fib_calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)


assert fib(60) == 1548008755920
assert len(fib_calls) == 61, len(fib_calls)  # each n computed once despite eviction during recursion

ran = []


@memoize(maxsize=4)
def fails(x):
    ran.append(x)
    raise TypeError("inside the function")


try:
    fails(1)
except TypeError as e:
    assert "inside the function" in str(e)
assert ran == [1], ran  # the function's own TypeError is not retried or rewritten


@memoize(maxsize=4)
def g(x, y=0):
    return (x, y)


assert g(1) == (1, 0) and g(1, y=2) == (1, 2) and g(1, 2) == (1, 2) and g(y=2, x=1) == (1, 2)
try:
    g([1])
except TypeError as e:
    assert "hashable" in str(e)
else:
    raise AssertionError("unhashable argument accepted")

cache = {}
h = memoize(lambda x: x + 1, cache=cache, maxsize=5)
for i in range(100):
    h(i % 13)
assert len(cache) == 5, len(cache)

# the unbounded default is the same wrapper as before
plain = memoize(lambda x: x)
assert plain.__code__.co_name == "memof"
