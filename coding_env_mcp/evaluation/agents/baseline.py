"""The baseline reviewer: deterministic static analysis, played through MCP like any agent.

It reads the PR the way an MCP client can (the observation, the `task://{id}/diff` resource, each
changed file's `task://{id}/files/{path}` resource and the project modules those files import), runs the generic checks of `checks.py`, and submits
its most confident candidates, the last one with `final=true` and the verdict `request_changes`; with no
candidate it approves the PR (`finish_episode(verdict="approve")`).
It never runs code and never sees an answer key, so its score is an honest floor for the suite: an agent
that cannot beat pattern matching is not reviewing.

Choices that keep it precise (a false positive lowers the episode score): candidates below
`MIN_CONFIDENCE` are dropped, one candidate per (file, rule) and per (file, line), and at most
`MAX_FINDINGS` findings (never more than the episode's `max_steps`).
"""

from __future__ import annotations

from ..session import EpisodeSession, ResourceReadError
from .checks import Candidate, review
from .checks.project import imported_paths

MIN_CONFIDENCE = 0.45
MAX_FINDINGS = 3


def choose(candidates: list[Candidate], max_steps: int) -> list[Candidate]:
    """The candidates worth submitting, most confident first."""
    chosen: list[Candidate] = []
    seen_rules: set[tuple[str, str]] = set()
    seen_lines: set[tuple[str, int]] = set()
    for candidate in sorted(candidates, key=lambda c: (-c.confidence, c.file_path, c.line, c.rule)):
        if candidate.confidence < MIN_CONFIDENCE:
            continue
        rule_key = (candidate.file_path, candidate.rule)
        line_key = (candidate.file_path, candidate.line)
        if rule_key in seen_rules or line_key in seen_lines:
            continue
        seen_rules.add(rule_key)
        seen_lines.add(line_key)
        chosen.append(candidate)
    return chosen[: min(MAX_FINDINGS, max_steps)]


class BaselineReviewer:
    """Static-analysis reviewer; see the module docstring."""

    name = "baseline"
    model: str | None = None

    async def play(self, episode: EpisodeSession) -> None:
        task_id = episode.task_id
        diff = await episode.read(f"task://{task_id}/diff")
        files = {}
        for path in episode.observation["changed_files"]:
            files[path] = await episode.read(f"task://{task_id}/files/{path}")
        context = {}
        for path in imported_paths(files):
            try:
                context[path] = await episode.read(f"task://{task_id}/files/{path}")
            except ResourceReadError:
                continue  # not a file of this repository (a third-party or standard-library module)
        chosen = choose(review(diff, files, context), episode.max_steps)
        if not chosen:
            outcome = await episode.call("finish_episode", {"verdict": "approve"})
            if outcome.is_error:
                raise RuntimeError(f"finish_episode was refused: {outcome.text}")
            return
        for number, candidate in enumerate(chosen, start=1):
            outcome = await episode.call(
                "submit_review",
                {
                    "file_path": candidate.file_path,
                    "line_number": candidate.line,
                    "issue_type": candidate.issue_type,
                    "bug_type": candidate.bug_type,
                    "severity": candidate.severity,
                    "confidence": candidate.confidence,
                    "review": candidate.review,
                    "final": number == len(chosen),
                    **({"verdict": "request_changes"} if number == len(chosen) else {}),
                },
            )
            if outcome.is_error:
                raise RuntimeError(f"submit_review was refused: {outcome.text}")
            if episode.done:
                return

    async def aclose(self) -> None:
        pass
