"""Rules for boundary slips: slices and dates that are wrong exactly at an edge value.

- `seq[:-n]` / `seq[-n:]` with a variable `n`: when `n` is 0, `-0` is 0, so "all but the last 0" returns
  nothing and "the last 0" returns everything. Safe when the code rules 0 out (`if n == 0`, `n > 0`,
  `if not n`) or uses the `-n or None` idiom.
- `seq[a - 1 : b - 1]`: turning a 1-based range into a slice subtracts 1 from the start, but a slice end is
  already exclusive, so an inclusive end loses its last element.
- `d.replace(day=x)` with a computed day raises ValueError in months without that day (the 31st in
  April, the 29th in most Februaries). Safe when the day is clamped (`min(x, monthrange(...)[1])`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .base import LOGIC_MEDIUM, Candidate, FileContext, dotted, last_part, names_in


def negative_zero_slice(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Slice):
        for bound, which in ((node.upper, "upper"), (node.lower, "lower")):
            if not (isinstance(bound, ast.UnaryOp) and isinstance(bound.op, ast.USub)):
                continue
            if not isinstance(bound.operand, ast.Name) or bound.lineno not in ctx.added:
                continue
            count = bound.operand.id
            function = ctx.function_of(node)
            if function is None or _zero_ruled_out(function, count):
                continue
            subscript = ctx.parents.get(node)
            text = ast.unparse(subscript) if subscript is not None else f"[-{count}]"
            effect = (
                "returns an empty sequence instead of the whole one"
                if which == "upper"
                else "returns the whole sequence instead of an empty one"
            )
            yield ctx.candidate(
                "negative-zero-slice",
                bound.lineno,
                LOGIC_MEDIUM,
                0.55,
                f"Boundary bug at {count} == 0: `{text}` slices with -{count}, and -0 is 0, so for {count} = 0 it "
                f"{effect}. Nothing here rules 0 out. Use `-{count} or None` (or len(seq) - {count}), or handle "
                f"{count} == 0 first.",
            )


def _zero_ruled_out(function: ast.AST, name: str) -> bool:
    """The function tests `name` against 0 in a way that separates 0 (or tests its truth value)."""
    for node in ast.walk(function):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right, op = node.left, node.comparators[0], node.ops[0]
            if isinstance(left, ast.Constant):
                left, right, op = right, left, _mirror(op)
            literal = isinstance(right, ast.Constant) and isinstance(right.value, int)
            if dotted(left) == name and literal and _separates_zero(op, right.value):  # type: ignore[attr-defined]
                return True
        if isinstance(node, (ast.If, ast.IfExp, ast.While, ast.Assert)) and dotted(node.test) == name:
            return True
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and dotted(node.operand) == name:
            return True
        if isinstance(node, ast.BoolOp) and any(dotted(v) == name for v in node.values):
            return True  # `-n or None`, `n and ...`
        if isinstance(node, ast.Call) and last_part(dotted(node.func)) == "max" and name in names_in(node):
            return True
    return False


def _separates_zero(op: ast.cmpop, value: int) -> bool:
    """`n == 0`, `n != 0`, `n > 0`, `n >= 1`, `n <= 0`, `n < 1` tell 0 apart; `n < 0` does not."""
    if isinstance(op, (ast.Eq, ast.NotEq, ast.Gt, ast.LtE)):
        return value == 0
    if isinstance(op, (ast.GtE, ast.Lt)):
        return value == 1
    return False


def _mirror(op: ast.cmpop) -> ast.cmpop:
    swapped = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
    return swapped.get(type(op), type(op))()


def inclusive_slice_end(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Slice):
        lower, upper = _minus_one(node.lower), _minus_one(node.upper)
        if lower is None or upper is None or lower == upper or node.upper is None:
            continue
        if node.upper.lineno not in ctx.added:
            continue
        subscript = ctx.parents.get(node)
        documented = any("inclusive" in line.lower() for line in ctx.lines)
        yield ctx.candidate(
            "inclusive-slice-end",
            node.upper.lineno,
            LOGIC_MEDIUM,
            0.6 if documented else 0.5,
            f"Off-by-one: `{ast.unparse(subscript or node)}` converts a 1-based range to a slice by subtracting 1 "
            f"from both ends, but a slice end is already exclusive: for an inclusive range the end is `{upper}`, "
            f"so the last element (the one at position {upper}) is dropped. Use [{lower} - 1 : {upper}].",
        )


def _minus_one(bound: ast.AST | None) -> str | None:
    if (
        isinstance(bound, ast.BinOp)
        and isinstance(bound.op, ast.Sub)
        and isinstance(bound.right, ast.Constant)
        and bound.right.value == 1
        and isinstance(bound.left, (ast.Name, ast.Attribute))
    ):
        return dotted(bound.left)
    return None


def unclamped_day_replace(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "replace") or node.lineno not in ctx.added:
            continue
        day = next((k.value for k in node.keywords if k.arg == "day"), None)
        if day is None or isinstance(day, ast.Constant):
            continue
        function = ctx.function_of(node)
        calls = ctx.calls_in(function)
        if calls & {"monthrange", "min", "clamp", "last_day", "days_in_month"}:
            continue
        yield ctx.candidate(
            "unclamped-day-replace",
            node.lineno,
            LOGIC_MEDIUM,
            0.5,
            f"`{ast.unparse(node)}` sets the day of the month to `{ast.unparse(day)}` without clamping it to "
            "the month's length: for the 29th-31st it raises ValueError (day is out of range for month) in "
            "shorter months, e.g. the 31st in April or the 30th in February. Clamp with "
            "calendar.monthrange(year, month)[1].",
        )
