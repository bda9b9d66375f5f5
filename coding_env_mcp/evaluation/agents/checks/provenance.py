"""Where a string comes from: is every piece of it text the code wrote itself, or can input reach it?

A query or a page built by string formatting is only injectable if something the caller controls ends up
in the text. Code that assembles SQL from literal clauses (`"col = ?"`), placeholder lists
(`", ".join("?" * n)`), allow-listed identifiers (`SORTABLE[key]`, `x` after `if x not in ALLOWED: raise`)
and numbers is the safe, parameterised style, and flagging it is a false alarm. This module follows a
value back through the function (and, for `self.x`, through the class) to decide which it is.

`written_by_code(ctx, expr)` is deliberately conservative in the other direction too: anything it cannot
follow (a parameter, an attribute of another object, an unknown call) counts as possibly input.
"""

from __future__ import annotations

import ast

from .base import MUTATORS, SANITISERS, FileContext, dotted, last_part

# Calls whose result carries no text of their argument's choosing.
NUMERIC_CALLS = frozenset({"int", "float", "len", "bool", "round", "abs", "min", "max", "sum", "range", "count"})
# Calls that keep their argument's provenance: safe in, safe out.
PRESERVING_CALLS = frozenset(
    {"list", "tuple", "sorted", "reversed", "set", "frozenset", "str", "strip", "upper", "lower", "enumerate", "zip"}
)
PRESERVING_CALLS |= {"items", "values", "keys", "copy"}
MAX_DEPTH = 40


def is_constant_name(name: str) -> bool:
    """`COLUMNS`, `_ALLOWED_SORTS`, `store.COLUMNS`: module-level constants by convention."""
    part = last_part(name)
    return any(c.isalpha() for c in part) and part.isupper()


