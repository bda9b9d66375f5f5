"""The grader: the rubric's components, matching findings to planted issues, and the episode score."""

from __future__ import annotations

import dataclasses
import random

import pytest

from coding_env_mcp.core.evidence import concepts_mentioned
from coding_env_mcp.core.grader import DEFAULT_RUBRIC, Grading, grade, normalise_path, score_finding
from coding_env_mcp.core.tasks import AcceptedFinding, PlantedIssue, Task
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
    assert (parts.line, parts.type, parts.severity, parts.evidence) == (0.30, 0.20, 0.10, 0.39)
    assert grade(task_with(issue()), [finding(**PERFECT)], "request_changes").score == 0.99


@pytest.mark.parametrize(
    ("change", "component", "points"),
    [
        ({"issue_type": "logic"}, "type", 0.10),  # bug type still right
        ({"issue_type": "logic", "bug_type": "logic"}, "type", 0.0),
        ({"severity": "critical"}, "severity", 0.05),  # one ordinal step off
        ({"severity": "medium"}, "severity", 0.05),
        ({"severity": "low"}, "severity", 0.0),
        ({"severity": None}, "severity", 0.0),
        ({"line_number": 10}, "line", 0.30),  # range is inclusive
        ({"line_number": 12}, "line", 0.30),
        ({"line_number": 14}, "line", 0.20),  # within +-2 of the range
        ({"line_number": 8}, "line", 0.20),
        ({"review": "an injection"}, "evidence", 0.13),  # one concept of three
        ({"review": ""}, "evidence", 0.0),
    ],
)
def test_each_component_in_isolation(change, component, points):
    parts = score_finding(issue(), finding(**{**PERFECT, **change}))
    assert getattr(parts, component) == pytest.approx(points)


def test_evidence_counts_concepts_not_synonyms():
    evidence = (("sql injection", "injection"), ("order by",), ("allowlist",), ("fourth",))
    assert concepts_mentioned("SQL injection, injection, injection", evidence) == 1
    assert concepts_mentioned("injection; ORDER  BY; allow-list? no: allowlist; fourth", evidence) == 4
    parts = score_finding(issue(evidence=evidence), finding(**{**PERFECT, "review": "injection order by"}))
    assert parts.evidence == pytest.approx(0.39 * 2 / 4, abs=1e-4)


def test_evidence_matches_whole_words_with_hyphens_as_spaces():
    evidence = (("off-by-one",), ("lock",))
    assert concepts_mentioned("an off by one error", evidence) == 1
    assert concepts_mentioned("OFF_BY_ONE", evidence) == 1
    assert concepts_mentioned("the block is fine", evidence) == 0  # 'lock' inside 'block' is not the word


def test_synonyms_edged_with_punctuation_match_next_to_words():
    evidence = (("//",), ("execute(",), ("os.system",))
    assert concepts_mentioned("a next of //evil.example redirects; cursor.execute(sql) and os.system", evidence) == 3
    assert concepts_mentioned("os.systemd", evidence) == 0


@pytest.mark.parametrize("spelling", ["app/a.py", "./app/a.py", "/app/a.py", "b/app/a.py", " app\\a.py "])
def test_paths_are_compared_as_a_reviewer_means_them(spelling):
    assert normalise_path(spelling) == "app/a.py"
    assert grade(task_with(issue()), [finding(**{**PERFECT, "file_path": spelling})]).findings[0].outcome == "matched"


def test_several_issues_each_finding_takes_its_best_unfound_issue():
    first = issue(start=10, end=12, issue_type="security", severity="high")
    second = issue(start=40, end=40, issue_type="logic", bug_type="logic", severity="medium")
    logic_finding = finding(
        file_path="app/a.py",
        line_number=40,
        issue_type="logic",
        bug_type="logic",
        severity="medium",
        review="order by",
    )
    report = grade(task_with(first, second), [logic_finding, finding(**PERFECT)])
    assert [f.matched_issue for f in report.findings] == [2, 1]
    assert report.issues_found == 2 and report.false_positives == 0
    assert report.recall == 1.0 and report.precision == 1.0


def test_a_second_finding_on_a_found_issue_is_a_duplicate_false_positive():
    report = grade(task_with(issue()), [finding(**PERFECT), finding(**PERFECT)])
    assert [f.outcome for f in report.findings] == ["matched", "duplicate"]
    assert report.false_positives == 1
    assert report.score == pytest.approx(0.99 / 1.5, abs=1e-4)  # divided by 1 + 0.5 per false positive


def test_recall_is_weighted_by_severity():
    """Finding only the critical issue of (critical, low) earns 4/5 of a perfect review; only the low one 1/5."""
    critical = issue(start=10, end=10, severity="critical")
    low = issue(start=30, end=30, severity="low")
    task = task_with(critical, low)
    perfect = {**PERFECT, "line_number": 10, "severity": "critical"}
    assert grade(task, [finding(**perfect)]).score == pytest.approx(0.99 * 4 / 5, abs=1e-4)
    low_only = {**PERFECT, "line_number": 30, "severity": "low"}
    assert grade(task, [finding(**low_only)]).score == pytest.approx(0.99 * 1 / 5, abs=1e-4)


