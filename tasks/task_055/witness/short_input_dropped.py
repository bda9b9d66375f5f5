# chunked(..., overlap=k) on an iterable of k items or fewer must still yield them, as one short
# list (the docstring: the last list may be shorter than n; sliced() does exactly that). Splitting
# documents into 512-token chunks with overlap=64 must not lose a 40-token document.
import more_itertools as mi


def expected(items, n, overlap):
    """Lists starting every n - overlap items, until one reaches the last item."""
    out, start = [], 0
    while items:
        out.append(items[start : start + n])
        if start + n >= len(items):
            return out
        start += n - overlap
    return out


for text, n, overlap in [("A", 3, 1), ("AB", 4, 2), ("ABC", 5, 4), ("ABC", 4, 3), ("AB", 2, 1)]:
    got = list(mi.chunked(iter(text), n, overlap=overlap))
    assert got == [list(text)], f"chunked({text!r}, {n}, overlap={overlap}) gave {got}: the items were dropped"
    assert list(mi.sliced(text, n, overlap=overlap)) == [text]

document = [f"tok{i}" for i in range(40)]
chunks = list(mi.chunked(document, 512, overlap=64))
assert chunks == [document], f"a 40-token document gave {len(chunks)} chunks"

for length in range(12):
    items = list(range(length))
    for n in range(1, 7):
        for overlap in range(n):
            got = list(mi.chunked(items, n, overlap=overlap))
            assert got == expected(items, n, overlap), (length, n, overlap, got)
            assert [list(s) for s in mi.sliced(items, n, overlap=overlap)] == got, (length, n, overlap)
            flat = {x for chunk in got for x in chunk}
            assert flat == set(items), f"items {sorted(set(items) - flat)} of {length} are in no chunk"
