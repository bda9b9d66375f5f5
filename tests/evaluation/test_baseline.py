"""The baseline reviewer: each static check on code that has the defect and on code that does not, and the
agent playing through a real MCP client without ever touching an answer key."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from mcp import Client

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.evaluation.agents.baseline import BaselineReviewer, choose
from coding_env_mcp.evaluation.agents.checks import Candidate, review
from coding_env_mcp.evaluation.agents.checks.project import imported_paths
from coding_env_mcp.evaluation.runner import play_rollout
from coding_env_mcp.server import build_server

pytestmark = pytest.mark.anyio

AGENTS_DIR = Path(__file__).resolve().parents[2] / "coding_env_mcp" / "evaluation" / "agents"


def new_file_diff(path: str, source: str) -> str:
    lines = source.splitlines()
    body = "".join(f"+{line}\n" for line in lines)
    return f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"


def found(source: str, path: str = "app/module.py") -> list[Candidate]:
    source = textwrap.dedent(source).lstrip("\n")
    return review(new_file_diff(path, source), {path: source})


def rules(source: str, path: str = "app/module.py") -> set[str]:
    return {candidate.rule for candidate in found(source, path)}


CASES = {
    "sql-string-formatting": (
        """
        def find(conn, name):
            return conn.execute(f"SELECT id FROM users WHERE name = '{name}'").fetchall()
        """,
        """
        COLUMNS = ("name", "email")
        def find(conn, name, column):
            if column not in COLUMNS:
                raise ValueError(column)
            marks = ",".join("?" * 3)
            conn.execute(f"SELECT id FROM users WHERE {column} IN ({marks})", (1, 2, 3))
            return conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchall()
        """,
    ),
    "blocking-call-under-lock": (
        """
        class Cache:
            def get(self, key):
                with self._lock:
                    value = self._fetch(key)
                    self._data[key] = value
                    return value
        """,
        """
        class Cache:
            def get(self, key):
                value = self._fetch(key)
                with self._lock:
                    self._data[key] = value
                    self._ready.wait()
                    return self._data.get(key)
        """,
    ),
    "floor-division-count": (
        """
        def pages(items, size):
            total_pages = len(items) // size
            return total_pages
        """,
        """
        def pages(items, size):
            total_pages = -(-len(items) // size)
            middle = len(items) // 2
            return total_pages, middle
        """,
    ),
    "swallowed-exception": (
        """
        def load(path):
            try:
                return open(path).read()
            except:
                return None
        """,
        """
        def load(path):
            try:
                return open(path).read()
            except FileNotFoundError:
                return None
        """,
    ),
    "mutable-default": (
        """
        def remember(item, seen=[]):
            seen.append(item)
            return seen
        """,
        """
        def remember(item, seen=None):
            seen = [] if seen is None else seen
            return [*seen, item]
        """,
    ),
    "shell-injection": (
        """
        import subprocess
        def archive(name):
            subprocess.run(f"tar czf {name}.tgz data", shell=True)
        """,
        """
        import subprocess
        def archive(name):
            subprocess.run(["tar", "czf", f"{name}.tgz", "data"])
        """,
    ),
    "unsafe-deserialisation": (
        """
        import pickle, yaml
        def load(blob, text):
            return pickle.loads(blob), yaml.load(text)
        """,
        """
        import json, yaml
        def load(blob, text):
            return json.loads(blob), yaml.load(text, Loader=yaml.SafeLoader)
        """,
    ),
    "path-traversal": (
        """
        import os
        BASE = "/srv/uploads"
        def read_upload(filename):
            with open(os.path.join(BASE, filename)) as handle:
                return handle.read()
        """,
        """
        from pathlib import Path
        BASE = Path("/srv/uploads")
        def read_upload(filename):
            path = (BASE / filename).resolve()
            if not path.is_relative_to(BASE):
                raise PermissionError(filename)
            return path.read_text()
        """,
    ),
    "unguarded-shared-state": (
        """
        class Counter:
            def add(self, key):
                with self._lock:
                    self._counts[key] = self._counts.get(key, 0) + 1
            def reset(self, key):
                self._counts.pop(key, None)
        """,
        """
        class Counter:
            def add(self, key):
                with self._lock:
                    self._counts[key] = self._counts.get(key, 0) + 1
            def reset(self, key):
                with self._lock:
                    self._counts.pop(key, None)
        """,
    ),
    "missing-await": (
        """
        async def save(record):
            ...
        async def handle(record):
            save(record)
        """,
        """
        async def save(record):
            ...
        async def handle(record):
            await save(record)
        """,
    ),
    "html-string-formatting": (
        """
        def greeting(name):
            return f"<p>Hello {name}</p>"
        """,
        """
        import html
        def greeting(name):
            return f"<p>Hello {html.escape(name)}</p>"
        """,
    ),
    "insecure-random": (
        """
        import random, string
        def reset_token():
            return "".join(random.choice(string.ascii_letters) for _ in range(32))
        """,
        """
        import secrets
        def reset_token():
            return secrets.token_urlsafe(32)
        """,
    ),
    "timing-unsafe-compare": (
        """
        def check(request, expected_signature):
            return request.signature == expected_signature
        """,
        """
        import hmac
        def check(request, expected_signature):
            return hmac.compare_digest(request.signature, expected_signature)
        """,
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_check_flags_the_defect_and_spares_the_fix(rule: str):
    defective, fixed = CASES[rule]
    assert rule in rules(defective)
    assert rule not in rules(fixed)


def test_findings_point_at_the_defective_line_with_a_reasoned_review():
    (sql,) = found(
        """
        def search(conn, term, direction):
            query = (
                "SELECT id FROM users WHERE name LIKE ? "
                f"ORDER BY name {direction}"
            )
            return conn.execute(query, (term,))
        """
    )
    assert (sql.line, sql.issue_type, sql.bug_type, sql.severity) == (4, "security", "security", "high")
    assert "`direction`" in sql.review and "ORDER BY" in sql.review and "SQL injection" in sql.review


def test_only_added_lines_and_non_test_python_files_are_reviewed():
    source = "def load(path):\n    try:\n        return open(path).read()\n    except:\n        return None\n"
    context_only = (
        "--- a/app/io.py\n+++ b/app/io.py\n@@ -1,5 +1,6 @@\n"
        " def load(path):\n+    # read the file\n     try:\n         return open(path).read()\n     except:\n"
        "         return None\n"
    )
    changed = "def load(path):\n    # read the file\n" + source.split("\n", 1)[1]
    assert review(context_only, {"app/io.py": changed}) == []
    assert rules(source, path="tests/test_io.py") == set()
    assert rules(source, path="app/notes.txt") == set()
    (broken,) = found("def f(:\n    pass\n")
    assert (broken.rule, broken.bug_type, broken.line) == ("syntax-error", "syntax", 1)


def test_choose_is_precise_and_bounded():
    make = lambda rule, line, confidence: Candidate(  # noqa: E731
        rule, "app/a.py", line, "logic", "logic", "medium", confidence, "why"
    )
    candidates = [make("r1", 1, 0.9), make("r1", 5, 0.8), make("r2", 1, 0.7), make("r3", 9, 0.3), make("r4", 3, 0.6)]
    chosen = choose(candidates, max_steps=5)
    assert [(c.rule, c.line) for c in chosen] == [("r1", 1), ("r4", 3)]
    assert len(choose([make(f"r{i}", i, 0.9) for i in range(10)], max_steps=2)) == 2


def imported_modules(path: Path, package: str) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved against `package`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_agents_never_import_the_answer_keys_or_the_env_core():
    """Agents only see what an MCP client sees: nothing under evaluation/agents may import the task
    registry (answer keys), the grader, the env core, the sandbox or the record."""
    forbidden = (
        "core.tasks",
        "core.grader",
        "core.env",
        "core.recorder",
        "core.witness",
        "core.live_episodes",
        "records",
        "sandbox",
        "server",
    )
    seen = set()
    for path in AGENTS_DIR.rglob("*.py"):
        parts = path.relative_to(AGENTS_DIR.parents[1]).parent.parts
        imported = imported_modules(path, ".".join(("coding_env_mcp", *parts)))
        seen |= imported
        for name in forbidden:
            assert not any(
                m == f"coding_env_mcp.{name}" or m.startswith(f"coding_env_mcp.{name}.") for m in imported
            ), f"{path.name} imports coding_env_mcp.{name}"
    assert "coding_env_mcp.core.diffs" in seen and "coding_env_mcp.evaluation.session" in seen  # the resolver works


async def test_the_baseline_plays_through_mcp_tools_and_resources(env: ReviewEnv, registry):
    async with Client(build_server(env)) as client:
        tools = (await client.list_tools()).tools
        for task in registry.select():
            result = await play_rollout(
                client, tools, BaselineReviewer(), task.summary().model_dump(), 0, "test", timeout_s=60
            )
            assert result.error is None and result.finished_by == "agent" and result.done, task.task_id
            # the diff, each changed file, and the project modules they import (those that exist)
            files = {path: task.files[path] for path in task.changed_files}
            tried = imported_paths(files)
            assert 1 + len(files) <= result.tool_calls["read_resource"] <= 1 + len(files) + len(tried)
            assert result.grade is not None and result.score == result.grade.score
            if result.findings:  # it requests changes with its last finding...
                assert set(result.tool_calls) == {"read_resource", "submit_review"}
                assert result.findings[-1].final and result.verdict == "request_changes"
            else:  # ...or, with nothing found, approves
                assert set(result.tool_calls) == {"read_resource", "finish_episode"}
                assert result.verdict == "approve" and result.grade.verdict == "approve"
            if task.task_id in ("task_easy_1", "task_medium_1", "task_hard_1"):
                assert result.grade.false_positives == 0 and result.grade.issues_found == 1
