"""Static review checks, one module per family (`strings`, `concurrency`, `logic`, `security`, `resources`, `boundaries`, `redirects`, `numeric`, `truthiness`, `retries`): generic defect patterns found in a PR's changed Python files, by AST.

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
from collections.abc import Mapping

from ....core.diffs import DiffError, parse_diff
from .base import TEST_PATH, Candidate, FileContext, Rule, call_sites
from .boundaries import inclusive_slice_end, negative_zero_slice, unclamped_day_replace
from .concurrency import blocking_call_under_lock, callback_under_lock, unguarded_shared_state
from .logic import (
    floor_division_count,
    identity_with_literal,
    missing_await,
    mutable_defaults,
    mutation_while_iterating,
    query_in_loop,
    return_in_finally,
    swallowed_exceptions,
)
from .numeric import decimal_to_float_arithmetic
from .project import Project
from .redirects import open_redirect, prefix_containment
from .resources import leaked_mkstemp_descriptor, unreleased_on_error
from .retries import key_made_per_attempt
from .security import (
    deserialisation_through_helper,
    dynamic_eval,
    hardcoded_secret,
    insecure_random,
    logged_secret,
    path_traversal,
    predictable_temp_file,
    shell_injection,
    timing_unsafe_compare,
    tls_verification_disabled,
    unsafe_deserialisation,
    weak_password_hash,
)
from .strings import html_string_formatting, sql_string_formatting
from .truthiness import object_truth_test

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
    deserialisation_through_helper,
    dynamic_eval,
    path_traversal,
    weak_password_hash,
    insecure_random,
    tls_verification_disabled,
    timing_unsafe_compare,
    hardcoded_secret,
    logged_secret,
    unreleased_on_error,
    leaked_mkstemp_descriptor,
    negative_zero_slice,
    inclusive_slice_end,
    unclamped_day_replace,
    open_redirect,
    prefix_containment,
    callback_under_lock,
    predictable_temp_file,
    decimal_to_float_arithmetic,
    object_truth_test,
    key_made_per_attempt,
)


def _syntax_error(path: str, exc: SyntaxError, added: frozenset[int]) -> Candidate:
    line = exc.lineno or 1
    if line not in added:
        line = min(added, key=lambda n: abs(n - line)) if added else line
    return Candidate(
        "syntax-error",
        path,
        line,
        "logic",
        "syntax",
        "high",
        0.8,
        f"Syntax error: the file does not parse ({exc.msg}), so importing it fails and every caller breaks.",
    )


def check_file(
    path: str,
    source: str,
    added: frozenset[int],
    sites: Mapping[str, list[ast.Call]] | None = None,
    project: Project | None = None,
    tree: ast.Module | None = None,
) -> list[Candidate]:
    """Every candidate in one changed Python file, on lines the diff adds."""
    if tree is None:
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            return [_syntax_error(path, exc, added)]
    if project is None:
        project = Project({path: tree}, {path: added})
    ctx = FileContext(path, source, tree, added, sites if sites is not None else call_sites([tree]), project)
    found: list[Candidate] = []
    for rule in RULES:
        found.extend(candidate for candidate in rule(ctx) if candidate.line in added)
    return found


def review(diff: str, files: Mapping[str, str], context: Mapping[str, str] | None = None) -> list[Candidate]:
    """Candidates over every changed, non-test Python file of the PR, most confident first.

    `context` holds unchanged project files the changed ones import (see `project.imported_paths`): calls
    are followed into them, but nothing in them is reported.
    """
    try:
        changed = parse_diff(diff)
    except DiffError:
        return []
    reviewed = [
        (item.path, files[item.path], item.added_lines)
        for item in changed
        if not item.is_deleted
        and item.path.endswith(".py")
        and not TEST_PATH.search(item.path)
        and item.path in files
        and item.added_lines
    ]
    trees = {}
    for path, source, _added in reviewed:
        try:
            trees[path] = ast.parse(source)
        except SyntaxError:
            continue
    sites = call_sites(list(trees.values()))
    modules = dict(trees)
    for path, source in {**(context or {}), **files}.items():
        if path.endswith(".py") and path not in modules:
            try:
                modules[path] = ast.parse(source)
            except SyntaxError:
                continue
    project = Project(modules, {path: added for path, _source, added in reviewed})
    found: list[Candidate] = []
    for path, source, added in reviewed:
        found.extend(check_file(path, source, added, sites, project, trees.get(path)))
    return sorted(found, key=lambda c: (-c.confidence, c.file_path, c.line))
