"""The README's claims that numbers can check: its worked grading example."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding_env_mcp.core.grader import grade
from coding_env_mcp.models import ReviewAction

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_worked_example_matches_the_grader(registry):
    findings = [
        ReviewAction(
            file_path="app/db/users.py",
            line_number=42,
            issue_type="security",
            bug_type="security",
            severity="critical",
            confidence=0.9,
            review="The order parameter is interpolated into ORDER BY, so this is SQL injection.",
        ),
        ReviewAction(
            file_path="app/handlers/users.py",
            line_number=27,
            issue_type="logic",
            bug_type="logic",
            severity="low",
            confidence=0.4,
        ),
    ]
    report = grade(registry.get("task_medium_1"), findings)
    first, second = report.findings
    assert first.score == 0.81 and first.calibration_error == pytest.approx(0.09)
    assert (first.components.severity, first.components.line, first.components.evidence) == (0.10, 0.05, 0.06)
    assert second.outcome == "false_positive" and second.score == 0.01
    assert report.score == 0.54 and report.precision == 0.5 and report.recall == 1.0
    assert report.calibration_error == pytest.approx(0.245)
    for claim in ("= **0.81**", "**0.54**", "precision 0.5, recall 1.0, mean calibration error 0.245"):
        assert claim in README
