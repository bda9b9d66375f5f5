"""The task suite's composition: what a benchmark user checks before trusting a score computed on it.

Counts by difficulty, split and verdict (and the clean share of each difficulty), how many buggy PRs plant
several issues, which defect classes and licences the suite holds, and how large its PRs are. A pure function
of the loaded tasks (`tasks stats`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..models import DIFFICULTIES
from .tasks import Task


@dataclass(frozen=True)
class Spread:
    """A distribution in three numbers."""

    min: int
    median: float
    max: int

    @classmethod
    def of(cls, values: Sequence[int]) -> Spread:
        return cls(min(values), statistics.median(values), max(values)) if values else cls(0, 0, 0)


@dataclass(frozen=True)
class Composition:
    tasks: int
    by_difficulty: dict[str, int]
    by_split: dict[str, int]
    clean: int
    clean_by_split: dict[str, int]
    clean_by_difficulty: dict[str, int]
    buggy: int
    multi_issue: int
    issues: int
    defect_classes: dict[str, int]
    cwe: dict[str, int]
    licences: dict[str, int]
    changed_lines: Spread
    changed_files: Spread

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def changed_line_count(diff: str) -> int:
    """Lines the diff adds or removes (headers excluded)."""
    return sum(1 for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")))


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def composition(tasks: Sequence[Task]) -> Composition:
    buggy = [task for task in tasks if not task.is_clean]
    return Composition(
        tasks=len(tasks),
        by_difficulty=_counts(task.difficulty for task in tasks),
        by_split=_counts(task.split for task in tasks),
        clean=len(tasks) - len(buggy),
        clean_by_split=_counts(task.split for task in tasks if task.is_clean),
        clean_by_difficulty=_counts(task.difficulty for task in tasks if task.is_clean),
        buggy=len(buggy),
        multi_issue=sum(len(task.issues) >= 2 for task in buggy),
        issues=sum(len(task.issues) for task in buggy),
        defect_classes=_counts(label for task in buggy for label in task.labels if not label.startswith("cwe-")),
        cwe=_counts(label for task in buggy for label in task.labels if label.startswith("cwe-")),
        licences=_counts(task.source_license or "written for the suite" for task in tasks),
        changed_lines=Spread.of([changed_line_count(task.diff) for task in tasks]),
        changed_files=Spread.of([len(task.changed_files) for task in tasks]),
    )


def describe(suite: Composition) -> str:
    """The composition as a short text report."""

    def share(part: int, whole: int) -> str:
        return f"{part} ({part / whole:.0%})" if whole else "0"

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{name} {count}" for name, count in counts.items()) or "-"

    lines = [
        f"tasks: {suite.tasks}; by difficulty: {listing(suite.by_difficulty)}; by split: {listing(suite.by_split)}",
        f"clean: {share(suite.clean, suite.tasks)} (per split: "
        + ", ".join(f"{s} {share(suite.clean_by_split.get(s, 0), n)}" for s, n in suite.by_split.items())
        + ")",
        "clean per difficulty: "
        + ", ".join(
            f"{level} {share(suite.clean_by_difficulty.get(level, 0), suite.by_difficulty[level])}"
            for level in DIFFICULTIES
            if level in suite.by_difficulty
        ),
        f"buggy: {suite.buggy}, {suite.issues} planted issue(s), {suite.issues / suite.buggy:.2f} per PR; "
        f"two or more issues: {share(suite.multi_issue, suite.buggy)}"
        if suite.buggy
        else "buggy: 0",
        f"defect classes ({len(suite.defect_classes)}): {listing(suite.defect_classes)}",
        f"CWE ids ({len(suite.cwe)}): {listing(suite.cwe)}",
        f"code: {listing(suite.licences)}",
        f"changed lines per PR: min {suite.changed_lines.min}, median {suite.changed_lines.median:g}, "
        f"max {suite.changed_lines.max}; changed files per PR: min {suite.changed_files.min}, "
        f"median {suite.changed_files.median:g}, max {suite.changed_files.max}",
    ]
    return "\n".join(lines)
