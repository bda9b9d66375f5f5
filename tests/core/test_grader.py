"""The grader: the rubric's components, matching findings to planted issues, and the episode score."""

from __future__ import annotations

import dataclasses

import pytest

from coding_env_mcp.core.grader import DEFAULT_RUBRIC, concepts_mentioned, grade, normalise_path, score_finding
from coding_env_mcp.core.tasks import PlantedIssue, Task
from coding_env_mcp.models import ReviewAction


def issue(file: str = "app/a.py", start: int = 10, end: int = 12, **overrides) -> PlantedIssue:
    values = {
        "file": file,
        "start_line": start,
        "end_line": end,
        "issue_type": "security",
        "bug_type": "security",
        "severity": "high",
        "summary": "s",
        "evidence": (("sql injection", "injection"), ("order by",), ("allowlist", "allow list")),
        "witness": "",
    }
    values.update(overrides)
    return PlantedIssue(**values)


def task_with(*issues: PlantedIssue) -> Task:
    return Task(
        task_id="t",
        difficulty="easy",
        split="train",
        tags=(),
        pr_title="title",
        pr_description="d",
        task_description="d",
        diff="",
        changed_files=("app/a.py", "app/b.py"),
        files={},
        issues=tuple(issues),
        root=None,  # type: ignore[arg-type]
    )


def finding(**fields) -> ReviewAction:
    values = {"bug_type": "security"}
    values.update(fields)
    return ReviewAction(**values)


PERFECT = {
    "file_path": "app/a.py",
    "line_number": 11,
    "issue_type": "security",
    "bug_type": "security",
    "severity": "high",
    "review": "SQL injection through ORDER BY; use an allowlist.",
}


def test_perfect_finding_earns_every_component():
    parts = score_finding(issue(), finding(**PERFECT))
    assert (parts.file, parts.type, parts.severity, parts.line, parts.evidence) == (0.30, 0.30, 0.20, 0.10, 0.09)
    assert grade(task_with(issue()), [finding(**PERFECT)]).score == 0.99


@pytest.mark.parametrize(
    ("change", "component", "points"),
    [
        ({"issue_type": "logic"}, "type", 0.20),  # bug type still right
        ({"issue_type": "logic", "bug_type": "logic"}, "type", 0.0),
        ({"severity": "critical"}, "severity", 0.10),  # one ordinal step off
        ({"severity": "medium"}, "severity", 0.10),
        ({"severity": "low"}, "severity", 0.0),
        ({"severity": None}, "severity", 0.0),
        ({"line_number": 10}, "line", 0.10),  # range is inclusive
        ({"line_number": 12}, "line", 0.10),
        ({"line_number": 14}, "line", 0.05),  # within +-2 of the range
        ({"line_number": 8}, "line", 0.05),
        ({"line_number": 15}, "line", 0.0),
        ({"line_number": None}, "line", 0.0),
        ({"review": "an injection"}, "evidence", 0.03),
        ({"review": ""}, "evidence", 0.0),
    ],
)
def test_each_component_in_isolation(change, component, points):
    parts = score_finding(issue(), finding(**{**PERFECT, **change}))
    assert getattr(parts, component) == pytest.approx(points)


def test_evidence_counts_concepts_not_synonyms_and_caps():
    evidence = (("sql injection", "injection"), ("order by",), ("allowlist",), ("fourth",))
    assert concepts_mentioned("SQL injection, injection, injection", evidence) == 1
    assert concepts_mentioned("injection; ORDER  BY; allow-list? no: allowlist; fourth", evidence) == 4
    parts = score_finding(
        issue(evidence=evidence), finding(**{**PERFECT, "review": "injection order by allowlist fourth"})
    )
    assert parts.evidence == 0.09  # capped


def test_evidence_matches_whole_words_with_hyphens_as_spaces():
    evidence = (("off-by-one",), ("lock",))
    assert concepts_mentioned("an off by one error", evidence) == 1
    assert concepts_mentioned("OFF_BY_ONE", evidence) == 1
    assert concepts_mentioned("the block is fine", evidence) == 0  # 'lock' inside 'block' is not the word


def test_synonyms_edged_with_punctuation_match_next_to_words():
    evidence = (("//",), ("execute(",), ("os.system",))
    assert concepts_mentioned("a next of //evil.example redirects; cursor.execute(sql) and os.system", evidence) == 3
    assert concepts_mentioned("os.systemd", evidence) == 0


def test_localisation_gates_everything_else():
    report = grade(task_with(issue()), [finding(**{**PERFECT, "file_path": "app/b.py"})])
    only = report.findings[0]
    assert only.outcome == "false_positive"
    assert only.components.total == 0
    assert report.score == DEFAULT_RUBRIC.floor


