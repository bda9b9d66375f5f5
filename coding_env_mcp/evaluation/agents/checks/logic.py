"""Rules for logic slips: floor-divided counts, swallowed errors, mutable defaults, identity tests, missing awaits, ..."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .base import (
    COUNT_NAME,
    DB_CALL,
    LOGIC_HIGH,
    LOGIC_MEDIUM,
    MUTATORS,
    SPLIT_NAME,
    Candidate,
    FileContext,
    dotted,
    last_part,
    names_in,
    quote_names,
    walk_body,
)


def _is_ceiling_idiom(node: ast.BinOp, ctx: FileContext) -> bool:
    parent = ctx.parents.get(node)
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub):
        return True  # -(-a // b)
    left = node.left
    if isinstance(left, ast.UnaryOp) and isinstance(left.op, ast.USub):
        return True
    return isinstance(left, ast.BinOp) and isinstance(left.op, (ast.Add, ast.Sub))  # (a + b - 1) // b


def floor_division_count(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.BinOp):
        if not isinstance(node.op, ast.FloorDiv) or node.lineno not in ctx.added or _is_ceiling_idiom(node, ctx):
            continue
        target = ctx.assigned_name(node)
        if not COUNT_NAME.search(target):
            continue
        users = _dependents(ctx, target.split()[0]) if target else []
        expression = ast.unparse(node)
        then = f" (and {quote_names(users)}, computed from it)" if users else ""
        yield ctx.candidate(
            "floor-division-count",
            node.lineno,
            LOGIC_MEDIUM,
            0.6 if SPLIT_NAME.search(target) else 0.4,
            f"`{target} = {expression}` uses floor division, which rounds down: when the total is not a multiple "
            f"of the size, the final partial page (the remainder) is not counted, so `{target}`{then} is one too "
            "low and the last items are unreachable (no next page). Round up: math.ceil(total / size) or "
            "-(-total // size).",
        )


def _dependents(ctx: FileContext, name: str) -> list[str]:
    """Names assigned or passed as keywords from expressions that read `name`."""
    found: list[str] = []
    for node in ctx.nodes(ast.keyword, ast.Assign):
        value = node.value
        if name in names_in(value):
            label = node.arg if isinstance(node, ast.keyword) else " ".join(dotted(t) for t in node.targets)
            if label and label != name and label not in found:
                found.append(label)
    return found[:3]


def swallowed_exceptions(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.ExceptHandler):
        if node.lineno not in ctx.added:
            continue
        silent = all(
            isinstance(s, (ast.Pass, ast.Continue))
            or (isinstance(s, ast.Return) and (s.value is None or isinstance(s.value, ast.Constant)))
            or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            for s in node.body
        )
        broad = node.type is None or dotted(node.type) in ("Exception", "BaseException")
        if node.type is None:
            what = "a bare `except:` catches every exception, including KeyboardInterrupt and SystemExit"
        elif broad and silent:
            what = f"`except {dotted(node.type)}:` followed by nothing but {type(node.body[0]).__name__.lower()}"
        else:
            continue
        yield ctx.candidate(
            "swallowed-exception",
            node.lineno,
            LOGIC_MEDIUM,
            (0.55 if silent else 0.45) if node.type is None else 0.45,
            f"Error handling: {what} silently swallows errors, so real failures (bugs, I/O errors, bad data) are "
            "hidden and the code carries on with a wrong result. Catch the specific exceptions you expect and "
            "log or re-raise the rest.",
        )


def mutable_defaults(ctx: FileContext) -> Iterator[Candidate]:
    for function in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        args = function.args
        positional = [*args.posonlyargs, *args.args]
        pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
        for arg, default in pairs:
            mutable = isinstance(default, (ast.List, ast.Dict, ast.Set)) or (
                isinstance(default, ast.Call) and dotted(default.func) in ("list", "dict", "set", "defaultdict")
            )
            if mutable and default.lineno in ctx.added:
                shared = any(
                    _mutated_name(node) == arg.arg
                    or (isinstance(node, ast.Return) and node.value is not None and arg.arg in names_in(node.value))
                    for node in ast.walk(function)
                )
                yield ctx.candidate(
                    "mutable-default",
                    default.lineno,
                    LOGIC_MEDIUM,
                    0.6 if shared else 0.35,
                    f"Mutable default argument `{arg.arg}={ast.unparse(default)}` in `{function.name}`: the default "
                    "is created once, when the function is defined, and shared by every call, so changes made in "
                    "one call leak into the next (state persists across calls/requests). Default to None and "
                    "create a new object inside.",
                )


def _mutated_name(node: ast.AST) -> str | None:
    """The plain variable a statement mutates in place (x.append(...), x[k] = v, x += ...), if any."""
    target: ast.AST | None = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
        target = node.func.value
    elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
        target = node.targets[0].value
    elif isinstance(node, ast.AugAssign):
        target = node.target
    return target.id if isinstance(target, ast.Name) else None


def identity_with_literal(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Compare):
        if node.lineno not in ctx.added:
            continue
        for op, right in zip(node.ops, node.comparators, strict=True):
            literal = isinstance(right, ast.Constant) and not isinstance(right.value, (bool, type(None), type(...)))
            if isinstance(op, (ast.Is, ast.IsNot)) and (literal or isinstance(right, (ast.List, ast.Dict, ast.Tuple))):
                yield ctx.candidate(
                    "identity-with-literal",
                    node.lineno,
                    LOGIC_MEDIUM,
                    0.55,
                    f"`{ast.unparse(node)}` compares identity, not equality: whether two equal values are the same "
                    "object is an implementation detail, so this is often False for equal values. Use == / !=.",
                )


def missing_await(ctx: FileContext) -> Iterator[Candidate]:
    coroutines = {f.name for f in ctx.nodes(ast.AsyncFunctionDef)}
    if not coroutines:
        return
    for node in ctx.nodes(ast.Call):
        name = last_part(dotted(node.func))
        parent = ctx.parents.get(node)
        if name not in coroutines or node.lineno not in ctx.added or not isinstance(parent, ast.Expr):
            continue  # awaited, or handed to create_task/gather, returned or stored on purpose
        yield ctx.candidate(
            "missing-await",
            node.lineno,
            LOGIC_HIGH,
            0.55,
            f"`{ast.unparse(node)}` calls a coroutine function without `await`: it only creates a coroutine "
            "object that is never run, so the work silently does not happen (RuntimeWarning: never awaited).",
        )


def mutation_while_iterating(ctx: FileContext) -> Iterator[Candidate]:
    for loop in ctx.nodes(ast.For):
        collection = dotted(loop.iter)
        if not collection:
            continue
        for node in walk_body(loop.body):
            mutated = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("remove", "pop", "insert", "clear") and dotted(node.func.value) == collection:
                    mutated = node
            elif isinstance(node, ast.Delete) and any(
                isinstance(t, ast.Subscript) and dotted(t.value) == collection for t in node.targets
            ):
                mutated = node
            if mutated is not None and mutated.lineno in ctx.added:
                yield ctx.candidate(
                    "mutation-while-iterating",
                    mutated.lineno,
                    LOGIC_MEDIUM,
                    0.5,
                    f"`{collection}` is modified while the loop iterates over it: elements are skipped (list) or "
                    "RuntimeError is raised (dict/set). Iterate over a copy or build a new collection.",
                )
                break


def return_in_finally(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Try):
        for child in walk_body(node.finalbody):
            if isinstance(child, (ast.Return, ast.Break, ast.Continue)) and child.lineno in ctx.added:
                yield ctx.candidate(
                    "return-in-finally",
                    child.lineno,
                    LOGIC_MEDIUM,
                    0.5,
                    "A return/break inside `finally` discards any exception raised in the try block, so failures "
                    "are silently swallowed. Move it out of the finally clause.",
                )


def query_in_loop(ctx: FileContext) -> Iterator[Candidate]:
    for loop in ctx.nodes(ast.For, ast.AsyncFor, ast.comprehension):
        target_names = set(names_in(loop.target)) | {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
        body = loop.body if isinstance(loop, (ast.For, ast.AsyncFor)) else [ctx.parents[loop]]
        for node in walk_body(body):  # type: ignore[arg-type]
            if not isinstance(node, ast.Call) or node.lineno not in ctx.added:
                continue
            per_item = any(target_names & set(names_in(arg)) for arg in [*node.args, *(k.value for k in node.keywords)])
            if not per_item:
                continue
            if DB_CALL.match(last_part(dotted(node.func))):
                how = f"`{dotted(node.func)}(...)` runs one database query"
            elif (query := _query_in_helper(ctx, node)) is not None:
                how = f"`{dotted(node.func)}(...)` runs a database query (`{query}`)"
            else:
                continue
            yield ctx.candidate(
                "query-in-loop",
                node.lineno,
                ("performance", "logic", "medium"),
                0.45,
                f"N+1 queries: {how} per loop iteration, so the number of round trips grows with the data and "
                "the endpoint slows down linearly. Fetch everything in one query (a batched lookup, WHERE id IN "
                "(...) or a JOIN).",
            )
            break


def _query_in_helper(ctx: FileContext, call: ast.Call) -> str | None:
    """The query call inside the project function `call` runs, when it runs one on every call (not a cache)."""
    helper = ctx.resolve(call)
    if not isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)) or helper is ctx.function_of(call):
        return None
    if any(isinstance(n, (ast.For, ast.AsyncFor)) for n in walk_body(helper.body)) or "cache" in ast.unparse(helper):
        return None  # a batched lookup (a loop of its own) or a cache in front: not plainly one query a call
    for node in walk_body(helper.body):
        if isinstance(node, ast.Call) and last_part(dotted(node.func)) in ("execute", "query", "scalar", "scalars"):
            return dotted(node.func)
    return None
