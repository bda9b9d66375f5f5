"""What a model reads: every result as plain text, beside the structured content a program reads.

A tool result reaches a model as its text content. Escaped JSON makes a model count diff lines inside a string
and read the PR description twice, while line numbers are exactly what the grader checks. So each result has
a text form written for reading: the PR once, the diff with each line's new-file number beside it, grades as
sentences. The structured content (the pydantic model) is unchanged for programs.
"""

from __future__ import annotations

from ..models import EpisodeGrade, EpisodeState, Observation, RunResult, StepResult, TaskCatalog
from .diffs import numbered_diff
from .tasks import DEFAULT_TASK_DESCRIPTION

BRIEF = (
    "The number before each + and context line is its new-file line: your line_number. One submit_review per "
    "defect, then finish_episode: request_changes, or approve a PR with none. Files: task://{task_id}/files/<path>."
)


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def observation(obs: Observation, diff: str) -> str:
    status = "done" if obs.done else f"finding {obs.step_count}/{obs.max_steps}"
    blind = " · blind feedback" if obs.feedback_mode == "blind" else ""
    parts = [f"Episode {obs.episode_id} · {obs.task_id} ({obs.difficulty}) · {status}{blind}"]
    if obs.previous_feedback:
        reward = "" if obs.reward is None else f" (reward {obs.reward:.2f})"
        parts.append(f"Last feedback{reward}: {obs.previous_feedback}")
    parts += [
        f"# {obs.pr_title}",
        obs.pr_description,
        "Changed files: " + ", ".join(obs.changed_files),
        obs.task_description if obs.task_description != DEFAULT_TASK_DESCRIPTION else BRIEF.format(task_id=obs.task_id),
        numbered_diff(diff),
    ]
    return "\n\n".join(parts)


def step(result: StepResult) -> str:
    lines = [result.feedback]
    if result.reward is not None and result.episode_score is not None:
        lines.append(f"Reward {result.reward:.2f}; episode score {result.episode_score:.2f}.")
    ended = "The episode is done." if result.done else f"Findings so far: {result.step_count} of {result.max_steps}."
    return "\n".join([*lines, ended])


def grade(value: EpisodeGrade) -> str:
    state = "final" if value.done else "so far"
    lines = [f"Episode {value.episode_id} ({value.task_id}): score {value.score:.2f} ({state})."]
    if value.verdict_feedback:
        lines.append(value.verdict_feedback)
    if value.clean is not None:
        lines.append("The PR had no planted issue." if value.clean else f"Planted issues: {value.issues_total}.")
    lines.append(
        f"Issues found: {value.issues_found}; false positives: {value.false_positives}"
        + ("" if value.precision is None else f"; precision {value.precision:.2f}")
        + ("" if value.recall is None else f"; recall {value.recall:.2f}")
        + "."
    )
    lines += [f"  {finding.feedback}" for finding in value.findings]
    for issue in value.issues or []:
        found = "not found" if issue.found_by_step is None else f"found by finding {issue.found_by_step}"
        lines.append(f"  Planted issue {issue.index}: {found}, best score {issue.score:.2f}.")
    return "\n".join(lines)


def state(value: EpisodeState) -> str:
    return "\n".join(f"{key}: {item}" for key, item in value.model_dump().items())


def run(result: RunResult) -> str:
    head = "timed out" if result.timed_out else f"exit code {result.exit_code}"
    lines = [f"{head} after {result.duration_s:.2f}s (isolation {result.isolation})"]
    if result.notice:
        lines.append(f"Notice: {result.notice}")
    for name, text, cut in (
        ("stdout", result.stdout, result.stdout_truncated),
        ("stderr", result.stderr, result.stderr_truncated),
    ):
        if text:
            lines.append(f"{name}{' (truncated)' if cut else ''}:\n{text.rstrip()}")
    if not result.stdout and not result.stderr:
        lines.append("(no output)")
    return "\n".join(lines)


def catalog(value: TaskCatalog) -> str:
    lines = [f"{value.count} task(s):"]
    for task in value.tasks:
        tags = ", ".join(task.tags) or "-"
        lines.append(f"- {task.task_id} ({task.difficulty}, {task.split}; {tags}): {task.pr_title}")
    return "\n".join(lines)
