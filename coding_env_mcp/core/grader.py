"""The grader: a pure, deterministic function of (task, findings) -> grade with a per-component breakdown.

No I/O, no clock, no randomness: the same findings on the same task always earn the same grade, so
rewards are reproducible across runs, machines and transports.

Rules (documented with a worked example in the README):
- Findings are taken in order. Each is matched to the not-yet-found planted issue *in its file* that it
  scores best on (ties go to the earlier issue). Localisation gates everything else: a finding in a file
  where no planted issue lives matches nothing and earns no type, severity or evidence credit.
- A matched finding earns: file +0.30; issue type +0.30, else bug type +0.20; severity exact +0.20, one
  ordinal step off +0.10; line inside the issue's range +0.10, within +-2 lines +0.05; evidence +0.03 per
  concept mentioned in the review text, up to +0.09.
- A finding that matches nothing (a false positive, or a duplicate of an issue already found) earns 0.
- On a clean PR (no planted issues) the first `bug_type="none"` finding is the correct verdict (0.99);
  every other finding is a false positive.
- Episode score = (sum of per-issue bests) / (issues + fp_weight * false positives), or on a clean PR
  verdict / (1 + fp_weight * false positives); clamped to [0.01, 0.99] like every score here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import SEVERITIES, EpisodeGrade, FindingGrade, IssueGrade, ReviewAction, ScoreComponents
from .tasks import PlantedIssue, Task


@dataclass(frozen=True)
class Rubric:
    """Weights of the grade. The defaults are the PR-triage seed env's, applied in real file coordinates."""

    file: float = 0.30
    issue_type: float = 0.30
    bug_type: float = 0.20
    severity_exact: float = 0.20
    severity_near: float = 0.10
    line_inside: float = 0.10
    line_near: float = 0.05
    line_tolerance: int = 2
    evidence_per_concept: float = 0.03
    evidence_max: float = 0.09
    clean_verdict: float = 0.99
    false_positive_weight: float = 0.5
    floor: float = 0.01
    ceiling: float = 0.99

    def clamp(self, value: float) -> float:
        return round(min(self.ceiling, max(self.floor, value)), 4)


DEFAULT_RUBRIC = Rubric()


@dataclass(frozen=True)
class GradeReport:
    """Everything the grader concluded about a sequence of findings on one task."""

    score: float
    findings: list[FindingGrade]
    issues: list[IssueGrade]
    issues_found: int
    false_positives: int
    precision: float | None
    recall: float | None
    calibration_error: float | None


def normalise_path(path: str) -> str:
    """Compare paths the way a reviewer means them: `./x`, `/x`, `a/x` and `b/x` (diff prefixes) are `x`."""
    path = path.strip().replace("\\", "/")
    while path.startswith(("./", "/")):
        path = path[1:] if path.startswith("/") else path[2:]
    if path.startswith(("a/", "b/")):
        path = path[2:]
    return path


