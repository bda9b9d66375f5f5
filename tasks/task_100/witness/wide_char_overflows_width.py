# _cut() decides whether a piece is full before looking at the next character's width, so a
# two-column character added at width-1 columns makes the piece width+1 wide, and a zero-width
# combining mark arriving when the piece is exactly full is split from the character it modifies.
import os
import unittest

from tabletext import render
from tabletext.cells import display_width, wrap

for text, width in [("漢字漢字漢字", 5), ("東京都千代田区", 3), ("ab漢字cd漢字", 5), ("x 漢字漢字漢字", 7)]:
    lines = wrap(text, width)
    too_wide = [line for line in lines if display_width(line) > width]
    assert not too_wide, f"wrap({text!r}, {width}) gave lines wider than {width} columns: {lines}"
    assert "".join(lines).replace(" ", "") == text.replace(" ", ""), lines

out = render([["job-1", "東京都千代田区丸の内"]], max_widths=[None, 5])
widest = max(display_width(line) for line in out.splitlines())
assert widest <= len("job-1  ") + 5, f"column wider than max_widths=5:\n{out}"

pieces = wrap("abcde\u0301fg", 5)
assert pieces == ["abcde\u0301", "fg"], f"combining accent split from its letter: {pieces!r}"

# The PR's own tests still pass.
suite = unittest.defaultTestLoader.loadTestsFromNames(["tests.test_cells", "tests.test_table"])
result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(suite)
assert result.wasSuccessful(), result.failures + result.errors
