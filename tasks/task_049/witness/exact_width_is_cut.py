# A cell whose text is exactly as wide as its column already fits in "at most `width`" and must
# be shown whole; only wider text is cut. The fit check in _truncate_line uses `<`, so text of
# exactly `width` loses its last character to the marker (an 8-character commit id in an
# 8-wide column becomes "a1b2c3d…").
from tabulate import _truncate_to_width, tabulate

for text, width in [("a1b2c3d4", 8), ("Manager", 7), ("x", 1), ("ok\nabc", 3)]:
    got = _truncate_to_width(text, width)
    assert got == text, f"{text!r} fits in width {width} but was cut to {got!r}"

table = tabulate([["a1b2c3d4", "Fix the parser"]], headers=["commit", "message"],
                 maxcolwidths=[8, 10], overflow="truncate", tablefmt="plain")
assert "a1b2c3d4" in table, f"an 8-character id in an 8-wide column was cut:\n{table}"
assert "Fix the p…" in table, table   # wider text is still cut to the width
assert _truncate_to_width("a1b2c3d4e", 8) == "a1b2c3d…"
