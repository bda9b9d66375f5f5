"""Static review checks: generic defect patterns found in a PR's changed Python files, by AST.

This is what the baseline reviewer knows. Each rule looks for a well-known defect pattern (SQL built by
string formatting, blocking work inside a held lock, floor division in a page count, bare excepts,
mutable defaults, shell=True, unsafe deserialisation, path joins with caller input, ...) and proposes a
`Candidate` finding with a confidence. Only lines the diff adds are reported: a review is about the
change. The rules know nothing about any task; they see exactly what an MCP client sees (the diff and the
post-PR files), which keeps the baseline an honest floor.

Pure functions of text: no I/O, no execution of the code under review.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from ...core.diffs import DiffError, parse_diff
from ...models import BugType, IssueType, Severity


@dataclass(frozen=True)
class Candidate:
    """A finding the checks propose; `confidence` ranks them and decides which get submitted."""

    rule: str
    file_path: str
    line: int
    issue_type: IssueType
    bug_type: BugType
    severity: Severity
    confidence: float
    review: str


SQL_KEYWORDS = re.compile(
    r"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WHERE|ORDER\s+BY|GROUP\s+BY|VALUES|FROM|JOIN|LIMIT|SET)\b", re.I
)
SQL_STRONG = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I)
HTML_TAG = re.compile(
    r"<\s*/?\s*(a|b|i|p|em|strong|div|span|html|body|head|script|style|table|tr|td|th|ul|ol|li|h[1-6]|img|input|"
    r"form|pre|code|br|title|option|select|label|button|iframe|link|meta|textarea|small|section|article|nav)"
    r"(\s[^<>]*)?/?>",
    re.I,
)
LOCK_NAME = re.compile(r"(lock|mutex|semaphore)", re.I)
BLOCKING_CALL = re.compile(
    r"(^|_)(fetch|request|requests|urlopen|sleep|send|sendall|recv|connect|download|upload|post|put|retry|refresh|"
    r"call_remote|remote|http|rpc|check_output|check_call)(_|$)",
    re.I,
)
BLOCKING_MODULES = ("requests.", "httpx.", "urllib.", "socket.", "subprocess.", "time.sleep", "smtplib.")
COUNT_NAME = re.compile(r"(page|pages|count|total|num_|n_|chunks|batches|buckets|slots|shards)", re.I)
SPLIT_NAME = re.compile(r"(page|chunk|batch|shard|bucket)", re.I)
SECRET_NAME = re.compile(
    r"(password|passwd|pwd|secret|api_?key|private_?key|credential|auth_?token|access_?token|refresh_?token|"
    r"reset_?token|session_?token|bearer)",
    re.I,
)
TOKEN_CONTEXT = re.compile(r"(token|secret|password|passwd|nonce|salt|otp|session|api_?key|reset|invite|csrf)", re.I)
USER_PATH_PARAM = re.compile(r"(name|file|path|key|upload|slug|dir|folder|user|doc|attachment|report)", re.I)
PATH_GUARDS = (
    "resolve",
    "realpath",
    "abspath",
    "normpath",
    "commonpath",
    "is_relative_to",
    "secure_filename",
    "basename",
    "relative_to",
)
SANITISERS = ("int", "float", "bool", "escape", "quote", "quote_ident", "validate", "sanitize", "sanitise")
DB_CALL = re.compile(r"^(execute|executemany|query|fetchone|fetchall|scalar|scalars|raw|get_by_id|find_one)$")
RANDOM_FUNCS = (
    "random.choice",
    "random.choices",
    "random.randint",
    "random.random",
    "random.getrandbits",
    "random.sample",
    "random.randrange",
    "random.shuffle",
)
MUTATORS = ("append", "extend", "update", "pop", "popitem", "clear", "setdefault", "add", "remove", "discard", "insert")
TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$")


# -- helpers ---------------------------------------------------------------------------------------


def dotted(node: ast.AST) -> str:
    """`self._fetch`, `requests.get`, `open`; '' for anything that is not a name chain."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return ""


