# Clean PR: mincolwidths gives every column exactly max(its natural width, the minimum), measured
# as visible content width without the format's padding, in every layout the decoys touch:
# headers (whose natural width includes the 2-character header margin) or none, no rows, ANSI
# and multiline cells, wrapping with maxcolwidths, showindex, disabled alignment, short lists.
import random
import re

from tabulate import tabulate

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def border_widths(table, fmt):
    """Content widths of the columns, read off the top border of a grid/pretty table."""
    top = table.splitlines()[0]
    return [len(seg) - 2 for seg in top.strip("+").split("+")]  # padding is 1 on each side


def visible(line):
    return len(ANSI.sub("", line))


rng = random.Random(85)
WORDS = ["a", "bb", "spam", "eggs and ham", "\x1b[31mred\x1b[0m", "x\ny", "12", "3.25", "-7", "1200.5", ""]
checked = 0
for trial in range(400):
    ncols = rng.randint(1, 4)
    nrows = rng.choice([0, 1, 2, 5])
    rows = [[rng.choice(WORDS) for _ in range(ncols)] for _ in range(nrows)]
    headers = [rng.choice(["", "h", "name", "quantity"]) for _ in range(ncols)] if (rng.random() < 0.6 or not rows) else ()
    if not rows and not headers:
        continue
    fmt = rng.choice(["grid", "pretty"])
    kwargs = {}
    if rng.random() < 0.3 and rows:
        kwargs["maxcolwidths"] = [rng.choice([None, 3, 6]) for _ in range(ncols)]
    if rng.random() < 0.2 and rows:
        kwargs["showindex"] = True
    total = ncols + (1 if kwargs.get("showindex") else 0)
    if rng.random() < 0.5:
        minimum = rng.choice([0, 1, 5, 9])
        mins = [minimum] * total
    else:
        given = [rng.choice([None, 0, 2, 7, 11]) for _ in range(rng.randint(0, total + 1))]
        minimum = given
        mins = [(w or 0) for w in given[:total]] + [0] * max(0, total - len(given))
    natural = tabulate(rows, headers=headers, tablefmt=fmt, **kwargs)
    widened = tabulate(rows, headers=headers, tablefmt=fmt, mincolwidths=minimum, **kwargs)
    want = [max(n, m) for n, m in zip(border_widths(natural, fmt), mins)]
    got = border_widths(widened, fmt)
    assert got == want, f"{fmt} {rows!r} {headers!r} {kwargs} min={minimum!r}: widths {got}, expected {want}"
    lengths = {visible(line) for line in widened.splitlines()}
    assert len(lengths) == 1, f"ragged table for {rows!r} {headers!r} min={minimum!r}:\n{widened}"
    checked += 1
assert checked > 300

# No headers, simple format: the no-headers branch keeps the minimum, also with alignment disabled.
t = tabulate([["a", "b"], ["cc", "d"]], tablefmt="simple", mincolwidths=[5, 3], colalign=[None, "left"])
assert t.splitlines()[0] == "-----  ---", t
t = tabulate([["a", 1], ["bb", 22]], tablefmt="plain", mincolwidths=4)
assert t == "a        1\nbb      22", repr(t)

# Headers: the minimum is content width; the header margin (2) applies only to the header's own width.
t = tabulate([["abc", 1.5]], headers=["ab", "quantity"], mincolwidths=[3, 5])
assert t.splitlines()[1] == "----  ----------", t
t = tabulate([["abc", 1.5]], headers=["ab", "q"], mincolwidths=[9, 9])
assert t.splitlines()[1] == "---------  ---------", t

# Header-only table.
assert tabulate([], headers=["id", "name"], mincolwidths=[4, 6]) == "id    name\n----  ------"

# Decimal alignment still lines up the points in a widened column.
t = tabulate([[1200.5], [7], [3.25]], tablefmt="grid", mincolwidths=12)
cells = [line for line in t.splitlines() if line.startswith("|")]
points = {line.index(".") for line in cells if "." in line}
assert len(points) == 1 and all(len(line) == 16 for line in cells), repr(t)
assert cells[1].index("7") == min(points) - 1, repr(t)

# Every given entry is validated, also for an empty table and past the last column.
for bad in (-1, [1, -1], [1, 2, 2.5], 2.5, "4"):
    for data in ([["a"]], []):
        try:
            tabulate(data, mincolwidths=bad)
        except ValueError:
            continue
        raise AssertionError(f"mincolwidths={bad!r} accepted for {data!r}")
print("ok", checked)
