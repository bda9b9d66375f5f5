"""The grader: a pure, deterministic function of (task, findings, verdict) -> grade with a per-component breakdown.

No I/O, no clock, no randomness: the same review of the same task always earns the same grade, so rewards
are reproducible across runs, machines and transports.

The reward is what an RL policy optimises, so every rule is written against a policy that cannot see the
answer and tries to farm points anyway (`bench/reward_hacking.py` plays such policies):

- **Localisation gates all credit.** A finding matches a planted issue only if it names the issue's file
  and a line inside its range (`line_inside`) or within `line_tolerance` lines of it (`line_near`).
  Type, severity and evidence are scored only on a match; the right file alone earns nothing.
- **Evidence rewards the right explanation.** Each of the issue's evidence concepts the review mentions
  earns a share of `evidence_max`; each *other* defect class the review invokes cancels one (see
  `evidence`), so reciting every bug class earns nothing.
- **Labels are paid for explained findings only.** Issue type and severity earn points only when the
  review earns at least one evidence concept: a located finding with guessed labels and no explanation
  earns the location alone.
- **Severity-weighted recall.** Each planted issue counts by its severity's weight (low 1, medium 2,
  high 3, critical 4): missing a critical issue costs four times what missing a nit does.
- **False positives cost.** A finding that matches nothing, or repeats an issue already found, divides the
  score by `1 + false_positive_weight` per such finding. A finding on a range the answer key accepts (a
  real nit that is not planted) neither earns nor costs.
- **Verdicts mean what they say.** The verdict (`approve` / `request_changes`) is given when finishing.
  Approving a PR with planted issues scores the floor, whatever the findings. On a clean PR, `approve`
  earns `clean_verdict`; approving while also filing findings is a hedge: the verdict's credit is cut by
  `hedge_factor` and every finding is a false positive. Without an explicit approval a clean PR earns
  the floor.

Episode score, buggy PR:  sum(w_i * best_i) / sum(w_i) / (1 + fp_weight * false_positives), or the floor
                          when the verdict is `approve`.
Episode score, clean PR:  clean_verdict * (hedge_factor if findings else 1) / (1 + fp_weight * findings)
                          when the verdict is `approve`, else the floor.
Every score is clamped to [floor, ceiling] = [0.01, 0.99].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import SEVERITIES, EpisodeGrade, FindingGrade, IssueGrade, ReviewAction, ScoreComponents, Verdict
from .evidence import concepts_mentioned, distractors
from .tasks import AcceptedFinding, PlantedIssue, Task


@dataclass(frozen=True)
class Rubric:
    """Weights of the grade. A perfect finding earns line_inside + evidence_max + issue_type + severity_exact."""

    line_inside: float = 0.30
    line_near: float = 0.20
    line_tolerance: int = 2
    evidence_max: float = 0.39
    issue_type: float = 0.20
    bug_type: float = 0.10
    severity_exact: float = 0.10
    severity_near: float = 0.05
    severity_weights: tuple[float, float, float, float] = (1.0, 2.0, 3.0, 4.0)  # low, medium, high, critical
    false_positive_weight: float = 0.5
    clean_verdict: float = 0.99
    hedge_factor: float = 0.5
    floor: float = 0.01
    ceiling: float = 0.99

    def clamp(self, value: float) -> float:
        return round(min(self.ceiling, max(self.floor, value)), 4)

    def weight(self, issue: PlantedIssue) -> float:
        return self.severity_weights[SEVERITIES.index(issue.severity)]


DEFAULT_RUBRIC = Rubric()


@dataclass(frozen=True)
class GradeReport:
    """Everything the grader concluded about one review (findings and verdict) of one task."""

    score: float
    findings: list[FindingGrade]
    issues: list[IssueGrade]
    issues_found: int
    false_positives: int
    precision: float | None
    recall: float | None
    calibration_error: float | None
    verdict_feedback: str


def normalise_path(path: str) -> str:
    """Compare paths the way a reviewer means them: `./x`, `/x`, `a/x` and `b/x` (diff prefixes) are `x`."""
    path = path.strip().replace("\\", "/")
    while path.startswith(("./", "/")):
        path = path[1:] if path.startswith("/") else path[2:]
    if path.startswith(("a/", "b/")):
        path = path[2:]
    return path


def _distance(line: int, start: int, end: int) -> int:
    """0 inside [start, end], else how many lines outside it."""
    return max(start - line, 0, line - end)


def located(finding: ReviewAction, file: str, start: int, end: int, rubric: Rubric = DEFAULT_RUBRIC) -> bool:
    """Whether the finding points at `file` lines start..end (within the rubric's tolerance)."""
    if finding.line_number is None or normalise_path(finding.file_path) != file:
        return False
    return _distance(finding.line_number, start, end) <= rubric.line_tolerance


def score_finding(issue: PlantedIssue, finding: ReviewAction, rubric: Rubric = DEFAULT_RUBRIC) -> ScoreComponents:
    """Score a finding already located on `issue` (see `located`) against that issue."""
    assert finding.line_number is not None
    inside = _distance(finding.line_number, issue.start_line, issue.end_line) == 0
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
    matched = concepts_mentioned(finding.review, issue.evidence)
    cancelled = len(distractors(finding.review, issue.evidence, issue.summary))
    earned_concepts = max(0, matched - cancelled)
    explained = earned_concepts > 0
    return ScoreComponents(
        line=rubric.line_inside if inside else rubric.line_near,
        type=type_points if explained else 0.0,
        severity=severity_points if explained else 0.0,
        evidence=round(rubric.evidence_max * earned_concepts / len(issue.evidence), 4),
    )


def _describe(components: ScoreComponents, finding: ReviewAction, issue: PlantedIssue, rubric: Rubric) -> str:
    """The finding's grade in words, component by component, in the order they gate each other."""
    inside = components.line == rubric.line_inside
    parts = [
        f"line inside the defect +{components.line:.2f}"
        if inside
        else f"line within {rubric.line_tolerance} of the defect +{components.line:.2f}"
    ]
    matched = concepts_mentioned(finding.review, issue.evidence)
    cancelled = len(distractors(finding.review, issue.evidence, issue.summary))
    evidence = f"explanation covers {matched} of {len(issue.evidence)} key point(s)"
    if cancelled:
        evidence += f", {cancelled} cancelled by unrelated defect classes the review also names"
    parts.append(f"{evidence} +{components.evidence:.2f}")
    if not components.evidence:
        parts.append("type and severity not scored: the review explains none of the defect's key points")
        return "; ".join(parts)
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
    return "; ".join(parts)


def _calibration(confidence: float | None, earned: float) -> float | None:
    return None if confidence is None else round(abs(confidence - earned), 4)


def _unmatched(step: int, finding: ReviewAction, outcome: str, why: str, rubric: Rubric) -> FindingGrade:
    """The grade of a finding that earns nothing: a false positive, a duplicate, or an accepted nit."""
    return FindingGrade(
        step=step,
        outcome=outcome,  # type: ignore[arg-type]
        components=ScoreComponents(),
        score=rubric.floor,
        confidence=finding.confidence,
        calibration_error=_calibration(finding.confidence, 0.0),
        feedback=f"Finding {step} earns nothing: {why}.",
    )


def _accepted(finding: ReviewAction, accepted: Sequence[AcceptedFinding], rubric: Rubric) -> bool:
    return any(located(finding, item.file, item.start_line, item.end_line, rubric) for item in accepted)


def _grade_finding(
    step: int, finding: ReviewAction, task: Task, best: list[tuple[int, ScoreComponents] | None], rubric: Rubric
) -> FindingGrade:
    """Match one finding to the best not-yet-found issue it is located on, and grade it."""
    on = [
        i
        for i, issue in enumerate(task.issues)
        if located(finding, issue.file, issue.start_line, issue.end_line, rubric)
    ]
    open_issues = [i for i in on if best[i] is None]
    if not open_issues:
        if on:
            why = "it points at a planted issue an earlier finding already matched (duplicate, counted as a false positive)"
            return _unmatched(step, finding, "duplicate", why, rubric)
        if _accepted(finding, task.accepted, rubric):
            why = "it flags a real minor point that is not one of the planted issues (accepted: no credit, no cost)"
            return _unmatched(step, finding, "accepted", why, rubric)
        return _unmatched(
            step, finding, "false_positive", "it is not located on any planted issue (false positive)", rubric
        )
    scored = [(score_finding(task.issues[i], finding, rubric), i) for i in open_issues]
    components, index = max(scored, key=lambda pair: (pair[0].total, -pair[1]))
    best[index] = (step, components)
    earned = components.total
    return FindingGrade(
        step=step,
        outcome="matched",
        matched_issue=index + 1,
        components=components,
        score=rubric.clamp(earned),
        confidence=finding.confidence,
        calibration_error=_calibration(finding.confidence, earned),
        feedback=(
            f"Finding {step} matched planted issue {index + 1} -> {rubric.clamp(earned):.2f}: "
            + _describe(components, finding, task.issues[index], rubric)
            + "."
        ),
    )


def _episode_score(
    task: Task, issues: list[IssueGrade], false_positives: int, verdict: Verdict | None, rubric: Rubric
) -> tuple[float, str]:
    """The episode score and a sentence on what the verdict did to it."""
    penalty = 1 + rubric.false_positive_weight * false_positives
    if task.is_clean:
        if verdict != "approve":
            return rubric.floor, "Verdict: the PR was not approved, so a clean PR earns nothing."
        if false_positives:
            earned = rubric.clean_verdict * rubric.hedge_factor / penalty
            return earned, "Verdict: approve, but with findings filed as well (a hedge): credit cut."
        return rubric.clean_verdict, "Verdict: approve."
    if verdict == "approve":
        return rubric.floor, "Verdict: approve, on a PR with planted defects: the episode earns nothing."
    weights = [rubric.weight(issue) for issue in task.issues]
    recall_score = sum(w * grade.score for w, grade in zip(weights, issues, strict=True)) / sum(weights)
    said = "request changes" if verdict == "request_changes" else "none given"
    return recall_score / penalty, f"Verdict: {said}."


@dataclass(frozen=True)
class Grading:
    """`findings` graded in submission order, ready to grade one more without grading these again.

    A finding's grade depends only on the findings before it (which issues they already matched), so
    `then` grades the new finding alone and an episode's n-th submit costs the same as its first. Immutable:
    `then` returns a new `Grading`, so a submit whose record write fails leaves the episode's as it was.
    """

    task: Task
    rubric: Rubric
    findings: tuple[ReviewAction, ...] = ()
    graded: tuple[FindingGrade, ...] = ()
    best: tuple[tuple[int, ScoreComponents] | None, ...] = ()
    issues: tuple[IssueGrade, ...] = ()  # `best` as the grade shows it, rebuilt only where a finding matched

    @classmethod
    def of(cls, task: Task, findings: Sequence[ReviewAction], rubric: Rubric = DEFAULT_RUBRIC) -> Grading:
        best: list[tuple[int, ScoreComponents] | None] = [None] * len(task.issues)
        graded = [_grade_finding(step, finding, task, best, rubric) for step, finding in enumerate(findings, start=1)]
        issues = tuple(_issue_grade(index, entry) for index, entry in enumerate(best))
        return cls(task, rubric, tuple(findings), tuple(graded), tuple(best), issues)

    def then(self, finding: ReviewAction) -> Grading:
        best = list(self.best)
        graded = _grade_finding(len(self.findings) + 1, finding, self.task, best, self.rubric)
        issues = self.issues
        if graded.matched_issue is not None:
            index = graded.matched_issue - 1
            issues = (*issues[:index], _issue_grade(index, best[index]), *issues[index + 1 :])
        findings, grades = (*self.findings, finding), (*self.graded, graded)
        return Grading(self.task, self.rubric, findings, grades, tuple(best), issues)

    def report(self, verdict: Verdict | None = None) -> GradeReport:
        """The grade of these findings with `verdict` as the final word."""
        task, rubric, graded = self.task, self.rubric, self.graded
        counted = [item for item in graded if item.outcome != "accepted"]
        false_positives = sum(item.outcome in ("false_positive", "duplicate") for item in graded)
        issues = list(self.issues)
        found = sum(entry is not None for entry in self.best)
        score, verdict_feedback = _episode_score(task, issues, false_positives, verdict, rubric)
        calibrations = [item.calibration_error for item in graded if item.calibration_error is not None]
        return GradeReport(
            score=rubric.clamp(score),
            findings=list(graded),
            issues=issues,
            issues_found=found,
            false_positives=false_positives,
            precision=round(found / len(counted), 4) if counted else None,
            recall=None if task.is_clean else round(found / len(task.issues), 4),
            calibration_error=round(sum(calibrations) / len(calibrations), 4) if calibrations else None,
            verdict_feedback=verdict_feedback,
        )

    def episode_grade(self, episode_id: str, done: bool, verdict: Verdict | None = None) -> EpisodeGrade:
        """The grade an episode shows: whether the PR was clean, per-issue results and recall only once it is
        `done`. Shared by the env and by offline re-scoring of recorded findings, so both show the same thing.
        """
        report = self.report(verdict)
        return EpisodeGrade(
            episode_id=episode_id,
            task_id=self.task.task_id,
            score=report.score,
            done=done,
            verdict=verdict,
            verdict_feedback=report.verdict_feedback if done else None,
            clean=self.task.is_clean if done else None,
            findings=report.findings,
            issues=report.issues if done else None,
            issues_total=len(self.task.issues) if done else None,
            issues_found=report.issues_found,
            false_positives=report.false_positives,
            precision=report.precision,
            recall=report.recall if done else None,
            calibration_error=report.calibration_error,
        )


def _issue_grade(index: int, entry: tuple[int, ScoreComponents] | None) -> IssueGrade:
    if entry is None:
        return IssueGrade(index=index + 1)
    return IssueGrade(index=index + 1, found_by_step=entry[0], score=round(entry[1].total, 4), components=entry[1])


def grade(
    task: Task, findings: Sequence[ReviewAction], verdict: Verdict | None = None, rubric: Rubric = DEFAULT_RUBRIC
) -> GradeReport:
    """Grade `findings` (in submission order) and the final `verdict` against `task`'s answer key."""
    return Grading.of(task, findings, rubric).report(verdict)


def episode_grade(
    episode_id: str,
    task: Task,
    findings: Sequence[ReviewAction],
    done: bool,
    verdict: Verdict | None = None,
    rubric: Rubric = DEFAULT_RUBRIC,
) -> EpisodeGrade:
    """`findings` graded as an episode shows them (see `Grading.episode_grade`)."""
    return Grading.of(task, findings, rubric).episode_grade(episode_id, done, verdict)
