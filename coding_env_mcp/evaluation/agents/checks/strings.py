"""Rules for queries and markup built by string formatting (SQL, HTML)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .base import (
    HTML_TAG,
    SANITISERS,
    SECURITY_HIGH,
    SQL_KEYWORDS,
    SQL_STRONG,
    Candidate,
    FileContext,
    dotted,
    has_string,
    last_part,
    names_in,
    quote_names,
)
from .provenance import Provenance


def _formatted_parts(node: ast.AST) -> tuple[list[tuple[str, ast.AST | None]], bool] | None:
    """A string-building expression as (constant text | interpolated expression) parts, or None."""
    if isinstance(node, ast.JoinedStr):
        parts: list[tuple[str, ast.AST | None]] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append((str(value.value), None))
            elif isinstance(value, ast.FormattedValue):
                parts.append(("", value.value))
        return parts, True
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        return [(node.left.value, None), ("", node.right)], True
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return [
            (node.func.value.value, None),
            *(("", arg) for arg in [*node.args, *(k.value for k in node.keywords)]),
        ], True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        flat: list[ast.AST] = []
        stack: list[ast.AST] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
                stack += [item.right, item.left]
            else:
                flat.append(item)
        if any(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in flat):
            return [
                (i.value, None) if isinstance(i, ast.Constant) and isinstance(i.value, str) else ("", i) for i in flat
            ], True
    return None


def _string_builders(ctx: FileContext) -> Iterator[tuple[ast.AST, list[tuple[str, ast.AST | None]]]]:
    for node in ctx.nodes(ast.JoinedStr, ast.BinOp, ast.Call):
        parent = ctx.parents.get(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add) and isinstance(node, ast.BinOp):
            continue  # the outermost `+` chain is analysed once
        parsed = _formatted_parts(node)
        if parsed is not None and any(expr is not None for _, expr in parsed[0]):
            yield node, parsed[0]


def _interpolated(ctx: FileContext, node: ast.AST, parts: list[tuple[str, ast.AST | None]]) -> list[tuple[str, str]]:
    """(name, constant text before it) for each interpolated value that input can reach.

    Values the code wrote itself (literal clauses, placeholders, allow-listed identifiers, numbers: see
    `provenance`) are the safe, parameterised style and are skipped.
    """
    provenance = Provenance(ctx, ctx.function_of(node))
    found: list[tuple[str, str]] = []
    before = ""
    for text, expr in parts:
        before += text
        if expr is None or provenance.written_by_code(expr):
            continue
        if has_string(expr, "?", "%s", ":1") or any(
            isinstance(c, ast.Call) and last_part(dotted(c.func)) in SANITISERS for c in ast.walk(expr)
        ):
            continue  # building placeholders, or a sanitised value
        names = [name for name in names_in(expr) if not provenance.written_by_code(_reference(name))]
        found.extend((name, before) for name in names or [ast.unparse(expr)])
    return found


def _reference(name: str) -> ast.expr:
    """`a.b` as the expression that reads it."""
    return ast.parse(name, mode="eval").body


def sql_string_formatting(ctx: FileContext) -> Iterator[Candidate]:
    for node, parts in _string_builders(ctx):
        text = " ".join(part for part, _ in parts)
        if not SQL_STRONG.search(text) or len(SQL_KEYWORDS.findall(text)) < 2:
            continue
        risky = _interpolated(ctx, node, parts)
        if not risky:
            continue
        names = list(dict.fromkeys(name for name, _ in risky))
        keywords = SQL_KEYWORDS.findall(risky[0][1])
        clause = " ".join(keywords[-1].upper().split()) if keywords else "query"
        line = ctx.first_added_line(node.lineno, node.end_lineno or node.lineno, r"\{|%|format|\+")
        if line is None:
            continue
        params = ctx.params(ctx.function_of(node))
        from_params = [name for name in names if name.split(".")[0] in params]
        advice = (
            "Identifiers and keywords cannot be bound: allow-list them (column names, and sort direction to ASC/DESC)."
            if clause == "ORDER BY"
            else "Bind values as query parameters (?) and allow-list any identifier."
        )
        yield ctx.candidate(
            "sql-string-formatting",
            line,
            SECURITY_HIGH,
            0.75 if from_params else 0.55,
            f"SQL injection: the query text is built with string formatting and interpolates {quote_names(names)} into "
            f"the {clause} clause unchecked. Nothing validates {'these values' if len(names) > 1 else 'this value'} "
            f"here, so when it comes from user input (e.g. a request parameter) a caller controls the SQL and can "
            f"inject subqueries or read other data. {advice}",
        )


def html_string_formatting(ctx: FileContext) -> Iterator[Candidate]:
    for node, parts in _string_builders(ctx):
        text = "".join(part for part, _ in parts)
        if not HTML_TAG.search(text):
            continue
        function = ctx.function_of(node)
        if {"escape", "quote", "clean", "Markup"} & ctx.calls_in(function):
            continue
        risky = _interpolated(ctx, node, parts)
        if not risky:
            continue
        line = ctx.first_added_line(node.lineno, node.end_lineno or node.lineno)
        if line is None:
            continue
        names = list(dict.fromkeys(name for name, _ in risky))
        from_caller = any(name.split(".")[0] in ctx.params(function) for name in names)
        yield ctx.candidate(
            "html-string-formatting",
            line,
            SECURITY_HIGH,
            0.5 if from_caller else 0.4,
            f"Cross-site scripting (XSS): HTML is built with string formatting from {quote_names(names)} without "
            "escaping, so user-controlled text containing <script> or attributes is injected into the page. "
            "Escape it (html.escape / a template engine with autoescaping).",
        )