def test_false_positives_divide_the_score():
    first, second = issue(start=10, end=10), issue(start=30, end=30, file="app/b.py")
    findings = [finding(**{**PERFECT, "line_number": 10}), finding(file_path="app/zzz.py", line_number=3)]
    report = grade(task_with(first, second), findings)
    assert report.issues[0].score == pytest.approx(0.99)
    assert report.issues[1].found_by_step is None
    assert report.score == pytest.approx(0.99 * 3 / 6 / 1.5, abs=1e-4)
    assert report.recall == 0.5 and report.precision == 0.5


def test_a_finding_on_an_accepted_range_neither_earns_nor_costs():
    task = dataclasses.replace(task_with(issue()), accepted=(AcceptedFinding("app/a.py", 40, 41, "a real nit"),))
    report = grade(task, [finding(**PERFECT), finding(file_path="app/a.py", line_number=42)])
    assert [f.outcome for f in report.findings] == ["matched", "accepted"]
    assert report.false_positives == 0 and report.score == 0.99


def test_scores_stay_in_the_open_interval():
    assert grade(task_with(issue()), []).score == 0.01
    for item in grade(task_with(issue()), [finding(file_path="nope.py", line_number=1), finding(**PERFECT)]).findings:
        assert 0.01 <= item.score <= 0.99


def test_calibration_is_distance_between_confidence_and_earned_score():
    wrong = finding(file_path="x.py", line_number=1, confidence=0.8)
    report = grade(task_with(issue()), [finding(**PERFECT, confidence=0.5), wrong])
    assert report.findings[0].calibration_error == pytest.approx(0.49)
    assert report.findings[1].calibration_error == pytest.approx(0.8)
    assert report.calibration_error == pytest.approx((0.49 + 0.8) / 2)
    assert grade(task_with(issue()), [finding(**PERFECT)]).calibration_error is None


def test_grading_is_deterministic_and_pure():
    task = task_with(issue(), issue(start=50, end=50))
    findings = [finding(**PERFECT), finding(file_path="app/a.py", line_number=51), finding(file_path="q.py")]
    assert grade(task, findings, "request_changes") == grade(task, list(findings), "request_changes")
    assert [f.model_dump() for f in findings] == [f.model_dump() for f in list(findings)]


def test_rubric_weights_are_configurable():
    strict = dataclasses.replace(DEFAULT_RUBRIC, false_positive_weight=1.0)
    report = grade(task_with(issue()), [finding(**PERFECT), finding(file_path="x.py", line_number=1)], rubric=strict)
    assert report.score == pytest.approx(0.99 / 2, abs=1e-4)


def test_feedback_explains_each_component_without_revealing_the_answer():
    report = grade(task_with(issue()), [finding(**{**PERFECT, "severity": "critical", "line_number": 14})])
    text = report.findings[0].feedback
    assert "severity one step off +0.05" in text and "line within 2 of the defect +0.20" in text
    assert "covers 3 of 3 key point(s)" in text
    assert "high" not in text and "10" not in text.replace("+0.10", "")


def test_grading_one_finding_at_a_time_gives_the_grade_of_grading_them_all_at_once():
    task = task_with(issue(), issue(file="app/b.py", start=30, end=30, severity="low"))
    findings = [
        finding(file_path="app/a.py", line_number=40),  # false positive
        finding(**PERFECT),
        finding(**PERFECT),  # duplicate
        finding(file_path="app/b.py", line_number=30, severity="medium", confidence=0.4, review="x"),
    ]
    grading = Grading.of(task, ())
    for count, item in enumerate(findings, start=1):
        grading = grading.then(item)
        for verdict in (None, "request_changes", "approve"):
            assert grading.report(verdict) == grade(task, findings[:count], verdict)
    assert [item.outcome for item in grading.report().findings] == [
        "false_positive",
        "matched",
        "duplicate",
        "matched",
    ]


def test_grading_another_finding_leaves_the_earlier_grading_as_it_was():
    task = task_with(issue())
    before = Grading.of(task, [finding(file_path="app/a.py", line_number=40)])
    after = before.then(finding(**PERFECT))
    assert len(before.findings) == 1 and before.report().issues_found == 0
    assert len(after.findings) == 2 and after.report().issues_found == 1


def test_grading_findings_one_at_a_time_matches_grading_them_at_once_on_the_whole_suite(registry):
    """Random reviews of every suite task: on, near and off planted issues and accepted nits, with repeats."""
    chooser = random.Random(14)
    for task_id in registry.ids():
        task = registry.get(task_id)
        spots = [(item.file, item.start_line, item.end_line) for item in (*task.issues, *task.accepted)]
        spots += [(path, 1, 400) for path in task.changed_files]
        findings = []
        for _ in range(chooser.randint(1, 7)):
            file, start, end = chooser.choice(spots)
            findings.append(
                ReviewAction(
                    file_path=file,
                    line_number=max(1, chooser.randint(start - 3, end + 3)),
                    bug_type=chooser.choice(["logic", "security", "syntax", "none"]),
                    issue_type=chooser.choice([None, "logic", "security", "performance"]),
                    severity=chooser.choice([None, "low", "high", "critical"]),
                    confidence=chooser.choice([None, 0.2, 0.9]),
                    review=chooser.choice(["", "an injection through the query", "off by one at the boundary"]),
                )
            )
        grading = Grading.of(task, (), DEFAULT_RUBRIC)
        for count, item in enumerate(findings, start=1):
            grading = grading.then(item)
            verdict = chooser.choice([None, "approve", "request_changes"])
            assert grading.report(verdict) == grade(task, findings[:count], verdict), (task_id, count)
