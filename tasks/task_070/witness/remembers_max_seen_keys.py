# unique_iter(max_seen=N) promises to remember the N most recently seen keys: a stream that only ever
# cycles through N distinct keys must yield each of them exactly once, and max_seen=1 must still drop
# adjacent duplicates.
from boltons.iterutils import unique, unique_iter

got = unique("aabbbcc", max_seen=1)
assert got == ["a", "b", "c"], f"max_seen=1 did not drop adjacent duplicates: {got}"

got = unique([1, 2, 1, 2, 1, 2], max_seen=2)
assert got == [1, 2], f"two alternating keys with max_seen=2 gave {got}: only one key was remembered"

for n in range(1, 8):
    stream = [k for _ in range(5) for k in range(n)]
    got = list(unique_iter(stream, max_seen=n))
    assert got == list(range(n)), f"cycling through {n} keys with max_seen={n} yielded {len(got)} items"
