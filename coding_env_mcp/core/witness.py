"""Proving tasks by execution: each planted defect's witness fails on the PR's code and passes once fixed.

A witness is a Python script run in the same sandbox as `run_python`, with the task's files as its
workspace, so whatever it shows an agent could show the same way. It must fail by a failed `assert`
(an `AssertionError` on stderr), not by crashing on an import or a typo, and must pass after the task's
`fix.patch` is applied. A clean PR's witness passes on the PR's code as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..models import RunResult
from ..sandbox import Sandbox
from .diffs import DiffError
from .patching import apply_patch
from .tasks import Task

WITNESS_TIMEOUT_S = 30.0


def run_witness(sandbox: Sandbox, files: Mapping[str, str], source: str) -> RunResult:
    """Run one witness in a fresh session over `files` (fresh, so witnesses never share state)."""
    session = sandbox.open_session(files)
    try:
        return session.run(source, WITNESS_TIMEOUT_S)
    finally:
        session.close()


def _tail(result: RunResult) -> str:
    text = (result.stderr or result.stdout).strip().splitlines()
    return " | ".join(text[-3:]) if text else "(no output)"


def prove_task(task: Task, sandbox: Sandbox) -> list[str]:
    """Every way `task`'s witnesses fail to prove it (empty when the task is proven)."""
    where = f"{task.root}"
    if task.is_clean:
        result = run_witness(sandbox, task.files, task.clean_witness or "")
        if result.exit_code != 0:
            return [f"{where}: clean_witness fails on the PR's code (exit {result.exit_code}): {_tail(result)}"]
        return []
    try:
        fixed = apply_patch(task.files, task.fix_patch or "")
    except DiffError as exc:
        return [f"{where}/fix.patch: does not apply: {exc}"]
    problems = []
    for number, issue in enumerate(task.issues, start=1):
        before = run_witness(sandbox, task.files, issue.witness)
        if before.timed_out:
            problems.append(f"{where}: issue {number}'s witness timed out on the PR's code")
        elif before.exit_code == 0:
            problems.append(f"{where}: issue {number}'s witness passes on the PR's code (it must fail)")
        elif "AssertionError" not in before.stderr:
            problems.append(
                f"{where}: issue {number}'s witness crashed instead of failing an assert on the PR's code: "
                f"{_tail(before)}"
            )
        after = run_witness(sandbox, fixed, issue.witness)
        if after.exit_code != 0:
            problems.append(
                f"{where}: issue {number}'s witness fails after fix.patch (exit {after.exit_code}): {_tail(after)}"
            )
    return problems