def _normalise_text(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", text.lower()).split())


@lru_cache(maxsize=4096)
def _synonym_pattern(synonym: str) -> re.Pattern[str]:
    """Whole words and phrases: a word edge must not continue into a longer word ('lock' is not in
    'block'), while an edge that is punctuation ('//', 'execute(') needs no boundary at all."""
    text = _normalise_text(synonym)
    start = r"(?<!\w)" if re.match(r"\w", text[:1]) else ""
    end = r"(?!\w)" if re.match(r"\w", text[-1:]) else ""
    return re.compile(start + re.escape(text) + end)


def concepts_mentioned(review: str, evidence: Sequence[Sequence[str]]) -> int:
    """How many evidence concepts the review mentions (a concept counts once, by any of its synonyms)."""
    text = _normalise_text(review)
    return sum(any(_synonym_pattern(word).search(text) for word in group) for group in evidence)


def score_finding(issue: PlantedIssue, finding: ReviewAction, rubric: Rubric = DEFAULT_RUBRIC) -> ScoreComponents:
    """Score a finding already localised to `issue`'s file against that issue."""
    if finding.issue_type == issue.issue_type:
        type_points = rubric.issue_type
    elif finding.bug_type == issue.bug_type:
        type_points = rubric.bug_type
    else:
        type_points = 0.0

    severity_points = 0.0
    if finding.severity is not None:
        steps = abs(SEVERITIES.index(finding.severity) - SEVERITIES.index(issue.severity))
        severity_points = rubric.severity_exact if steps == 0 else rubric.severity_near if steps == 1 else 0.0

    line_points = 0.0
    if finding.line_number is not None:
        line = finding.line_number
        if issue.start_line <= line <= issue.end_line:
            line_points = rubric.line_inside
        elif issue.start_line - rubric.line_tolerance <= line <= issue.end_line + rubric.line_tolerance:
            line_points = rubric.line_near

    mentioned = concepts_mentioned(finding.review, issue.evidence)
    evidence_points = min(rubric.evidence_max, mentioned * rubric.evidence_per_concept)
    return ScoreComponents(
        file=rubric.file,
        type=type_points,
        severity=severity_points,
        line=line_points,
        evidence=round(evidence_points, 4),
    )


def _describe(components: ScoreComponents, finding: ReviewAction, rubric: Rubric) -> str:
    parts = [f"file correct +{components.file:.2f}"]
    if components.type == rubric.issue_type:
        parts.append(f"issue type correct +{components.type:.2f}")
    elif components.type:
        parts.append(f"issue type wrong, bug type correct +{components.type:.2f}")
    else:
        parts.append("issue type and bug type wrong +0.00")
    if finding.severity is None:
        parts.append("severity missing +0.00")
    elif components.severity == rubric.severity_exact:
        parts.append(f"severity correct +{components.severity:.2f}")
    elif components.severity:
        parts.append(f"severity one step off +{components.severity:.2f}")
    else:
        parts.append("severity wrong +0.00")
    if finding.line_number is None:
        parts.append("line missing +0.00")
    elif components.line == rubric.line_inside:
        parts.append(f"line inside the defect +{components.line:.2f}")
    elif components.line:
        parts.append(f"line within {rubric.line_tolerance} of the defect +{components.line:.2f}")
    else:
        parts.append("line off +0.00")
    concepts = round(components.evidence / rubric.evidence_per_concept) if rubric.evidence_per_concept else 0
    parts.append(f"evidence {concepts} concept(s) +{components.evidence:.2f}")
    return "; ".join(parts)


def _calibration(confidence: float | None, earned: float) -> float | None:
    return None if confidence is None else round(abs(confidence - earned), 4)


def grade(task: Task, findings: Sequence[ReviewAction], rubric: Rubric = DEFAULT_RUBRIC) -> GradeReport:
    """Grade `findings` (in submission order) against `task`'s answer key."""
    best: list[tuple[int, ScoreComponents] | None] = [None] * len(task.issues)
    graded: list[FindingGrade] = []
    verdict_step: int | None = None

    for step, finding in enumerate(findings, start=1):
        path = normalise_path(finding.file_path)
        in_file = [i for i, issue in enumerate(task.issues) if issue.file == path]
        open_issues = [i for i in in_file if best[i] is None]

        if task.is_clean and finding.bug_type == "none" and verdict_step is None:
            verdict_step = step
            earned = rubric.clean_verdict
            graded.append(
                FindingGrade(
                    step=step,
                    outcome="clean_verdict",
                    components=ScoreComponents(),
                    score=rubric.clamp(earned),
                    confidence=finding.confidence,
                    calibration_error=_calibration(finding.confidence, earned),
                    feedback=f"Finding {step}: the 'no defect' verdict is correct -> {rubric.clamp(earned):.2f}.",
                )
            )
            continue

        if not open_issues:
            outcome = "duplicate" if in_file else "false_positive"
            why = (
                "every planted issue in this file was already matched by an earlier finding "
                "(duplicate, counted as a false positive)"
                if in_file
                else "it matches no planted issue (false positive)"
            )
            graded.append(
                FindingGrade(
                    step=step,
                    outcome=outcome,
                    components=ScoreComponents(),
                    score=rubric.floor,
                    confidence=finding.confidence,
                    calibration_error=_calibration(finding.confidence, 0.0),
                    feedback=f"Finding {step} earns nothing: {why}.",
                )
            )
            continue

        scored = [(score_finding(task.issues[i], finding, rubric), i) for i in open_issues]
        components, index = max(scored, key=lambda pair: (pair[0].total, -pair[1]))
        best[index] = (step, components)
        earned = components.total
        graded.append(
            FindingGrade(
                step=step,
                outcome="matched",
                matched_issue=index + 1,
                components=components,
                score=rubric.clamp(earned),
                confidence=finding.confidence,
                calibration_error=_calibration(finding.confidence, earned),
                feedback=(
                    f"Finding {step} matched planted issue {index + 1} -> {rubric.clamp(earned):.2f}: "
                    + _describe(components, finding, rubric)
                    + "."
                ),
            )
        )

    false_positives = sum(item.outcome in ("false_positive", "duplicate") for item in graded)
    issues = [
        IssueGrade(index=i + 1)
        if entry is None
        else IssueGrade(index=i + 1, found_by_step=entry[0], score=round(entry[1].total, 4), components=entry[1])
        for i, entry in enumerate(best)
    ]
    found = sum(entry is not None for entry in best)
    if task.is_clean:
        earned_total = rubric.clean_verdict if verdict_step is not None else 0.0
        denominator = 1 + rubric.false_positive_weight * false_positives
        recall = None
    else:
        earned_total = sum(issue.score for issue in issues)
        denominator = len(task.issues) + rubric.false_positive_weight * false_positives
        recall = round(found / len(task.issues), 4)
    true_positives = found + (verdict_step is not None)
    calibrations = [item.calibration_error for item in graded if item.calibration_error is not None]
    return GradeReport(
        score=rubric.clamp(earned_total / denominator),
        findings=graded,
        issues=issues,
        issues_found=found,
        false_positives=false_positives,
        precision=round(true_positives / len(graded), 4) if graded else None,
        recall=recall,
        calibration_error=round(sum(calibrations) / len(calibrations), 4) if calibrations else None,
    )


def episode_grade(
    episode_id: str, task: Task, findings: Sequence[ReviewAction], done: bool, rubric: Rubric = DEFAULT_RUBRIC
) -> EpisodeGrade:
    """The grade an episode shows: per-issue results and recall only once it is `done`.

    Shared by the env and by offline re-scoring of recorded findings, so both show the same thing.
    """
    report = grade(task, findings, rubric)
    return EpisodeGrade(
        episode_id=episode_id,
        task_id=task.task_id,
        score=report.score,
        done=done,
        findings=report.findings,
        issues=report.issues if done else None,
        issues_total=len(task.issues) if done else None,
        issues_found=report.issues_found,
        false_positives=report.false_positives,
        precision=report.precision,
        recall=report.recall if done else None,
        calibration_error=report.calibration_error,
    )
