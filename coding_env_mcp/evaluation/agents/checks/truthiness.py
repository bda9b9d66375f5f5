"""Rules for results tested as truth values when they are objects that are always true.

`if not verify(...)` reads like a check, but when `verify` returns a dataclass (or any plain object
without `__bool__` or `__len__`) the result is always truthy: the condition never holds, and a rejection
it guards never happens. The fix is to test the field the object carries (`.ok`, `.valid`). The rule
follows the call to its definition (in the same module or an imported one), and reports it only when the
function always returns such an object: its return annotation names that class exactly (no `| None`,
no Optional) and it has no bare `return` / `return None`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import LOGIC_HIGH, SECURITY_HIGH, Candidate, FileContext, dotted, walk_body

GUARD_NAME = re.compile(r"(verif|valid|auth|sign|permi|allow|check|trust|access)", re.I)
ALWAYS_TRUE_BASES = frozenset({"", "object", "NamedTuple", "typing.NamedTuple"})


def object_truth_test(ctx: FileContext) -> Iterator[Candidate]:
    if ctx.project is None:
        return
    for node in ctx.nodes(ast.Call, ast.Name):
        if node.lineno not in ctx.added or not _tested(ctx, node):
            continue
        call = node if isinstance(node, ast.Call) else _assigned_call(ctx, node)
        if call is None:
            continue
        function = ctx.resolve(call)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        cls = _always_returned_class(ctx, function)
        if cls is None:
            continue
        fields = [s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
        flag = next((f for f in fields if re.search(r"(ok|valid|success|allowed|passed)", f, re.I)), None)
        fix = f"test its `{flag}` field" if flag else "test the field that carries the answer"
        guard = GUARD_NAME.search(function.name) is not None
        yield ctx.candidate(
            "object-truth-test",
            node.lineno,
            SECURITY_HIGH if guard else LOGIC_HIGH,
            0.6,
            f"`{ast.unparse(node)}` is used as a truth value, but `{function.name}` returns a `{cls.name}` "
            f"object (a {_kind(cls)} with no __bool__), and an object is always truthy: the condition never "
            f"changes, so {'the check never rejects anything (a bypass: a forged or invalid input passes)' if guard else 'the branch is always (or never) taken'}. "
            f"Unpack the result and {fix}.",
        )


def _tested(ctx: FileContext, node: ast.AST) -> bool:
    """The expression is the condition of an if/while/assert/ternary, or negated, or an operand of and/or there."""
    parent = ctx.parents.get(node)
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    while isinstance(parent, ast.BoolOp):
        node, parent = parent, ctx.parents.get(parent)
    return isinstance(parent, (ast.If, ast.While, ast.Assert, ast.IfExp)) and parent.test is node


def _assigned_call(ctx: FileContext, name: ast.Name) -> ast.Call | None:
    """`result = f(...)` earlier in the same function, when `result` is assigned only there."""
    function = ctx.function_of(name)
    if function is None:
        return None
    assigned = [
        n
        for n in walk_body(function.body)
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id for t in n.targets)
    ]
    if len(assigned) != 1 or assigned[0].lineno >= name.lineno or not isinstance(assigned[0].value, ast.Call):
        return None
    return assigned[0].value


def _always_returned_class(ctx: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.ClassDef | None:
    annotation = function.returns
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if not isinstance(annotation, ast.Name) or isinstance(function, ast.AsyncFunctionDef):
        return None
    for node in walk_body(function.body):
        if isinstance(node, ast.Return) and (
            node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            return None
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return None
    home = ctx.project.home(function) if ctx.project else None
    cls = ctx.project.top_level(home, annotation.id) if ctx.project and home else None
    if not isinstance(cls, ast.ClassDef) or not _always_true(cls):
        return None
    return cls


def _always_true(cls: ast.ClassDef) -> bool:
    """A class whose instances are truthy whatever they hold: no __bool__/__len__, nothing inherited that may add one."""
    if any(dotted(base) not in ALWAYS_TRUE_BASES for base in cls.bases) or cls.keywords:
        return False
    methods = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    if methods & {"__bool__", "__len__"}:
        return False
    return bool(_kind(cls))


def _kind(cls: ast.ClassDef) -> str:
    if any(dotted(d.func if isinstance(d, ast.Call) else d).endswith("dataclass") for d in cls.decorator_list):
        return "dataclass"
    if any(dotted(base).endswith("NamedTuple") for base in cls.bases):
        return "non-empty NamedTuple"
    return ""