@pytest.mark.parametrize("spelling", ["app/a.py", "./app/a.py", "/app/a.py", "b/app/a.py", " app\\a.py "])
def test_paths_are_compared_as_a_reviewer_means_them(spelling):
    assert normalise_path(spelling) == "app/a.py"
    assert grade(task_with(issue()), [finding(**{**PERFECT, "file_path": spelling})]).findings[0].outcome == "matched"


def test_several_issues_each_finding_takes_its_best_unfound_issue():
    first = issue(start=10, end=12, issue_type="security", severity="high")
    second = issue(start=40, end=40, issue_type="logic", bug_type="logic", severity="medium")
    logic_finding = finding(
        file_path="app/a.py", line_number=40, issue_type="logic", bug_type="logic", severity="medium"
    )
    report = grade(task_with(first, second), [logic_finding, finding(**PERFECT)])
    assert [f.matched_issue for f in report.findings] == [2, 1]
    assert report.issues_found == 2 and report.false_positives == 0
    assert report.recall == 1.0 and report.precision == 1.0


def test_a_second_finding_on_a_found_issue_is_a_duplicate_false_positive():
    report = grade(task_with(issue()), [finding(**PERFECT), finding(**PERFECT)])
    assert [f.outcome for f in report.findings] == ["matched", "duplicate"]
    assert report.false_positives == 1
    # 0.99 earned over 1 issue + 0.5 per false positive
    assert report.score == pytest.approx(0.99 / 1.5, abs=1e-4)


def test_episode_score_averages_issue_bests_and_charges_false_positives():
    first, second = issue(start=10, end=10), issue(start=30, end=30, file="app/b.py")
    findings = [finding(**{**PERFECT, "line_number": 10}), finding(file_path="app/zzz.py")]
    report = grade(task_with(first, second), findings)
    assert report.issues[0].score == pytest.approx(0.99)
    assert report.issues[1].found_by_step is None
    assert report.score == pytest.approx(0.99 / (2 + 0.5), abs=1e-4)
    assert report.recall == 0.5 and report.precision == 0.5


def test_clean_pr_rewards_the_none_verdict_and_charges_anything_else():
    clean = task_with()
    assert grade(clean, [finding(bug_type="none")]).score == 0.99
    assert grade(clean, []).score == 0.01
    assert grade(clean, [finding(**PERFECT)]).score == 0.01
    report = grade(clean, [finding(**PERFECT), finding(bug_type="none"), finding(bug_type="none")])
    assert [f.outcome for f in report.findings] == ["false_positive", "clean_verdict", "false_positive"]
    assert report.score == pytest.approx(0.99 / 2, abs=1e-4)
    assert report.recall is None


def test_none_verdict_on_a_buggy_pr_is_a_false_positive():
    report = grade(task_with(issue()), [finding(bug_type="none")])
    assert report.findings[0].outcome == "false_positive"
    assert report.score == 0.01


def test_scores_stay_in_the_open_interval():
    assert grade(task_with(issue()), []).score == 0.01
    for item in grade(task_with(issue()), [finding(file_path="nope.py"), finding(**PERFECT)]).findings:
        assert 0.01 <= item.score <= 0.99


def test_calibration_is_distance_between_confidence_and_earned_score():
    report = grade(task_with(issue()), [finding(**PERFECT, confidence=0.5), finding(file_path="x.py", confidence=0.8)])
    assert report.findings[0].calibration_error == pytest.approx(0.49)
    assert report.findings[1].calibration_error == pytest.approx(0.8)
    assert report.calibration_error == pytest.approx((0.49 + 0.8) / 2)
    assert grade(task_with(issue()), [finding(**PERFECT)]).calibration_error is None


def test_grading_is_deterministic_and_pure():
    task = task_with(issue(), issue(start=50, end=50))
    findings = [finding(**PERFECT), finding(file_path="app/a.py", line_number=51), finding(file_path="q.py")]
    assert grade(task, findings) == grade(task, list(findings))
    assert [f.model_dump() for f in findings] == [f.model_dump() for f in list(findings)]


def test_rubric_weights_are_configurable():
    strict = dataclasses.replace(DEFAULT_RUBRIC, false_positive_weight=1.0)
    report = grade(task_with(issue()), [finding(**PERFECT), finding(file_path="x.py")], strict)
    assert report.score == pytest.approx(0.99 / 2, abs=1e-4)


def test_feedback_explains_each_component_without_revealing_the_answer():
    report = grade(task_with(issue()), [finding(**{**PERFECT, "severity": "critical", "line_number": 14})])
    text = report.findings[0].feedback
    assert "severity one step off +0.10" in text and "line within 2 of the defect +0.05" in text
    assert "high" not in text and "10" not in text.replace("+0.10", "")