class Provenance:
    """Answers "is this expression text the code wrote?" for one function of one file."""

    def __init__(self, ctx: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef | None):
        self.ctx = ctx
        self.function = function
        self.params = set(ctx.params(function))
        self.allow_listed = ctx.sanitised(function)
        self._active: set[str] = set()

    def written_by_code(self, expr: ast.AST | None, depth: int = 0) -> bool:
        if expr is None:
            return True
        if depth > MAX_DEPTH:
            return False
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.Name):
            return self._name(expr.id, expr, depth)
        if isinstance(expr, ast.Attribute):
            name = dotted(expr)
            if is_constant_name(name) or name in self.allow_listed:
                return True
            if name.startswith("self.") and name.count(".") == 1:
                return self._attribute(name, depth)
            return False
        if isinstance(expr, ast.JoinedStr):
            return all(self.written_by_code(v, depth + 1) for v in expr.values)
        if isinstance(expr, ast.FormattedValue):
            return self.written_by_code(expr.value, depth + 1)
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Mult):  # "?" * n, [ "?" ] * n
                return self.written_by_code(expr.left, depth + 1) or self.written_by_code(expr.right, depth + 1)
            return self.written_by_code(expr.left, depth + 1) and self.written_by_code(expr.right, depth + 1)
        if isinstance(expr, ast.BoolOp):
            return all(self.written_by_code(v, depth + 1) for v in expr.values)
        if isinstance(expr, ast.IfExp):
            return self.written_by_code(expr.body, depth + 1) and self.written_by_code(expr.orelse, depth + 1)
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return all(self.written_by_code(e, depth + 1) for e in expr.elts)
        if isinstance(expr, ast.Starred):
            return self.written_by_code(expr.value, depth + 1)
        if isinstance(expr, ast.Subscript):
            return self._lookup(expr.value, depth)
        if isinstance(expr, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self._comprehension(expr, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, depth)
        return False

    # -- the cases that follow a value back ---------------------------------------------------------

    def _name(self, name: str, node: ast.AST, depth: int) -> bool:
        if is_constant_name(name) or name in self.allow_listed:
            return True
        if name in self._active:
            return True  # a loop in the data flow adds nothing new: judge by the other sources
        if name in self.params:
            return self._always_passed_constants(name)
        binders = self._bindings(name)
        if not binders:
            return False  # a global or a closure variable: not followed
        self._active.add(name)
        try:
            return all(self.written_by_code(value, depth + 1) for value in binders)
        finally:
            self._active.discard(name)

    def _always_passed_constants(self, param: str) -> bool:
        """A parameter every call site in the PR fills with a literal or a constant (`build(COLUMNS)`)."""
        function = self.function
        if function is None or function.name.startswith("__"):
            return False
        positional = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        if positional and positional[0] in ("self", "cls"):
            positional = positional[1:]
        calls = self.ctx.call_sites.get(function.name, [])
        if not calls:
            return False
        for call in calls:
            given = next((k.value for k in call.keywords if k.arg == param), None)
            if given is None and param in positional and positional.index(param) < len(call.args):
                given = call.args[positional.index(param)]
            if given is None or any(isinstance(a, ast.Starred) for a in call.args) or not _literal(given):
                return False
        return True

    def _attribute(self, name: str, depth: int) -> bool:
        """`self.x` is code-written when every assignment and in-place addition in the class is."""
        cls = self.ctx.class_of(self.function) if self.function is not None else None
        if cls is None or name in self._active:
            return name in self._active
        values: list[ast.AST | None] = []
        for node in ast.walk(cls):
            values.extend(_values_bound_to(node, name))
        if not values:
            return False
        self._active.add(name)
        try:
            for value, method in ((v, self._method_of(v, cls)) for v in values):
                inner = Provenance(self.ctx, method)
                inner._active = self._active
                if not inner.written_by_code(value, depth + 1):
                    return False
            return True
        finally:
            self._active.discard(name)

    def _bindings(self, name: str) -> list[ast.AST | None]:
        """Every value assigned to, added to, or iterated into `name` inside the function."""
        if self.function is None:
            return []
        values: list[ast.AST | None] = []
        for node in ast.walk(self.function):
            values.extend(_values_bound_to(node, name))
        return values

    def _lookup(self, container: ast.AST, depth: int) -> bool:
        """`ALLOWED[key]` picks a value the code wrote; so does indexing a code-written sequence."""
        return self.written_by_code(container, depth + 1)

    def _comprehension(self, expr: ast.ListComp | ast.GeneratorExp | ast.SetComp, depth: int) -> bool:
        bound = {n.id for gen in expr.generators for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        iterables_safe = all(self.written_by_code(gen.iter, depth + 1) for gen in expr.generators)
        if iterables_safe:
            self.allow_listed |= bound
        try:
            return self.written_by_code(expr.elt, depth + 1)
        finally:
            if iterables_safe:
                self.allow_listed -= bound

    def _call(self, call: ast.Call, depth: int) -> bool:
        name = last_part(dotted(call.func))
        if name in NUMERIC_CALLS or name in SANITISERS:
            return True
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        if name == "join" and receiver is not None:
            return self.written_by_code(receiver, depth + 1) and all(
                self.written_by_code(a, depth + 1) for a in call.args
            )
        if name == "format" and receiver is not None:
            arguments = [*call.args, *(k.value for k in call.keywords)]
            return self.written_by_code(receiver, depth + 1) and all(
                self.written_by_code(a, depth + 1) for a in arguments
            )
        if name == "get" and receiver is not None:  # ALLOWED.get(key[, default])
            default = call.args[1] if len(call.args) > 1 else None
            return self._lookup(receiver, depth) and self.written_by_code(default, depth + 1)
        if name in PRESERVING_CALLS:
            operands = [*call.args, *([receiver] if receiver is not None else [])]
            return all(self.written_by_code(a, depth + 1) for a in operands)
        return False

    def _method_of(self, node: ast.AST | None, cls: ast.ClassDef) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        current = self.ctx.parents.get(node) if node is not None else None
        while current is not None and current is not cls:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return current
            current = self.ctx.parents.get(current)
        return None


def _values_bound_to(node: ast.AST, name: str) -> list[ast.AST | None]:
    """The values `node` puts into `name`: assignment, augmented assignment, in-place mutation, loop target."""
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        found: list[ast.AST | None] = []
        for target in targets:
            if dotted(target) == name:
                found.append(node.value)
            elif isinstance(target, (ast.Tuple, ast.List)) and any(dotted(e) == name for e in target.elts):
                found.append(_unpacked(node.value, [dotted(e) for e in target.elts].index(name)))
        return found
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in MUTATORS
        and dotted(node.func.value) == name
    ):
        return list(node.args) if node.func.attr != "insert" else list(node.args[1:])
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        target = node.target
        if dotted(target) == name:
            return [_element(node.iter, None)]
        if isinstance(target, ast.Tuple) and any(dotted(e) == name for e in target.elts):
            return [_element(node.iter, [dotted(e) for e in target.elts].index(name))]
    return []


def _unpacked(value: ast.AST | None, index: int) -> ast.AST | None:
    """`a, b = x, y` binds a to x; anything else binds every name to the whole value (judged as a whole)."""
    if isinstance(value, (ast.Tuple, ast.List)) and index < len(value.elts):
        return value.elts[index]
    return value


def _element(iterable: ast.AST, index: int | None) -> ast.AST:
    """What a loop over `iterable` binds: for a literal sequence, a tuple of its (indexed) elements."""
    if isinstance(iterable, (ast.Tuple, ast.List)):
        picked: list[ast.expr] = []
        for element in iterable.elts:
            if index is None:
                picked.append(element)
            elif isinstance(element, (ast.Tuple, ast.List)) and index < len(element.elts):
                picked.append(element.elts[index])
            else:
                return iterable
        return ast.Tuple(elts=picked, ctx=ast.Load())
    return iterable


def _literal(expr: ast.AST) -> bool:
    """Text fixed where it is written: a literal, a constant's name, or a container or f-string of those."""
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, (ast.Name, ast.Attribute)):
        return is_constant_name(dotted(expr))
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return all(_literal(e) for e in expr.elts)
    if isinstance(expr, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or _literal(v.value) for v in expr.values)  # type: ignore[attr-defined]
    return False
