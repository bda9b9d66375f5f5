"""The architecture, pinned: layers import downward only, and the core never loads a transport.

models, settings                      shared vocabulary (imports nothing of the package)
output_schemas                        JSON Schema rewriting, pure (imports nothing of the package)
sandbox                               run_python isolation (vocabulary only)
core                                  env, grader, tasks (+ sandbox)
records                               the durable record (+ core)
server                                the MCP surface (+ core)
http, cli, evaluation                 the surfaces that compose everything
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coding_env_mcp

PACKAGE = Path(coding_env_mcp.__file__).parent
TRANSPORTS = ("mcp", "starlette", "uvicorn", "sse_starlette", "httpx2")

# Which top-level parts of the package each layer may import.
ALLOWED = {
    "models": set(),
    "settings": set(),
    "output_schemas": set(),
    "sandbox": {"models", "settings", "sandbox"},
    "core": {"models", "settings", "sandbox", "core"},
    "records": {"models", "settings", "core", "records"},
    "server": {"models", "settings", "core", "output_schemas", "__init__"},
}


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def _imports(path: Path) -> set[str]:
    """The package modules `path` imports, as dotted names (relative imports resolved)."""
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    package = parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            if name.startswith("coding_env_mcp"):
                found.add(name)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("coding_env_mcp")}
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_downward(layer: str):
    paths = [PACKAGE / f"{layer}.py"] if (PACKAGE / f"{layer}.py").exists() else sorted((PACKAGE / layer).rglob("*.py"))
    violations = []
    for path in paths:
        for imported in _imports(path):
            target = _layer(imported)
            if target not in ALLOWED[layer] and target != layer:
                violations.append(f"{_module_name(path)} imports {imported}")
    assert not violations, "upward imports:\n" + "\n".join(violations)


def test_the_core_grader_sandbox_and_records_load_no_transport():
    """In a fresh interpreter: importing every module of these layers loads no MCP SDK, Starlette or uvicorn."""
    modules = [
        _module_name(path)
        for layer in ("core", "sandbox", "records")
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if path.name != "kernel.py"
    ] + ["coding_env_mcp.models", "coding_env_mcp.settings", "coding_env_mcp.http.healthcheck"]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({TRANSPORTS!r}))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"transport modules loaded by the core: {result.stdout.strip()}"