def last_part(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def names_in(node: ast.AST) -> list[str]:
    """Variable names an expression reads, in order (attribute chains as `a.b`)."""
    found: list[str] = []
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Load):
            name = dotted(child)
            if name and name not in found:
                found.append(name)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id not in found:
            found.append(child.id)
    return [name for name in found if not any(other.startswith(name + ".") for other in found)]


def has_string(node: ast.AST, *values: str) -> bool:
    return any(isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value in values for c in ast.walk(node))


class FileContext:
    """One changed file: its text, AST, parent links, and the new-file lines the diff adds."""

    def __init__(self, path: str, source: str, tree: ast.Module, added: frozenset[int]):
        self.path = path
        self.lines = source.splitlines()
        self.tree = tree
        self.added = added
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent

    def nodes(self, *types: type[ast.AST]) -> Iterator[ast.AST]:
        for node in ast.walk(self.tree):
            if isinstance(node, types):
                yield node

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            current = self.parents.get(current)
        return current

    def params(self, function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> list[str]:
        if function is None:
            return []
        args = function.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        return [a.arg for a in every if a.arg not in ("self", "cls")]

    def sanitised(self, function: ast.AST | None) -> set[str]:
        """Names the function checks against a collection (`x in ALLOWED`) or passes through a sanitiser."""
        if function is None:
            return set()
        names: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
                names.update(names_in(node.left))
            elif isinstance(node, ast.Call) and last_part(dotted(node.func)) in SANITISERS:
                for arg in node.args:
                    names.update(names_in(arg))
                parent = self.parents.get(node)
                if isinstance(parent, ast.Assign):
                    for target in parent.targets:
                        names.update(names_in(target) if isinstance(target, ast.Attribute) else [dotted(target)])
        return names

    def calls_in(self, function: ast.AST | None) -> set[str]:
        if function is None:
            return set()
        return {last_part(dotted(n.func)) for n in ast.walk(function) if isinstance(n, ast.Call)}

    def first_added_line(self, start: int, end: int, pattern: str | None = None) -> int | None:
        """The first added line in [start, end] (containing `pattern` if given)."""
        for number in range(start, end + 1):
            if number in self.added and (pattern is None or re.search(pattern, self.lines[number - 1])):
                return number
        return None

    def assigned_name(self, node: ast.AST) -> str:
        """The name an expression is assigned to, passed as (keyword), or returned from (function name)."""
        current, child = self.parents.get(node), node
        while current is not None:
            if isinstance(current, ast.Assign):
                return " ".join(dotted(t) for t in current.targets)
            if isinstance(current, (ast.AnnAssign, ast.AugAssign)):
                return dotted(current.target)
            if isinstance(current, ast.keyword):
                return current.arg or ""
            if isinstance(current, ast.Return):
                function = self.function_of(current)
                return function.name if function else ""
            if isinstance(current, (ast.stmt, ast.FunctionDef)):
                return ""
            current, child = self.parents.get(current), current
        del child
        return ""

    def candidate(
        self, rule: str, line: int, kind: tuple[IssueType, BugType, Severity], confidence: float, review: str
    ) -> Candidate:
        issue_type, bug_type, severity = kind
        return Candidate(rule, self.path, line, issue_type, bug_type, severity, confidence, " ".join(review.split()))


Rule = Callable[[FileContext], Iterator[Candidate]]
SECURITY_HIGH: tuple[IssueType, BugType, Severity] = ("security", "security", "high")
SECURITY_MEDIUM: tuple[IssueType, BugType, Severity] = ("security", "security", "medium")
LOGIC_MEDIUM: tuple[IssueType, BugType, Severity] = ("logic", "logic", "medium")
LOGIC_HIGH: tuple[IssueType, BugType, Severity] = ("logic", "logic", "high")


def _quote(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


# -- string-built queries and markup -----------------------------------------------------------------


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
    """(name, constant text before it) for each interpolated name the function does not sanitise."""
    function = ctx.function_of(node)
    clean = ctx.sanitised(function)
    for assign in ast.walk(function) if function is not None else ():
        if isinstance(assign, ast.Assign) and has_string(assign.value, "?", "%s"):
            clean.update(dotted(target) for target in assign.targets)  # e.g. marks = ",".join("?" * n)
    found: list[tuple[str, str]] = []
    before = ""
    for text, expr in parts:
        before += text
        if expr is None:
            continue
        if has_string(expr, "?", "%s", ":1") or any(
            isinstance(c, ast.Call) and last_part(dotted(c.func)) in SANITISERS for c in ast.walk(expr)
        ):
            continue  # building placeholders, or a sanitised value
        for name in names_in(expr):
            if name in clean or "placeholder" in name.lower() or last_part(name).isupper():
                continue  # validated, a placeholder list, or a constant
            found.append((name, before))
    return found


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
            f"SQL injection: the query text is built with string formatting and interpolates {_quote(names)} into "
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
            f"Cross-site scripting (XSS): HTML is built with string formatting from {_quote(names)} without "
            "escaping, so user-controlled text containing <script> or attributes is injected into the page. "
            "Escape it (html.escape / a template engine with autoescaping).",
        )


# -- concurrency ------------------------------------------------------------------------------------


def _is_blocking(call: ast.Call) -> bool:
    name = dotted(call.func)
    if not name:
        return False
    if name.startswith(BLOCKING_MODULES):
        return True
    part = last_part(name).lstrip("_")
    return part not in ("get", "wait", "acquire", "release", "notify", "notify_all") and bool(
        BLOCKING_CALL.search(part)
    )


def _walk_body(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of a block, not descending into nested function or class definitions."""
    stack: list[ast.AST] = list(reversed(statements))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def blocking_call_under_lock(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.With, ast.AsyncWith):
        locks = [dotted(item.context_expr) for item in node.items if LOCK_NAME.search(dotted(item.context_expr))]
        if not locks:
            continue
        for child in _walk_body(node.body):
            if isinstance(child, ast.Call) and _is_blocking(child) and child.lineno in ctx.added:
                call = dotted(child.func)
                yield ctx.candidate(
                    "blocking-call-under-lock",
                    child.lineno,
                    ("performance", "logic", "high"),
                    0.6,
                    f"`{call}(...)` runs while `{locks[0]}` is held. It is a blocking call (network I/O, a remote "
                    "fetch, or a sleep) that can be slow or retry, and meanwhile every other thread that needs the "
                    "lock blocks behind it: one slow call stalls all callers (lock contention), even those that "
                    "only need data already cached. Make the call outside the critical section and hold the lock "
                    "only to read and update shared state (or use a per-key lock / single-flight).",
                )
                break


def unguarded_shared_state(ctx: FileContext) -> Iterator[Candidate]:
    """An attribute mutated under `with self._lock` in one method but without the lock in another."""
    for cls in ctx.nodes(ast.ClassDef):
        guarded: set[str] = set()
        unguarded: list[tuple[str, int, str]] = []
        for method in cls.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or method.name == "__init__":
                continue
            for node in ast.walk(method):
                target = _mutated_attribute(node)
                if target is None:
                    continue
                inside = any(
                    isinstance(p, (ast.With, ast.AsyncWith))
                    and any(LOCK_NAME.search(dotted(i.context_expr)) for i in p.items)
                    for p in _ancestors(ctx, node, method)
                )
                if inside:
                    guarded.add(target)
                else:
                    unguarded.append((target, node.lineno, method.name))
        for target, line, method_name in unguarded:
            if target in guarded and line in ctx.added and not LOCK_NAME.search(target):
                yield ctx.candidate(
                    "unguarded-shared-state",
                    line,
                    LOGIC_HIGH,
                    0.5,
                    f"Race condition: `{target}` is updated under the lock elsewhere in the class, but "
                    f"`{method_name}` mutates it without holding the lock. Concurrent threads can interleave here "
                    "(lost updates, check-then-act races, or iteration over a dict being changed). Take the same "
                    "lock around this access.",
                )
                break


def _mutated_attribute(node: ast.AST) -> str | None:
    targets: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
        targets = [node.func.value]
    for target in targets:
        while isinstance(target, ast.Subscript):
            target = target.value
        name = dotted(target)
        if name.startswith("self.") and name.count(".") == 1:
            return name
    return None


def _ancestors(ctx: FileContext, node: ast.AST, stop: ast.AST) -> Iterator[ast.AST]:
    current = ctx.parents.get(node)
    while current is not None and current is not stop:
        yield current
        current = ctx.parents.get(current)


# -- logic --------------------------------------------------------------------------------------------


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
        then = f" (and {_quote(users)}, computed from it)" if users else ""
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
        for node in _walk_body(loop.body):
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
        for child in _walk_body(node.finalbody):
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
        for node in _walk_body(body):  # type: ignore[arg-type]
            if not isinstance(node, ast.Call) or node.lineno not in ctx.added:
                continue
            if DB_CALL.match(last_part(dotted(node.func))) and any(
                target_names & set(names_in(arg)) for arg in [*node.args, *(k.value for k in node.keywords)]
            ):
                yield ctx.candidate(
                    "query-in-loop",
                    node.lineno,
                    ("performance", "logic", "medium"),
                    0.45,
                    f"N+1 queries: `{dotted(node.func)}(...)` runs one database query per loop iteration, so the "
                    "number of round trips grows with the data and the endpoint slows down linearly. Fetch "
                    "everything in one query (WHERE id IN (...) or a JOIN).",
                )
                break


# -- security --------------------------------------------------------------------------------------------


def shell_injection(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        shell = any(
            k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
        )
        system = dotted(node.func) in ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput")
        if not (shell or system) or node.lineno not in ctx.added:
            continue
        command = node.args[0] if node.args else None
        dynamic = command is not None and not isinstance(command, ast.Constant)
        yield ctx.candidate(
            "shell-injection",
            node.lineno,
            SECURITY_HIGH if dynamic else SECURITY_MEDIUM,
            0.65 if dynamic else 0.35,
            f"Command injection: `{dotted(node.func)}` runs its command through a shell"
            + (" and the command is built from variables" if dynamic else "")
            + ", so shell metacharacters in user input (; | $() `) execute arbitrary commands. Pass an argument "
            "list without shell=True (and shlex.quote if a shell is unavoidable).",
        )


def unsafe_deserialisation(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        name = dotted(node.func)
        unsafe = name in (
            "pickle.loads",
            "pickle.load",
            "cPickle.loads",
            "marshal.loads",
            "dill.loads",
            "jsonpickle.decode",
            "shelve.open",
            "yaml.unsafe_load",
        )
        if name in ("yaml.load", "yaml.load_all"):
            loader = next(
                (k.value for k in node.keywords if k.arg == "Loader"), node.args[1] if len(node.args) > 1 else None
            )
            unsafe = loader is None or "Safe" not in dotted(loader)
        if unsafe and node.lineno in ctx.added:
            yield ctx.candidate(
                "unsafe-deserialisation",
                node.lineno,
                SECURITY_HIGH,
                0.6,
                f"Insecure deserialisation: `{name}` can construct arbitrary objects, so data from an untrusted "
                "source (a request, a cookie, a file a user uploaded) leads to remote code execution. Use a data "
                "format such as JSON, or yaml.safe_load.",
            )


def dynamic_eval(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        dynamic = node.args and not isinstance(node.args[0], ast.Constant)
        if dotted(node.func) in ("eval", "exec") and dynamic and node.lineno in ctx.added:
            params = ctx.params(ctx.function_of(node))
            from_caller = any(name.split(".")[0] in params for name in names_in(node.args[0]))
            yield ctx.candidate(
                "dynamic-eval",
                node.lineno,
                ("security", "security", "critical"),
                0.6 if from_caller else 0.4,
                f"Code injection: `{dotted(node.func)}` runs a string built at run time; if any part of it "
                "comes from user input, a caller executes arbitrary code. Parse the data instead "
                "(ast.literal_eval, json).",
            )


def path_traversal(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call, ast.BinOp):
        if node.lineno not in ctx.added:
            continue
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in ("os.path.join", "Path", "pathlib.Path", "send_from_directory") and len(node.args) >= 2:
                operands: list[ast.AST] = list(node.args[1:])  # joined onto a base: the first argument
            elif name.endswith("joinpath"):
                operands = list(node.args)
            else:
                continue
        elif isinstance(node.op, ast.Div) and (
            isinstance(node.left, (ast.Call, ast.Name, ast.Attribute, ast.BinOp))
            and re.search(r"(path|dir|root|base|folder|Path)", ast.unparse(node.left))
        ):
            operands = [node.right]
        else:
            continue
        function = ctx.function_of(node)
        params = [p for p in ctx.params(function) if USER_PATH_PARAM.search(p)]
        used = [name for operand in operands for name in names_in(operand) if name in params]
        if not used or set(PATH_GUARDS) & ctx.calls_in(function) or has_string(function or node, "..", "../"):
            continue
        yield ctx.candidate(
            "path-traversal",
            node.lineno,
            SECURITY_HIGH,
            0.5,
            f"Path traversal: `{used[0]}` comes from the caller and is joined into a filesystem path without "
            "normalising it and checking it stays inside the base directory, so `../` sequences or an absolute "
            "path escape it and read or overwrite arbitrary files. Resolve the path and check "
            "Path.is_relative_to(base) (or reject path separators).",
        )


def weak_password_hash(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        name = dotted(node.func)
        if not re.match(r"^hashlib\.(md5|sha1|sha224|sha256|sha384|sha512|new)$", name) or node.lineno not in ctx.added:
            continue
        subject = " ".join(names_in(node)) + " " + ctx.assigned_name(node)
        function = ctx.function_of(node)
        if re.search(r"(password|passwd|pwd)", subject + (function.name if function else ""), re.I):
            yield ctx.candidate(
                "weak-password-hash",
                node.lineno,
                SECURITY_HIGH,
                0.55,
                f"Weak password hashing: `{name}` is a fast, unsalted hash, so leaked hashes are cracked by brute "
                "force or rainbow tables. Use a slow salted KDF (bcrypt, scrypt, argon2, hashlib.pbkdf2_hmac).",
            )


def insecure_random(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        if dotted(node.func) not in RANDOM_FUNCS or node.lineno not in ctx.added:
            continue
        function = ctx.function_of(node)
        subject = ctx.assigned_name(node) + " " + (function.name if function else "")
        if TOKEN_CONTEXT.search(subject):
            yield ctx.candidate(
                "insecure-random",
                node.lineno,
                SECURITY_HIGH,
                0.55,
                f"Predictable secret: `{dotted(node.func)}` uses the Mersenne Twister PRNG, which is not "
                "cryptographically secure, so tokens made from it can be predicted. Use the secrets module.",
            )


def tls_verification_disabled(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call, ast.Attribute):
        if node.lineno not in ctx.added:
            continue
        bad = (
            isinstance(node, ast.Call)
            and any(
                k.arg == "verify" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
        ) or (
            isinstance(node, ast.Attribute)
            and (
                node.attr == "_create_unverified_context"
                or (node.attr == "CERT_NONE" and isinstance(ctx.parents.get(node), (ast.Assign, ast.keyword)))
            )
        )
        if bad:
            yield ctx.candidate(
                "tls-verification-disabled",
                node.lineno,
                SECURITY_HIGH,
                0.6,
                "TLS certificate verification is disabled, so anyone on the network path can impersonate the "
                "server (man-in-the-middle) and read or alter the traffic, credentials included.",
            )


def timing_unsafe_compare(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Compare):
        if node.lineno not in ctx.added or not all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            continue
        sides = [node.left, *node.comparators]
        if any(isinstance(side, ast.Constant) for side in sides):
            continue
        text = " ".join(dotted(side) or ast.unparse(side) for side in sides)
        if SECRET_NAME.search(text) or re.search(r"(signature|hmac|digest|csrf|\bmac\b)", text, re.I):
            yield ctx.candidate(
                "timing-unsafe-compare",
                node.lineno,
                SECURITY_MEDIUM,
                0.45,
                f"`{ast.unparse(node)}` compares a secret with ==, which stops at the first differing byte: the "
                "response time leaks how much matched (timing side channel). Use hmac.compare_digest.",
            )


def hardcoded_secret(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Assign, ast.AnnAssign):
        value = node.value
        if node.lineno not in ctx.added or not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        name = " ".join(dotted(t) for t in targets)
        secret = value.value
        looks_real = (
            len(secret) >= 8
            and not re.search(r"[\s/]", secret)
            and re.search(r"\d", secret) is not None
            and re.search(r"[A-Za-z]", secret) is not None
        )
        excluded = re.search(r"(header|name|field|env|url|prefix|path)", name, re.I)
        if SECRET_NAME.search(name) and looks_real and not excluded:
            yield ctx.candidate(
                "hardcoded-secret",
                node.lineno,
                SECURITY_HIGH,
                0.45,
                f"Hard-coded credential: `{name}` is a secret committed in source, readable by anyone with the "
                "code and impossible to rotate without a deploy. Load it from the environment or a secret store.",
            )


def logged_secret(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        name = dotted(node.func)
        if not re.search(r"(^|\.)(debug|info|warning|warn|error|exception|critical|log|print)$", name):
            continue
        if node.lineno not in ctx.added:
            continue
        read = [n for arg in node.args for n in names_in(arg)]
        leaked = [n for n in read if SECRET_NAME.search(last_part(n)) and not re.search(r"(len|count|id$)", n)]
        if leaked:
            yield ctx.candidate(
                "logged-secret",
                node.lineno,
                SECURITY_MEDIUM,
                0.45,
                f"Sensitive data in logs: `{leaked[0]}` is written to the log, where it is kept, shipped and read "
                "by people and systems that must not see credentials. Log an identifier or a redacted form.",
            )


RULES: tuple[Rule, ...] = (
    sql_string_formatting,
    html_string_formatting,
    blocking_call_under_lock,
    unguarded_shared_state,
    floor_division_count,
    swallowed_exceptions,
    mutable_defaults,
    identity_with_literal,
    missing_await,
    mutation_while_iterating,
    return_in_finally,
    query_in_loop,
    shell_injection,
    unsafe_deserialisation,
    dynamic_eval,
    path_traversal,
    weak_password_hash,
    insecure_random,
    tls_verification_disabled,
    timing_unsafe_compare,
    hardcoded_secret,
    logged_secret,
)


def check_file(path: str, source: str, added: frozenset[int]) -> list[Candidate]:
    """Every candidate in one changed Python file, on lines the diff adds."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        line = exc.lineno or 1
        if line not in added:
            line = min(added, key=lambda n: abs(n - line)) if added else line
        return [
            Candidate(
                "syntax-error",
                path,
                line,
                "logic",
                "syntax",
                "high",
                0.8,
                f"Syntax error: the file does not parse ({exc.msg}), so importing it fails and every caller breaks.",
            )
        ]
    ctx = FileContext(path, source, tree, added)
    found: list[Candidate] = []
    for rule in RULES:
        found.extend(candidate for candidate in rule(ctx) if candidate.line in added)
    return found


def review(diff: str, files: Mapping[str, str]) -> list[Candidate]:
    """Candidates over every changed, non-test Python file of the PR, most confident first."""
    try:
        changed = parse_diff(diff)
    except DiffError:
        return []
    found: list[Candidate] = []
    for item in changed:
        if item.is_deleted or not item.path.endswith(".py") or TEST_PATH.search(item.path):
            continue
        source = files.get(item.path)
        if source is not None and item.added_lines:
            found.extend(check_file(item.path, source, item.added_lines))
    return sorted(found, key=lambda c: (-c.confidence, c.file_path, c.line))
