"""The reward's properties, pinned on small crafted tasks: what answer-free play can and cannot earn.

The grader is deterministic, so these are exact assertions. `bench/reward_hacking.py` plays the same kinds of
strategy through the MCP tools on the whole suite; these tests say *why* they fail.
"""

from __future__ import annotations

import pytest

from coding_env_mcp.core.evidence import DEFECT_CLASSES
from coding_env_mcp.core.grader import DEFAULT_RUBRIC, grade
from coding_env_mcp.models import ReviewAction

from .test_grader import PERFECT, finding, issue, task_with

BUGGY = task_with(issue())  # one high-severity SQL injection at app/a.py:10-12
CLEAN = task_with()
STUFFED = " ".join(phrase for phrases in DEFECT_CLASSES.values() for phrase in phrases)
GUESS = {"file_path": "app/a.py", "issue_type": "security", "bug_type": "security", "severity": "high"}


def score(task, findings: list[dict], verdict=None) -> float:
    return grade(task, [ReviewAction(**f) for f in findings], verdict).score


def test_the_right_file_alone_earns_nothing():
    assert score(BUGGY, [{**PERFECT, "line_number": 40}], "request_changes") == DEFAULT_RUBRIC.floor


@pytest.mark.parametrize("line", [7, 15, 100])
def test_localisation_gates_type_severity_and_evidence(line: int):
    """Everything right but the line (beyond the tolerance of 2): nothing."""
    report = grade(BUGGY, [finding(**{**PERFECT, "line_number": line})], "request_changes")
    assert report.findings[0].outcome == "false_positive" and report.findings[0].components.total == 0


def test_a_located_guess_without_explanation_earns_the_location_only():
    located = score(BUGGY, [{**GUESS, "line_number": 11, "review": "This is a bug."}], "request_changes")
    assert located == DEFAULT_RUBRIC.line_inside


def test_keyword_stuffing_earns_no_evidence_and_unlocks_no_labels():
    report = grade(BUGGY, [finding(**{**GUESS, "line_number": 11, "review": STUFFED})])
    components = report.findings[0].components
    assert (components.evidence, components.type, components.severity) == (0, 0, 0)
    assert "cancelled by unrelated defect classes" in report.findings[0].feedback


def test_naming_other_defect_classes_cancels_concepts_one_for_one():
    precise = "SQL injection through ORDER BY; use an allowlist."
    padded = precise + " Also a race condition and a resource leak."

    def evidence(review: str) -> float:
        return grade(BUGGY, [finding(**{**PERFECT, "review": review})]).findings[0].components.evidence

    assert evidence(precise) == DEFAULT_RUBRIC.evidence_max
    assert evidence(padded) == pytest.approx(DEFAULT_RUBRIC.evidence_max / 3, abs=1e-4)


def test_spraying_every_line_scores_below_a_single_located_guess():
    spray = [{**GUESS, "line_number": line, "review": STUFFED} for line in (1, 6, 11, 16, 21)]
    assert score(BUGGY, spray, "request_changes") == pytest.approx(DEFAULT_RUBRIC.line_inside / 3, abs=1e-4)


def test_approving_a_pr_with_defects_earns_nothing_even_with_perfect_findings():
    assert score(BUGGY, [], "approve") == DEFAULT_RUBRIC.floor
    assert score(BUGGY, [PERFECT], "approve") == DEFAULT_RUBRIC.floor


def test_a_clean_pr_is_earned_by_an_explicit_approval_only():
    assert score(CLEAN, [], "approve") == DEFAULT_RUBRIC.clean_verdict
    assert score(CLEAN, [], None) == DEFAULT_RUBRIC.floor
    assert score(CLEAN, [], "request_changes") == DEFAULT_RUBRIC.floor


def test_approving_while_filing_findings_is_a_hedge():
    hedged = score(CLEAN, [{**GUESS, "line_number": 11}], "approve")
    assert hedged == pytest.approx(0.99 * DEFAULT_RUBRIC.hedge_factor / 1.5, abs=1e-4)
    none_finding = {**GUESS, "line_number": 11, "bug_type": "none", "issue_type": "maintainability"}
    assert score(CLEAN, [none_finding], "approve") == hedged


def test_a_none_finding_is_a_finding_not_a_verdict():
    """bug_type 'none' marks a non-bug point; on a buggy PR away from the defect it is a false positive."""
    report = grade(BUGGY, [finding(file_path="app/a.py", line_number=40, bug_type="none")], "request_changes")
    assert report.findings[0].outcome == "false_positive" and report.score == DEFAULT_RUBRIC.floor


def test_guessing_never_beats_abstaining_on_a_suite_of_one_clean_and_one_buggy_pr():
    """Approve-everything earns the clean share; a located guess on every PR earns less."""
    abstain = (score(CLEAN, [], "approve") + score(BUGGY, [], "approve")) / 2
    guess = [{**GUESS, "line_number": 11, "review": STUFFED}]
    guessing = (score(CLEAN, guess, "request_changes") + score(BUGGY, guess, "request_changes")) / 2
    hedging = (score(CLEAN, guess, "approve") + score(BUGGY, guess, "approve")) / 2
    assert guessing < abstain and hedging < abstain
