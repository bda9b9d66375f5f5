"""The PR-review environment: episode lifecycle over the task registry, the grader and the sandbox.

This is the one implementation every surface calls (MCP tools, HTTP routes, the CLI). It never imports
`mcp`: errors are `EnvError`s with messages written for the caller, which each surface maps to its own
error type.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .grader import DEFAULT_RUBRIC, Rubric, grade
from .models import (
    EpisodeGrade,
    EpisodeState,
    Observation,
    ReviewAction,
    RunResult,
    StepResult,
    TaskSummary,
)
from .sandbox import Sandbox, SandboxSession
from .store import EpisodeStore, StoreFullError, StoreLimits
from .tasks import Task, TaskRegistry

MAX_CODE_CHARS = 100_000


class EnvError(ValueError):
    """A request the environment refuses; the message says what was wrong and what is accepted."""


class UnknownTaskError(EnvError):
    pass


class UnknownEpisodeError(EnvError):
    pass


class EpisodeDoneError(EnvError):
    pass


class CapacityError(EnvError):
    pass


@dataclass(frozen=True)
class EnvConfig:
    """Episode rules. `max_steps` is how many findings one episode accepts."""

    max_steps: int = 5
    store: StoreLimits = field(default_factory=StoreLimits)
    rubric: Rubric = DEFAULT_RUBRIC


@dataclass(eq=False)
class Episode:
    episode_id: str
    task: Task
    max_steps: int
    findings: list[ReviewAction] = field(default_factory=list)
    previous_feedback: str = ""
    last_reward: float | None = None
    last_score: float | None = None
    last_exit_code: int | None = None
    run_count: int = 0
    done: bool = False
    last_used: float = 0.0
    session: SandboxSession | None = None
    released: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)


def _name_list(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names) - limit} more; see list_tasks)" if len(names) > limit else "")


def code_snippet(task: Task) -> str:
    """The PR as one text: title, description, changed files and the unified diff."""
    files = "\n".join(f"  {path}" for path in task.changed_files)
    return (
        f"PR title: {task.pr_title}\n\nPR description:\n{task.pr_description}\n\n"
        f"Changed files:\n{files}\n\nUnified diff (line numbers are those of the new files):\n{task.diff}"
    )


class ReviewEnv:
    """Episodes of PR review. Thread-safe: any number of callers may use it at once."""

    def __init__(
        self,
        registry: TaskRegistry,
        sandbox: Sandbox,
        config: EnvConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.registry = registry
        self.sandbox = sandbox
        self.config = config or EnvConfig()
        self._store: EpisodeStore[Episode] = EpisodeStore(self.config.store, on_evict=self._release, clock=clock)

    # -- tasks -------------------------------------------------------------------------------------

    def list_tasks(
        self, difficulty: str | None = None, split: str | None = None, tag: str | None = None
    ) -> list[TaskSummary]:
        return [task.summary() for task in self.registry.select(difficulty, split, tag)]

    def task(self, task_id: str) -> Task:
        task = self.registry.get(task_id)
        if task is None:
            raise UnknownTaskError(f"unknown task {task_id!r}; known tasks: {_name_list(self.registry.ids())}")
        return task

    # -- episodes ----------------------------------------------------------------------------------

    def reset(
        self,
        task_id: str | None = None,
        difficulty: str | None = None,
        seed: int | None = None,
        split: str | None = None,
        tag: str | None = None,
    ) -> Observation:
        """Start an episode on `task_id`, or on a task chosen among those matching the filters.

        With `seed`, the choice is reproducible: the same seed and filters pick the same task.
        """
        if task_id is not None:
            task = self.task(task_id)
            for name, wanted, actual in (
                ("difficulty", difficulty, task.difficulty),
                ("split", split, task.split),
            ):
                if wanted is not None and wanted != actual:
                    raise EnvError(f"task {task_id!r} has {name} {actual!r}, not {wanted!r}; drop one of the two")
        else:
            candidates = self.registry.select(difficulty, split, tag)
            if not candidates:
                filters = {"difficulty": difficulty, "split": split, "tag": tag}
                given = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
                raise UnknownTaskError(f"no task matches {given}; see list_tasks for what exists")
            chooser = random.Random(seed) if seed is not None else random.SystemRandom()
            task = chooser.choice(candidates)
        episode = Episode(episode_id=secrets.token_urlsafe(16), task=task, max_steps=self.config.max_steps)
        try:
            self._store.add(episode)
        except StoreFullError as exc:
            raise CapacityError(str(exc)) from None
        return self._observation(episode)

    def _episode(self, episode_id: str) -> Episode:
        episode = self._store.get(episode_id)
        if episode is None:
            raise UnknownEpisodeError(
                f"unknown or expired episode {episode_id!r}; start one with reset_episode (episodes expire "
                f"after {self.config.store.idle_ttl_s:g}s idle)"
            )
        return episode

    def _observation(self, episode: Episode) -> Observation:
        task = episode.task
        return Observation(
            episode_id=episode.episode_id,
            task_id=task.task_id,
            difficulty=task.difficulty,
            task_description=task.task_description,
            code_snippet=code_snippet(task),
            pr_title=task.pr_title,
            pr_description=task.pr_description,
            changed_files=list(task.changed_files),
            previous_feedback=episode.previous_feedback,
            reward=episode.last_reward,
            done=episode.done,
            step_count=len(episode.findings),
            max_steps=episode.max_steps,
        )

    def observe(self, episode_id: str) -> Observation:
        episode = self._episode(episode_id)
        with episode.lock:
            return self._observation(episode)

    def submit(self, episode_id: str, action: ReviewAction, final: bool = False) -> StepResult:
        """Grade one finding; the episode ends after `max_steps` findings or one marked `final`."""
        episode = self._episode(episode_id)
        with episode.lock:
            if episode.done:
                raise EpisodeDoneError(
                    f"episode {episode_id!r} is finished ({len(episode.findings)} finding(s)); read its "
                    "grade with get_grade or start another with reset_episode"
                )
            episode.findings.append(action)
            report = grade(episode.task, episode.findings, self.config.rubric)
            finding = report.findings[-1]
            episode.done = final or len(episode.findings) >= episode.max_steps
            episode.previous_feedback = finding.feedback
            episode.last_reward = finding.score
            episode.last_score = report.score
            return StepResult(
                episode_id=episode_id,
                reward=finding.score,
                feedback=finding.feedback,
                done=episode.done,
                step_count=len(episode.findings),
                max_steps=episode.max_steps,
                episode_score=report.score,
                finding=finding,
            )

    def grade(self, episode_id: str) -> EpisodeGrade:
        """The episode's grade so far; per-issue details appear once the episode is done."""
        episode = self._episode(episode_id)
        with episode.lock:
            report = grade(episode.task, episode.findings, self.config.rubric)
            done = episode.done
            return EpisodeGrade(
                episode_id=episode_id,
                task_id=episode.task.task_id,
                score=report.score,
                done=done,
                findings=report.findings,
                issues=report.issues if done else None,
                issues_total=len(episode.task.issues) if done else None,
                issues_found=report.issues_found,
                false_positives=report.false_positives,
                precision=report.precision,
                recall=report.recall if done else None,
                calibration_error=report.calibration_error,
            )

    def state(self, episode_id: str) -> EpisodeState:
        episode = self._episode(episode_id)
        with episode.lock:
            return EpisodeState(
                episode_id=episode.episode_id,
                step_count=len(episode.findings),
                task_id=episode.task.task_id,
                difficulty=episode.task.difficulty,
                last_score=episode.last_score,
                last_exit_code=episode.last_exit_code,
                done=episode.done,
                max_steps=episode.max_steps,
                run_count=episode.run_count,
            )

    # -- code execution ----------------------------------------------------------------------------

    def run_python(self, episode_id: str, code: str, timeout_s: float | None = None) -> RunResult:
        """Run `code` in the episode's workspace (the PR's files); calls on one episode run one at a time."""
        limits = self.sandbox.limits
        if len(code) > MAX_CODE_CHARS:
            raise EnvError(f"code is {len(code)} characters; the limit is {MAX_CODE_CHARS}")
        if timeout_s is None:
            timeout_s = limits.default_timeout_s
        if not 0 < timeout_s <= limits.max_timeout_s:
            raise EnvError(f"timeout_s must be > 0 and <= {limits.max_timeout_s:g} seconds, got {timeout_s:g}")
        episode = self._episode(episode_id)
        with episode.run_lock:
            if episode.released:
                raise UnknownEpisodeError(f"episode {episode_id!r} was closed while this call waited")
            if episode.session is None:
                episode.session = self.sandbox.open_session(episode.task.files)
            result = episode.session.run(code, timeout_s)
        with episode.lock:
            episode.run_count += 1
            episode.last_exit_code = result.exit_code
        return result

    # -- lifecycle ---------------------------------------------------------------------------------

    @property
    def open_episodes(self) -> int:
        return len(self._store)

    def sweep(self) -> int:
        return self._store.sweep()

    def _release(self, episode: Episode) -> None:
        with episode.run_lock:
            episode.released = True
            if episode.session is not None:
                episode.session.close()
                episode.session = None

    def close(self) -> None:
        """Drop every episode and release every workspace."""
        self._store.clear()
        self.sandbox.close()

    def __enter__(self) -> ReviewEnv:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
