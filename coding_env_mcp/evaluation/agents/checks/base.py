"""What every check shares: the `Candidate` finding, the per-file `FileContext`, AST helpers and patterns."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ....models import BugType, IssueType, Severity

if TYPE_CHECKING:
    from .project import Project


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
LOG_CALL = re.compile(r"(^|\.)(debug|info|warning|warn|error|exception|critical|log|print)$")
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
    """One changed file: its text, AST, parent links, and the new-file lines the diff adds.

    `call_sites` maps a function name to every call of it in the PR's Python files, so a check can ask what
    callers pass (a parameter that every caller fills with a constant is not input); `project` resolves a
    call to the function it runs, also in an imported module the PR does not change.
    """

    def __init__(
        self,
        path: str,
        source: str,
        tree: ast.Module,
        added: frozenset[int],
        call_sites: Mapping[str, list[ast.Call]] | None = None,
        project: Project | None = None,
    ):
        self.path = path
        self.project = project
        self.call_sites: Mapping[str, list[ast.Call]] = call_sites or {}
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

    def class_of(self, node: ast.AST) -> ast.ClassDef | None:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, ast.ClassDef):
            current = self.parents.get(current)
        return current

    def resolve(self, call: ast.Call) -> ast.AST | None:
        """The function or class a call runs, when the PR's modules (or those they import) define it."""
        if self.project is None:
            return None
        return self.project.resolve(self.path, call.func, self.class_of(call))

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


def quote_names(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def walk_body(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of a block, not descending into nested function or class definitions."""
    stack: list[ast.AST] = list(reversed(statements))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def ancestors(ctx: FileContext, node: ast.AST, stop: ast.AST) -> Iterator[ast.AST]:
    current = ctx.parents.get(node)
    while current is not None and current is not stop:
        yield current
        current = ctx.parents.get(current)


def call_sites(trees: list[ast.Module]) -> dict[str, list[ast.Call]]:
    """Every call in these modules, by the called function's last name (`repo.build(...)` under `build`)."""
    found: dict[str, list[ast.Call]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = last_part(dotted(node.func))
                if name:
                    found.setdefault(name, []).append(node)
    return found
