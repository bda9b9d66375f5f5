"""Rules for numeric precision: money taken out of Decimal into binary floating point.

`round(float(net) * rate, 2)` looks exact and is not: most cent values have no exact binary form, so a
half-cent lands on either side of the half and `round` rounds half to even, and sums drift by cents. In a
module that already keeps amounts as `Decimal`, converting one to `float` for arithmetic is the slip;
`float()` for display, logging or a ratio that is never rounded to cents is not flagged.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .base import LOGIC_MEDIUM, Candidate, FileContext, dotted


def decimal_to_float_arithmetic(ctx: FileContext) -> Iterator[Candidate]:
    if not any(isinstance(n, ast.Name) and n.id == "Decimal" for n in ast.walk(ctx.tree)):
        return
    for node in ctx.nodes(ast.Call):
        if dotted(node.func) != "round" or len(node.args) != 2 or node.lineno not in ctx.added:
            continue
        digits = node.args[1]
        if not (isinstance(digits, ast.Constant) and digits.value in (2, 3, 4)):
            continue
        floats = [c for c in ast.walk(node.args[0]) if isinstance(c, ast.Call) and dotted(c.func) == "float"]
        if not floats:
            continue
        yield ctx.candidate(
            "decimal-to-float",
            node.lineno,
            LOGIC_MEDIUM,
            0.55,
            f"Money in binary floating point: `{ast.unparse(node)}` converts an amount to float and rounds it to "
            "cents. Cent values have no exact binary form, so a half-cent result lands just above or below the "
            "half, and round() rounds half to even: amounts come out a cent off and totals drift. Keep Decimal "
            "and use quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).",
        )
