# drop_last(0, seq) must give back the whole sequence, as it does for iterators; slicing a
# sequence with seq[:-0] (== seq[:0]) returns nothing.
from toolz import drop_last, split_at
from toolz.curried import drop_last as drop_last_c

assert list(drop_last(0, iter([1, 2, 3]))) == [1, 2, 3]  # the iterator path is right
for seq in ([1, 2, 3], (1, 2, 3), "abc", range(3)):
    got = list(drop_last(0, seq))
    assert got == list(seq), f"drop_last(0, {seq!r}) returned {got!r}, dropping every element"
assert list(drop_last_c(0)([4, 5])) == [4, 5]

# A file whose header says it has no trailer lines: every data row must survive.
lines = ["rows,trailer", "ham,0", "eggs,0"]
(header,), rows = split_at(1, lines)
assert list(drop_last(0, list(rows))) == ["ham,0", "eggs,0"]

# Other values of n keep working after the fix.
assert list(drop_last(1, [1, 2, 3])) == [1, 2]
assert list(drop_last(5, "abc")) == []
print("ok")
