# Clean PR: compact() is right. Checked against an independent Decimal model, exhaustively around every
# unit boundary and on random values, for precisions 0-4:
# - rstrip("0").rstrip(".") only runs when precision > 0, i.e. on text that has a decimal point, so it
#   never eats zeros of the whole part ("10K", "100K", "20M" at every precision);
# - `suffix` and `units` after the loop: either the loop broke on the first unit where the rounded value
#   is below 1000, or it ran out and the value is counted in trillions ("1000T", "12345T");
# - rounding is exact and half up (Fraction, not float): 2_500 -> "3K", 1_250 -> "1.3K", 999_950 -> "1M";
# - negative values are the positive ones with a minus sign, below 1000 they come back unchanged.
import random
from decimal import ROUND_HALF_UP, Decimal, localcontext

import humanize


def model(value, precision):
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < 1000:
        return f"{sign}{value}"
    with localcontext() as ctx:
        ctx.prec = 200
        for exponent, suffix in enumerate("KMBT", 1):
            scaled = (Decimal(value) / Decimal(1000) ** exponent).quantize(
                Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP
            )
            if scaled < 1000 or suffix == "T":
                break
        text = format(scaled, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{sign}{text}{suffix}"


values = set(range(0, 3000)) | {10**k for k in range(3, 22)} | {2 * 10**k for k in range(3, 22)}
for power in (10**3, 10**6, 10**9, 10**12, 10**15):
    for base in (1, 10, 100, 999, 1000):
        for offset in range(-60, 61):
            values.add(base * power + offset * power // 10**4)
    # Just below, at and above each rounding half-step that reaches 1000 of a unit.
    for precision in range(0, 5):
        edge = 1000 * power - power // 10**precision // 2
        values.update({edge - 1, edge, edge + 1})
rng = random.Random(113)
values.update(rng.randrange(10**rng.randrange(3, 20)) for _ in range(3000))

checked = 0
for value in sorted(values):
    for precision in range(0, 5):
        for v in (value, -value):
            got, expected = humanize.compact(v, precision), model(v, precision)
            assert got == expected, f"compact({v}, {precision}) = {got!r}, expected {expected!r}"
            checked += 1
assert checked > 50_000, checked

for precision in range(0, 5):
    for value, expected in ((10_000, "10K"), (100_000, "100K"), (20_000_000, "20M"), (10**12, "1T"), (10**15, "1000T")):
        assert humanize.compact(value, precision) == expected, (value, precision, humanize.compact(value, precision))
assert humanize.compact(2_500, 0) == "3K" and humanize.compact(1_250) == "1.3K" and humanize.compact(999_950) == "1M"
assert humanize.compact("1_200") == "1.2K" and humanize.compact(1999.9) == "2K" and humanize.compact("abc") == "abc"
