"""Pydantic models shared by the env core, the grader and every surface (MCP, HTTP, CLI).

Field names follow the PR-triage env this project grew from, so its users find the same
`review / file_path / issue_type / severity / bug_type / line_number / confidence` action, the same
observation fields and the same state fields.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

IssueType = Literal["logic", "security", "performance", "maintainability"]
BugType = Literal["syntax", "logic", "security", "none"]
Severity = Literal["low", "medium", "high", "critical"]
Difficulty = Literal["easy", "medium", "hard"]
Split = Literal["train", "test"]
Verdict = Literal["approve", "request_changes"]
FeedbackMode = Literal["full", "blind"]

ISSUE_TYPES: tuple[IssueType, ...] = ("logic", "security", "performance", "maintainability")
BUG_TYPES: tuple[BugType, ...] = ("syntax", "logic", "security", "none")
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
SPLITS: tuple[Split, ...] = ("train", "test")
VERDICTS: tuple[Verdict, ...] = ("approve", "request_changes")
FEEDBACK_MODES: tuple[FeedbackMode, ...] = ("full", "blind")

MAX_REVIEW_CHARS = 20_000
MAX_PATH_CHARS = 500
# Shared by every surface that takes them (MCP tools, HTTP routes), so the limits cannot drift apart.
MAX_EPISODE_ID_CHARS = 64
MAX_TASK_ID_CHARS = 100
MAX_TAG_CHARS = 100


class ReviewAction(BaseModel):
    """One finding about the pull request: where the defect is, what kind, how bad, and why.

    `bug_type="none"` marks a finding that is not a bug (a maintainability point). A finding must name a
    file and a line to earn anything; that the PR is clean is said with the `approve` verdict when
    finishing, never with a finding.
    """

    model_config = ConfigDict(extra="forbid")

    review: Annotated[str, Field(max_length=MAX_REVIEW_CHARS)] = ""
    file_path: Annotated[str, Field(max_length=MAX_PATH_CHARS)] = ""
    issue_type: IssueType | None = None
    severity: Severity | None = None
    bug_type: BugType
    line_number: Annotated[int, Field(ge=1)] | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Observation(BaseModel):
    """What the reviewer sees: the PR, the instructions, and feedback on the previous finding."""

    episode_id: str
    task_id: str
    difficulty: Difficulty
    task_description: str
    code_snippet: str = Field(description="The PR's title, description and unified diff, as one text.")
    pr_title: str
    pr_description: str
    changed_files: list[str]
    previous_feedback: str = ""
    reward: float | None = Field(None, description="Score of the previous finding; None before the first.")
    done: bool = False
    step_count: int = 0
    max_steps: int
    feedback_mode: FeedbackMode = Field(
        "full", description="full: each finding is graded at once; blind: grades are revealed when the episode ends."
    )


class EpisodeState(BaseModel):
    """Book-keeping of one episode, with the seed env's state fields first."""

    episode_id: str
    step_count: int
    task_id: str
    difficulty: Difficulty
    last_score: float | None = None
    last_exit_code: int | None = None
    done: bool = False
    max_steps: int
    run_count: int = 0


class ScoreComponents(BaseModel):
    """Points a finding earned, per rubric component. They sum to the finding's raw score.

    `line` is the localisation that gates the rest: a finding not located on a planted issue earns 0 in all.
    """

    line: float = 0.0
    type: float = 0.0
    severity: float = 0.0
    evidence: float = 0.0

    @property
    def total(self) -> float:
        return self.line + self.type + self.severity + self.evidence


FindingOutcome = Literal["matched", "false_positive", "duplicate", "accepted"]


class FindingGrade(BaseModel):
    """How one submitted finding was scored."""

    step: int = Field(description="1-based position of the finding in the episode.")
    outcome: FindingOutcome
    matched_issue: int | None = Field(None, description="1-based index of the planted issue it matched.")
    components: ScoreComponents
    score: float = Field(description="The finding's score, clamped to the rubric's open interval.")
    confidence: float | None = None
    calibration_error: float | None = Field(
        None, description="|confidence - earned score|; None when no confidence was given."
    )
    feedback: str


class IssueGrade(BaseModel):
    """The best any finding did on one planted issue (location and kind stay secret)."""

    index: int
    found_by_step: int | None = None
    score: float = 0.0
    components: ScoreComponents = Field(default_factory=ScoreComponents)


class EpisodeGrade(BaseModel):
    """The episode's grade: findings matched to planted issues, false positives charged."""

    episode_id: str
    task_id: str
    score: float = Field(description="Episode score in the rubric's open interval (0.01-0.99).")
    done: bool
    verdict: Verdict | None = Field(None, description="The verdict given when finishing: approve or request_changes.")
    verdict_feedback: str | None = Field(None, description="What the verdict did to the score; once done.")
    clean: bool | None = Field(None, description="Whether the PR had no planted issue; revealed once done.")
    findings: list[FindingGrade]
    issues: list[IssueGrade] | None = Field(None, description="Per planted issue; revealed once the episode is done.")
    issues_total: int | None = Field(None, description="Planted issues; revealed once the episode is done.")
    issues_found: int
    false_positives: int
    precision: float | None = None
    recall: float | None = Field(None, description="Revealed once the episode is done.")
    calibration_error: float | None = Field(
        None, description="Mean |confidence - earned score| over findings that stated a confidence."
    )


class StepResult(BaseModel):
    """What `submit_review` returns. In blind feedback mode the grade fields stay empty until the episode ends."""

    episode_id: str
    reward: float | None = Field(description="This finding's score; None in blind mode while the episode runs.")
    feedback: str
    done: bool
    step_count: int
    max_steps: int
    episode_score: float | None = Field(description="The running episode score; None in blind mode while it runs.")
    finding: FindingGrade | None = Field(description="This finding's breakdown; None in blind mode while it runs.")


class TaskSummary(BaseModel):
    """A task as the catalogue lists it (never its answer key)."""

    task_id: str
    difficulty: Difficulty
    split: Split
    tags: list[str]
    pr_title: str
    changed_files: list[str]


class TaskCatalog(BaseModel):
    """The task catalogue as `list_tasks` and `GET /tasks` return it: one shape on every surface."""

    count: int
    tasks: list[TaskSummary]

    @classmethod
    def of(cls, tasks: list[TaskSummary]) -> TaskCatalog:
        return cls(count=len(tasks), tasks=tasks)


class RunResult(BaseModel):
    """The outcome of one `run_python` call."""

    stdout: str
    stderr: str
    exit_code: int | None = Field(description="Process exit code; negative for a signal; None if it never ran.")
    duration_s: float
    timed_out: bool = False
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    isolation: str = Field(description="The isolation level the code ran under.")
    state_lost: bool = Field(
        False,
        description="True when this call ended its interpreter (a crash, a timeout): the next call restores the "
        "earlier cells by replaying them.",
    )
    restored: bool = Field(
        False,
        description="True when the interpreter had been restarted and earlier cells were replayed before this call.",
    )
    restore_failures: list[str] = Field(
        default_factory=list,
        description="Earlier cells whose replay failed or ended differently; names they defined may be missing.",
    )
    notice: str | None = Field(
        None, description="Anything the caller must know about this run, e.g. that interpreter state was lost."
    )
