"""The PR's Python modules and the project modules they import, so a check can follow a call into another file.

A defect often shows only where two files meet: a handler tests the result of a helper that returns an
object (always true), an import endpoint passes an upload to a codec that unpickles, a loop calls a
helper that runs a query. The changed files alone do not say what the helper does; the module it comes
from does. `imported_paths` lists the files a reviewer would open next (the project modules a changed
file imports, as repository paths to try), and `Project` resolves a call on a changed line to the
function it runs, in the same file or in an imported one. Only imports are followed, one level deep:
no guessing of files, no execution.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from .base import dotted


def _module_paths(module: str) -> list[str]:
    base = module.replace(".", "/")
    return [f"{base}.py", f"{base}/__init__.py"]


def _package_of(path: str) -> list[str]:
    return path.split("/")[:-1]


def _absolute(module: str | None, level: int, path: str) -> str | None:
    """`from .x import y` in `a/b/c.py` → `a.b.x`; absolute names unchanged."""
    if level == 0:
        return module
    package = _package_of(path)
    if level - 1 > len(package):
        return None
    parts = package[: len(package) - (level - 1)]
    if module:
        parts += module.split(".")
    return ".".join(parts) if parts else None


def _imports(tree: ast.Module, path: str) -> list[tuple[str, str, str | None]]:
    """(local name, module, imported attribute or None) for each import of the module."""
    found: list[tuple[str, str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.asname or alias.name, alias.name, None))
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, path)
            if module is None:
                continue
            for alias in node.names:
                if alias.name != "*":
                    found.append((alias.asname or alias.name, module, alias.name))
    return found


def _roots(paths: Iterable[str]) -> list[str]:
    """Folder prefixes a module name may be relative to (`''`, and `src/` for a src layout)."""
    roots = {""}
    for path in paths:
        parts = path.split("/")
        for i in range(1, len(parts) - 1):
            roots.add("/".join(parts[:i]) + "/")
    return sorted(roots, key=len)


def imported_paths(files: Mapping[str, str], limit: int = 40) -> list[str]:
    """Repository paths that may hold a project module the given Python files import (to try reading).

    Only modules whose top package is a folder the PR's files sit in are tried (the standard library and
    third-party packages are not the project's to review), and the folders the PR shows decide between
    a submodule (`from pkg import mod` → pkg/mod.py) and a name in a module (`from pkg.mod import f`).
    """
    folders = {"/".join(parts[:i]) + "/" for path in files for parts in [path.split("/")] for i in range(1, len(parts))}
    roots = _roots(files)
    wanted: list[str] = []
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for _local, module, attr in _imports(tree, path):
            for root in roots:
                if root + module.split(".")[0] + "/" not in folders:
                    continue  # the standard library or a third-party package
                base = root + module.replace(".", "/")
                if base + "/" not in folders:
                    candidates = [base + ".py"]
                elif attr and base + "/" + attr + "/" in folders:
                    candidates = [f"{base}/{attr}/__init__.py"]
                elif attr:
                    candidates = [f"{base}/{attr}.py"]
                else:
                    candidates = [f"{base}/__init__.py"]
                wanted.extend(c for c in candidates if c not in files and c not in wanted)
    return wanted[:limit]


class Project:
    """Every parsed module of the PR (changed files and the imported context), with call resolution."""

    def __init__(self, modules: Mapping[str, ast.Module], added: Mapping[str, frozenset[int]] | None = None):
        self.modules = dict(modules)
        self.added = dict(added or {})
        self.roots = _roots(self.modules)
        self._imports = {path: _imports(tree, path) for path, tree in self.modules.items()}
        self._home = {
            node: path
            for path, tree in self.modules.items()
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }

    def home(self, definition: ast.AST) -> str | None:
        """The module path a function or class is defined in."""
        return self._home.get(definition)

    def is_added(self, definition: ast.AST, node: ast.AST) -> bool:
        """`node` (inside `definition`) sits on a line this PR adds, so a check on that file reports it there."""
        home = self.home(definition)
        return home is not None and getattr(node, "lineno", 0) in self.added.get(home, frozenset())

    def module(self, name: str) -> str | None:
        for root in self.roots:
            for candidate in _module_paths(name):
                if root + candidate in self.modules:
                    return root + candidate
        return None

    def top_level(self, path: str, name: str) -> ast.AST | None:
        """A function or class defined at the top of module `path` (or imported into it)."""
        if path not in self.modules:
            return None
        found = self._defined_in(path, name)
        if found is not None:
            return found
        for local, module, attr in self._imports.get(path, []):
            if local == name and attr is not None:
                target = self.module(module)
                if target is not None and target != path:
                    return self._defined_in(target, attr)
        return None

    def _defined_in(self, path: str, name: str) -> ast.AST | None:
        tree = self.modules[path]
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
                return node
        return None

    def resolve(self, path: str, func: ast.expr, scope: ast.ClassDef | None = None) -> ast.AST | None:
        """What `func` (the callee of a call in module `path`) names: a function or class, or None.

        `name(...)` is looked up in the module and its `from m import name`s; `mod.name(...)` through an
        imported project module; `self.name(...)` in the enclosing class.
        """
        if isinstance(func, ast.Name):
            return self.top_level(path, func.id)
        if not isinstance(func, ast.Attribute):
            return None
        owner = dotted(func.value)
        if owner in ("self", "cls") and scope is not None:
            return next(
                (
                    n
                    for n in scope.body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == func.attr
                ),
                None,
            )
        for local, module, attr in self._imports.get(path, []):
            if local != owner:
                continue
            target = self.module(f"{module}.{attr}" if attr else module)
            if target is not None:
                return self._defined_in(target, func.attr)
        return None
