"""Rules for resource leaks: a connection, lock, socket or file handle that is not given back on every path.

The safe forms are a `with` block, or a release in the `finally` of a `try` that starts right after the
acquisition. The defects this family finds are the near variants: the release only on the success path
(an exception skips it), a `try/finally` entered only after more work that can raise, and a descriptor
returned by `tempfile.mkstemp` that is never used or closed. A resource handed elsewhere (returned,
yielded, stored on an object, passed to a caller-owned structure) changes owner and is not judged here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import LOG_CALL, Candidate, FileContext, ancestors, dotted, last_part, names_in, walk_body

ACQUIRE = re.compile(r"^(acquire|connect|getconn|get_connection|checkout|borrow|open|urlopen|create_connection)$")
RELEASE = frozenset({"release", "close", "putconn", "checkin", "give_back", "return_connection", "release_connection"})
RESOURCE_LEAK = ("logic", "logic", "high")
Function = ast.FunctionDef | ast.AsyncFunctionDef


def unreleased_on_error(ctx: FileContext) -> Iterator[Candidate]:
    for function in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        for acquired in _acquisitions(function):
            name = dotted(acquired.targets[0])
            releases = [n for n in walk_body(function.body) if isinstance(n, ast.Call) and _releases(n, name)][::-1]
            if not releases or _changes_owner(function, name) or _released_on_every_error(ctx, releases):
                continue
            finally_try = next(
                (
                    t
                    for t in ancestors(ctx, releases[0], function)
                    if isinstance(t, ast.Try) and _in_finally(ctx, t, releases[0])
                ),
                None,
            )
            if finally_try is None:
                yield _success_path_only(ctx, acquired, releases[0], name)
                continue
            gap = _work_between(ctx, acquired, finally_try)
            if gap is not None:
                yield ctx.candidate(
                    "release-after-gap",
                    gap.lineno,
                    RESOURCE_LEAK,
                    round(_confidence(acquired) - 0.05, 2),
                    f"Resource leak on the error path: `{name}` is acquired on line {acquired.lineno}, but the "
                    f"`try`/`finally` that releases it only starts on line {finally_try.lineno}. "
                    f"`{_short(gap)}` runs in between and can raise (a failed query, a validation error), and then "
                    f"`{name}` is never released: each failure leaks one, until the pool is exhausted and every "
                    "later request blocks. Start the try (or a with block) right after acquiring it.",
                )


def _success_path_only(ctx: FileContext, acquired: ast.Assign, release: ast.Call, name: str) -> Candidate:
    return ctx.candidate(
        "release-on-success-only",
        release.lineno,
        RESOURCE_LEAK,
        _confidence(acquired),
        f"Resource leak: `{_short(release)}` runs only on the success path. When anything between acquiring "
        f"`{name}` (line {acquired.lineno}) and this line raises, the exception skips the release, so every "
        "failure leaks one (connection pool exhaustion, too many open files). Release it in a finally block "
        "or use a with block.",
    )


def leaked_mkstemp_descriptor(ctx: FileContext) -> Iterator[Candidate]:
    """`fd, path = tempfile.mkstemp()` opens the file; a `fd` nobody reads is an open descriptor, leaked."""
    for node in ctx.nodes(ast.Assign):
        value = node.value
        if (
            not (isinstance(value, ast.Call) and last_part(dotted(value.func)) == "mkstemp")
            or node.lineno not in ctx.added
        ):
            continue
        target = node.targets[0]
        if not (isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name)):
            continue
        fd = target.elts[0].id
        scope = ctx.function_of(node) or ctx.tree
        if any(isinstance(n, ast.Name) and n.id == fd and isinstance(n.ctx, ast.Load) for n in ast.walk(scope)):
            continue
        yield ctx.candidate(
            "leaked-mkstemp-descriptor",
            node.lineno,
            ("logic", "logic", "medium"),
            0.6,
            f"File descriptor leak: tempfile.mkstemp returns an already-open descriptor, but `{fd}` is never used "
            "or closed (the file is opened again by name), so every call leaks one descriptor until the process "
            "hits its limit (too many open files). Wrap it with os.fdopen(fd, ...) or os.close(fd).",
        )


# -- helpers ---------------------------------------------------------------------------------------


def _acquisitions(function: Function) -> Iterator[ast.Assign]:
    """`x = pool.acquire()` / `x = await pool.acquire()` statements, directly in some block of the function."""
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if isinstance(value, ast.Call) and ACQUIRE.match(last_part(dotted(value.func))):
            yield node


def _releases(call: ast.Call, name: str) -> bool:
    """`pool.release(x)`, `x.close()`, `x.release()`."""
    method = last_part(dotted(call.func))
    if method not in RELEASE:
        return False
    on_it = isinstance(call.func, ast.Attribute) and dotted(call.func.value) == name
    return on_it or any(isinstance(arg, ast.Name) and arg.id == name for arg in call.args)


def _changes_owner(function: Function, name: str) -> bool:
    """The resource is returned, yielded or stored somewhere that outlives the call."""
    for node in ast.walk(function):
        handed_back = isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None
        if handed_back and name in names_in(node.value) and not isinstance(node.value, ast.Call):  # type: ignore[union-attr]
            return True
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == name:
            return True
        if isinstance(node, ast.withitem) and name in names_in(node.context_expr):
            return True  # `with conn:` / `with closing(conn):` closes it
    return False


def _released_on_every_error(ctx: FileContext, releases: list[ast.Call]) -> bool:
    """A release in a finally, or in a broad except handler (that re-raises) next to the normal one."""
    for release in releases:
        current = ctx.parents.get(release)
        while current is not None:
            if isinstance(current, ast.ExceptHandler) and (
                current.type is None or dotted(current.type) in ("Exception", "BaseException")
            ):
                return True
            current = ctx.parents.get(current)
    return False


def _in_finally(ctx: FileContext, statement: ast.Try, node: ast.AST) -> bool:
    return any(node is n for part in statement.finalbody for n in ast.walk(part))


def _work_between(ctx: FileContext, acquired: ast.Assign, guarded: ast.Try) -> ast.stmt | None:
    """The first statement after the acquisition and before its try/finally that can raise, if any."""
    block = _block_of(ctx, acquired)
    if block is None or guarded not in block:
        return None
    for statement in block[block.index(acquired) + 1 : block.index(guarded)]:
        if isinstance(statement, ast.Raise):
            return statement
        if any(isinstance(n, ast.Raise) for n in ast.walk(statement)):
            return statement  # an early exit that skips the release
        name = dotted(acquired.targets[0])
        if any(_uses(call, name) for call in ast.walk(statement) if isinstance(call, ast.Call)):
            return statement  # work on the resource itself (a query, a send) that can fail
    return None


def _uses(call: ast.Call, name: str) -> bool:
    """A call that works through the resource with arguments: `conn.execute(sql)`, `send(sock, data)`."""
    if LOG_CALL.search(dotted(call.func)) or not (call.args or call.keywords):
        return False
    receiver = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    return receiver == name or any(name in names_in(arg) for arg in call.args)


def _block_of(ctx: FileContext, statement: ast.stmt) -> list[ast.stmt] | None:
    parent = ctx.parents.get(statement)
    for field in ("body", "orelse", "finalbody", "handlers"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and statement in block:
            return block
    return None


def _confidence(acquired: ast.Assign) -> float:
    """Pooled connections and locks starve everyone when leaked; a file handle is reclaimed eventually."""
    value = acquired.value.value if isinstance(acquired.value, ast.Await) else acquired.value
    return 0.4 if last_part(dotted(value.func)) in ("open", "urlopen") else 0.6  # type: ignore[union-attr]


def _short(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 70 else text[:67] + "..."
