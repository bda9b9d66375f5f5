"""Rules for "is this target ours?" checks done on strings: open redirects and prefix containment.

- An open redirect: a redirect target accepted because it `startswith("/")`. `//evil.example/` also starts
  with "/", and browsers read it as another host (a protocol-relative URL), as they do `/\\evil.example`.
  Safe when the code also rejects "//" (and "\\\\") or checks the parsed URL's netloc.
  Only targets the code redirects to count (the function or variable names a next/redirect target and the
  module redirects): elsewhere `startswith("/")` is an absolute-path test.
- Containment by string prefix: `path.startswith(base)` says `/srv/data-evil/x` is inside `/srv/data`.
  Safe when the prefix ends with a separator (`base + os.sep`) or the check is by path components
  (`os.path.commonpath`, `Path.is_relative_to`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import SECURITY_HIGH, SECURITY_MEDIUM, Candidate, FileContext, dotted, has_string, last_part

REDIRECT_CONTEXT = re.compile(r"(next|redirect|return_?to|continue|came_from|goto|back_?url|success_?url)", re.I)
URL_PARSERS = frozenset({"urlparse", "urlsplit", "url_has_allowed_host_and_scheme", "is_safe_url", "netloc"})
DIRECTORY_NAME = re.compile(r"(root|base|dir|folder|home|directory|prefix_path|upload|storage|sandbox|jail)", re.I)
CONTAINMENT_GUARDS = frozenset({"commonpath", "is_relative_to", "relative_to"})


def open_redirect(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        if not _startswith_literal(node, "/") or node.lineno not in ctx.added:
            continue
        function = ctx.function_of(node)
        if function is None:
            continue
        subject = dotted(node.func.value) if isinstance(node.func, ast.Attribute) else ""  # type: ignore[union-attr]
        context = " ".join([function.name, subject, *ctx.params(function)])
        if not REDIRECT_CONTEXT.search(context) or not any("redirect" in line.lower() for line in ctx.lines):
            continue  # not a redirect target: an absolute-path check, say
        if has_string(function, "//", "\\", "/\\", "\\\\") or URL_PARSERS & _names_used(function):
            continue
        yield ctx.candidate(
            "open-redirect",
            node.lineno,
            SECURITY_MEDIUM,
            0.55,
            f"Open redirect: `{ast.unparse(node)}` is the only test that `{subject or 'the target'}` is a page of "
            "this site, but a protocol-relative URL such as //evil.example/login (or /\\evil.example) also "
            "starts with '/', and the browser follows it to another host: a phishing link that looks like "
            "ours. Reject targets starting with // or /\\, or parse the URL and require an empty netloc.",
        )


def prefix_containment(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "startswith") or len(node.args) != 1:
            continue
        prefix = node.args[0]
        if isinstance(prefix, (ast.Constant, ast.Tuple)) or node.lineno not in ctx.added:
            continue
        function = ctx.function_of(node)
        prefix_name = ast.unparse(prefix)
        if not DIRECTORY_NAME.search(prefix_name) or _ends_with_separator(prefix, function):
            continue
        if CONTAINMENT_GUARDS & _names_used(function):
            continue
        yield ctx.candidate(
            "prefix-containment",
            node.lineno,
            SECURITY_HIGH,
            0.55,
            f"Path traversal by prefix: `{ast.unparse(node)}` checks containment with a string prefix and no "
            "path separator, so a sibling directory that merely shares the prefix (e.g. /srv/users/123 next to "
            "/srv/users/12) passes as inside it. Compare path components: os.path.commonpath([base, path]) == "
            "base, Path.is_relative_to, or a prefix that ends with os.sep.",
        )


def _startswith_literal(node: ast.Call, literal: str) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "startswith"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == literal
    )


def _names_used(function: ast.AST | None) -> set[str]:
    if function is None:
        return set()
    return {last_part(dotted(n)) for n in ast.walk(function) if isinstance(n, (ast.Name, ast.Attribute))}


def _ends_with_separator(prefix: ast.AST, function: ast.AST | None) -> bool:
    """`base + os.sep`, `base + "/"`, `os.path.join(base, "")`, or a variable assigned one of those."""
    candidates = [prefix]
    if isinstance(prefix, ast.Name) and function is not None:
        candidates += [
            n.value
            for n in ast.walk(function)
            if isinstance(n, ast.Assign) and any(dotted(t) == prefix.id for t in n.targets)
        ]
    for value in candidates:
        text = ast.unparse(value)
        if "sep" in text or has_string(value, "/", "\\", "") or text.endswith("/'"):
            return True
    return False
