"""The PR-review environment: episode lifecycle over the task registry, the grader and the sandbox.

This is the one implementation every surface calls (MCP tools, HTTP routes, the CLI). It never imports
`mcp`: errors are `EnvError`s with messages written for the caller, which each surface maps to its own
error type.
"""

from __future__ import annotations

import itertools
import logging
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from ..models import (
    FEEDBACK_MODES,
    VERDICTS,
    EpisodeGrade,
    EpisodeState,
    FeedbackMode,
    Observation,
    ReviewAction,
    RunResult,
    StepResult,
    TaskSummary,
    Verdict,
)
from ..sandbox import Cell, Progress, Sandbox, SandboxError, SandboxSession
from .grader import DEFAULT_RUBRIC, Grading, Rubric, normalise_path
from .live_episodes import EpisodeStore, StoreFullError, StoreLimits
from .recorder import EpisodeRecorder, NullRecorder, RecordedEpisode, RecordingError, StaleEpisodeError
from .tasks import Task, TaskRegistry

MAX_CODE_CHARS = 100_000
STALE_RETRY_S = 10.0  # a finding that keeps losing races to other replicas on its episode fails after this long

RELOADED_SANDBOX_NOTICE = (
    "This episode was reloaded from the episode record (the server restarted or evicted it while idle), and none "
    "of its earlier run_python calls could be replayed: its sandbox started fresh on the PR's files."
)

log = logging.getLogger(__name__)
T = TypeVar("T")


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


class RecordError(EnvError):
    """The episode record could not be written or read, so the call did not happen."""


@dataclass(frozen=True)
class EnvConfig:
    """Episode rules. `max_steps` is how many findings one episode accepts."""

    max_steps: int = 5
    store: StoreLimits = field(default_factory=StoreLimits)
    rubric: Rubric = DEFAULT_RUBRIC
    feedback: FeedbackMode = "full"

    def __post_init__(self) -> None:
        if self.feedback not in FEEDBACK_MODES:
            raise ValueError(f"feedback mode {self.feedback!r} is not one of {', '.join(FEEDBACK_MODES)}")


@dataclass(eq=False)
class Episode:
    episode_id: str
    task: Task
    max_steps: int
    grading: Grading  # the findings so far, graded
    feedback: FeedbackMode = "full"
    previous_feedback: str = ""
    last_reward: float | None = None
    last_score: float | None = None
    last_exit_code: int | None = None
    run_count: int = 0
    done: bool = False
    final_grade: EpisodeGrade | None = None
    reloaded: bool = False
    cached: bool = True
    last_used: float = 0.0
    session: SandboxSession | None = None
    history: tuple[Cell, ...] = ()  # the notebook's cells while no session holds them (finished, reloaded)
    session_stale: bool = False  # another replica ran code here: the notebook is rebuilt from `history`
    version: int = 0  # events recorded, as the record counts them (see recorder.EpisodeRecorder)
    released: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)


def _blind_ack(count: int) -> str:
    return f"Finding {count} recorded. Feedback is blind: grades are shown when the episode ends."


def _check_verdict(verdict: str | None) -> None:
    if verdict is not None and verdict not in VERDICTS:
        raise EnvError(f"verdict {verdict!r} is not a verdict; accepted: {', '.join(VERDICTS)}")


def code_snippet(task: Task) -> str:
    """The PR as one text: title, description, changed files and the unified diff."""
    files = "\n".join(f"  {path}" for path in task.changed_files)
    return (
        f"PR title: {task.pr_title}\n\nPR description:\n{task.pr_description}\n\n"
        f"Changed files:\n{files}\n\nUnified diff (line numbers are those of the new files):\n{task.diff}"
    )


class ReviewEnv:
    """Episodes of PR review. Thread-safe: any number of callers may use it at once.

    With a `recorder` (the SQLite episode record), the recorder is the system of record and the in-memory
    store is a bounded cache of live episodes with their sandboxes: an episode missing from the cache
    (after a restart or an eviction) is reloaded from its record by replaying its findings through the
    grader. Without one, episodes live only in memory.
    """

    def __init__(
        self,
        registry: TaskRegistry,
        sandbox: Sandbox,
        config: EnvConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        recorder: EpisodeRecorder | None = None,
    ):
        self.registry = registry
        self.sandbox = sandbox
        self.config = config or EnvConfig()
        self.recorder: EpisodeRecorder = recorder or NullRecorder()
        self._store: EpisodeStore[Episode] = EpisodeStore(self.config.store, on_evict=self._release, clock=clock)
        self._reload_lock = threading.Lock()

    # -- tasks -------------------------------------------------------------------------------------

    def list_tasks(
        self, difficulty: str | None = None, split: str | None = None, tag: str | None = None
    ) -> list[TaskSummary]:
        return [task.summary() for task in self.registry.select(difficulty, split, tag)]

    def task(self, task_id: str) -> Task:
        task = self.registry.get(task_id)
        if task is None:
            raise UnknownTaskError(self.registry.unknown_task_message(task_id))
        return task

    # -- episodes ----------------------------------------------------------------------------------

    def reset(
        self,
        task_id: str | None = None,
        difficulty: str | None = None,
        seed: int | None = None,
        split: str | None = None,
        tag: str | None = None,
        feedback: FeedbackMode | None = None,
    ) -> Observation:
        """Start an episode on `task_id`, or on a task chosen among those matching the filters.

        With `seed`, the choice is reproducible: the same seed and filters pick the same task. `feedback`
        overrides the server's feedback mode for this episode (`blind` hides grades until it ends).
        """
        if feedback is not None and feedback not in FEEDBACK_MODES:
            raise EnvError(f"feedback {feedback!r} is not a feedback mode; accepted: {', '.join(FEEDBACK_MODES)}")
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
        episode = Episode(
            episode_id=secrets.token_urlsafe(16),
            task=task,
            max_steps=self.config.max_steps,
            grading=Grading.of(task, (), self.config.rubric),
            feedback=feedback or self.config.feedback,
        )
        try:
            self._store.add(episode)
        except StoreFullError as exc:
            raise CapacityError(str(exc)) from None
        observation = self._observation(episode)
        try:
            self.recorder.episode_started(task, observation)
        except RecordingError as exc:
            self._store.discard(episode.episode_id)
            raise RecordError(f"{exc}; no episode was started") from None
        return observation

    def _episode(self, episode_id: str) -> Episode:
        """The episode, current with its record: reloaded if this process does not hold it, and, when other
        replicas write the same record, refreshed if one of them has moved it on."""
        episode = self._store.get(episode_id)
        if episode is None:
            episode = self._reload(episode_id)
        elif self.recorder.shared:
            episode = self._refresh(episode, self._recorded_version(episode_id))
        if episode is None:
            raise self._unknown(episode_id)
        return episode

    def _unknown(self, episode_id: str) -> UnknownEpisodeError:
        return UnknownEpisodeError(
            f"unknown or expired episode {episode_id!r}; start one with reset_episode (episodes expire "
            f"after {self.config.store.idle_ttl_s:g}s idle)"
        )

    def _recorded_version(self, episode_id: str) -> int | None:
        try:
            return self.recorder.version(episode_id)
        except RecordingError as exc:
            raise RecordError(str(exc)) from None

    def _recorded(self, episode_id: str) -> RecordedEpisode | None:
        try:
            return self.recorder.load(episode_id)
        except RecordingError as exc:
            raise RecordError(str(exc)) from None

    def _refresh(self, episode: Episode, recorded: int | None) -> Episode | None:
        """Bring a held copy up to its record's `recorded` version (None: the record is gone, and so is it)."""
        if recorded == episode.version:
            return episode
        record = None if recorded is None else self._recorded(episode.episode_id)
        if record is None:
            self._store.discard(episode.episode_id)
            return None
        with episode.lock:
            if record.version > episode.version:
                ran_elsewhere = record.run_count != episode.run_count
                self._apply(episode, record)
                episode.session_stale = episode.session_stale or ran_elsewhere
        log.debug("episode %s refreshed from the record (version %d)", episode.episode_id, record.version)
        return episode

    def _reload(self, episode_id: str) -> Episode | None:
        """Bring an episode back from its record into the cache; None if it has no record.

        One reload at a time, re-checking the cache first, so two concurrent misses cannot create two
        live copies of one episode.
        """
        with self._reload_lock:
            episode = self._store.get(episode_id)
            if episode is not None:
                return episode
            record = self._recorded(episode_id)
            if record is None:
                return None
            episode = self._rebuild(record)
            try:
                self._store.add(episode)
            except StoreFullError as exc:
                if not episode.done:
                    raise CapacityError(str(exc)) from None
                # Every slot holds an open episode. A finished one needs no slot to be read: serve it
                # from its record, uncached (and without a sandbox, see run_python).
                episode.cached = False
            log.info("episode %s reloaded from the record (%d finding(s))", episode_id, len(record.findings))
            return episode

    def _rebuild(self, record: RecordedEpisode) -> Episode:
        """An in-memory episode from its record."""
        task = self.registry.get(record.task_id)
        if task is None:
            raise UnknownTaskError(
                f"episode {record.episode_id!r} played task {record.task_id!r}, which this server does not "
                f"serve (known tasks: {self.registry.known_ids()}); its record is still readable with "
                "`coding-env-mcp episodes show`"
            )
        episode = Episode(
            episode_id=record.episode_id,
            task=task,
            max_steps=record.max_steps,
            grading=Grading.of(task, record.findings, self.config.rubric),
        )
        self._apply(episode, record)
        return episode

    def _apply(self, episode: Episode, record: RecordedEpisode) -> None:
        """Make `episode` what its record says, replaying the findings through the (pure) grader."""
        episode.feedback = record.feedback
        if episode.grading.findings != tuple(record.findings):
            episode.grading = Grading.of(episode.task, record.findings, self.config.rubric)
        episode.run_count = record.run_count
        episode.last_exit_code = record.last_exit_code
        episode.history = record.cells
        episode.done = record.done
        episode.final_grade = record.final_grade
        episode.version = record.version
        episode.reloaded = True
        if record.findings:
            verdict = record.final_grade.verdict if record.final_grade is not None else None
            report = episode.grading.report(verdict)
            if episode.feedback == "full" or episode.done:
                episode.previous_feedback = report.findings[-1].feedback
                episode.last_reward = report.findings[-1].score
                episode.last_score = report.score
            else:
                episode.previous_feedback = _blind_ack(len(record.findings))
            if record.final_grade is not None and record.final_grade.score != report.score:
                log.warning(
                    "episode %s: its recorded grade %.4f differs from a replay under the current task and grader "
                    "(%.4f); get_grade keeps the recorded one",
                    record.episode_id,
                    record.final_grade.score,
                    report.score,
                )
        elif record.final_grade is not None:
            episode.previous_feedback = record.final_grade.verdict_feedback or ""
            episode.last_score = record.final_grade.score

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
            step_count=len(episode.grading.findings),
            max_steps=episode.max_steps,
            feedback_mode=episode.feedback,
        )

    def observe(self, episode_id: str) -> Observation:
        episode = self._episode(episode_id)
        with episode.lock:
            return self._observation(episode)

    def submit(
        self, episode_id: str, action: ReviewAction, final: bool = False, verdict: Verdict | None = None
    ) -> StepResult:
        """Grade one finding; the episode ends after `max_steps` findings or one marked `final`.

        A final finding may carry the episode's `verdict`. In blind feedback mode the result only
        acknowledges the finding until the episode ends.
        """
        return self._settled(episode_id, lambda episode: self._submit(episode, action, final, verdict))

    def _settled(self, episode_id: str, write: Callable[[Episode], T]) -> T:
        """`write(episode)`, again on a refreshed copy whenever another replica changed the episode first.

        Every lost race means another call on the episode was recorded, so the episode as a whole always
        progresses; a jittered back-off keeps one call from losing every time, up to a time budget."""
        deadline = time.monotonic() + STALE_RETRY_S
        for attempt in itertools.count():
            episode = self._episode(episode_id)
            try:
                return write(episode)
            except StaleEpisodeError:
                if time.monotonic() > deadline:
                    break
                if self._refresh(episode, self._recorded_version(episode_id)) is None:
                    raise self._unknown(episode_id) from None
                time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))
        raise RecordError(
            f"episode {episode_id!r} kept changing on other replicas for {STALE_RETRY_S:g}s while this call tried "
            "to record; nothing was recorded, try again"
        )

    def _submit(self, episode: Episode, action: ReviewAction, final: bool, verdict: Verdict | None) -> StepResult:
        episode_id = episode.episode_id
        with episode.lock:
            if episode.done:
                raise EpisodeDoneError(
                    f"episode {episode_id!r} is finished ({len(episode.grading.findings)} finding(s)); read its "
                    "grade with get_grade or start another with reset_episode"
                )
            self._check_finding(episode.task, action)
            _check_verdict(verdict)
            if verdict is not None and not final:
                raise EnvError(
                    "a verdict ends the review: give it with final=true on your last finding, or call "
                    "finish_episode(verdict=...) when you have no more findings"
                )
            grading = episode.grading.then(action)
            findings = grading.findings
            done = final or len(findings) >= episode.max_steps
            report = grading.report(verdict)
            finding = report.findings[-1]
            shown = episode.feedback == "full" or done
            result = StepResult(
                episode_id=episode_id,
                reward=finding.score if shown else None,
                feedback=finding.feedback if shown else _blind_ack(len(findings)),
                done=done,
                step_count=len(findings),
                max_steps=episode.max_steps,
                episode_score=report.score if shown else None,
                finding=finding if shown else None,
            )
            final_grade = grading.episode_grade(episode_id, done, verdict) if done else None
            if final_grade is not None:
                result.feedback = f"{result.feedback} {final_grade.verdict_feedback}"
            try:
                self.recorder.finding_submitted(episode_id, action, final, result, final_grade, episode.version + 1)
            except StaleEpisodeError:
                raise
            except RecordingError as exc:
                raise RecordError(f"{exc}; the finding was not accepted, submit it again") from None
            episode.version += 1
            episode.grading = grading
            episode.done = done
            episode.final_grade = final_grade
            episode.previous_feedback = result.feedback
            episode.last_reward = result.reward
            episode.last_score = result.episode_score
        if done:
            self._park(episode)
        return result

    @staticmethod
    def _check_finding(task: Task, action: ReviewAction) -> None:
        """A finding must say where: a file of the PR and a line. Refused findings are not counted."""
        if not action.file_path.strip() or action.line_number is None:
            raise EnvError(
                "a finding names where the defect is: file_path and line_number (new-file numbering) are both "
                "required. To say the PR has no defect, call finish_episode with verdict='approve' instead"
            )
        if normalise_path(action.file_path) not in task.files:
            raise EnvError(
                f"file_path {action.file_path!r} is not a file of this PR; its files: {', '.join(sorted(task.files))}"
            )

    def finish(self, episode_id: str, verdict: Verdict | None = None) -> EpisodeGrade:
        """End the episode without another finding and return its final grade (idempotent).

        `verdict` is `approve` (the PR is correct as it is) or `request_changes`; finishing an episode that
        already ended returns its grade, and a different verdict then is refused.
        """
        _check_verdict(verdict)
        return self._settled(episode_id, lambda episode: self._finish(episode, verdict))

    def _finish(self, episode: Episode, verdict: Verdict | None) -> EpisodeGrade:
        episode_id = episode.episode_id
        with episode.lock:
            if episode.final_grade is not None:
                if verdict is not None and verdict != episode.final_grade.verdict:
                    raise EpisodeDoneError(
                        f"episode {episode_id!r} already ended with verdict {episode.final_grade.verdict!r}; "
                        "a verdict cannot be changed"
                    )
                return episode.final_grade
            final_grade = episode.grading.episode_grade(episode_id, True, verdict)
            try:
                self.recorder.episode_finished(episode_id, final_grade, episode.version + 1)
            except StaleEpisodeError:
                raise
            except RecordingError as exc:
                raise RecordError(f"{exc}; the episode is still open") from None
            episode.version += 1
            episode.done = True
            episode.final_grade = final_grade
            episode.previous_feedback = final_grade.verdict_feedback or ""
            episode.last_score = final_grade.score
        self._park(episode)
        return final_grade

    def grade(self, episode_id: str) -> EpisodeGrade:
        """The episode's grade so far; per-issue details appear once the episode is done.

        A finished episode returns the grade snapshot taken when it finished, the same one its record
        holds, so the answer is identical before and after a restart.
        """
        episode = self._episode(episode_id)
        with episode.lock:
            if episode.final_grade is not None:
                return episode.final_grade.model_copy(deep=True)
            if episode.feedback == "blind":
                raise EnvError(
                    f"episode {episode_id!r} uses blind feedback: its grade is shown once it ends "
                    f"({len(episode.grading.findings)} finding(s) so far); end it with finish_episode"
                )
            return episode.grading.episode_grade(episode_id, episode.done)

    def state(self, episode_id: str) -> EpisodeState:
        episode = self._episode(episode_id)
        with episode.lock:
            return EpisodeState(
                episode_id=episode.episode_id,
                step_count=len(episode.grading.findings),
                task_id=episode.task.task_id,
                difficulty=episode.task.difficulty,
                last_score=episode.last_score,
                last_exit_code=episode.last_exit_code,
                done=episode.done,
                max_steps=episode.max_steps,
                run_count=episode.run_count,
            )

    # -- code execution ----------------------------------------------------------------------------

    @contextmanager
    def interpreter_kept(self, episode_id: str) -> Iterator[None]:
        """While a `run_python` call on the episode waits to start (for a thread to run on), its interpreter is
        held: stopped for room only when no idle interpreter without a waiting call can go instead, so the call
        usually finds its notebook live instead of restoring it by replay. Asked from the event loop, so it
        blocks on nothing. An episode this process does not hold live passes through: the call itself reloads
        it or reports it unknown."""
        episode = self._store.peek(episode_id)
        session = episode.session if episode is not None else None
        with session.kept() if session is not None else nullcontext():
            yield

    def run_python(
        self, episode_id: str, code: str, timeout_s: float | None = None, progress: Progress | None = None
    ) -> RunResult:
        """Run `code` in the episode's workspace (the PR's files); calls on one episode run one at a time.

        `progress(seconds)` is told each whole second the code runs, from the calling thread."""
        limits = self.sandbox.limits
        if len(code) > MAX_CODE_CHARS:
            raise EnvError(f"code is {len(code)} characters; the limit is {MAX_CODE_CHARS}")
        if timeout_s is None:
            timeout_s = limits.default_timeout_s
        if not 0 < timeout_s <= limits.max_timeout_s:
            raise EnvError(f"timeout_s must be > 0 and <= {limits.max_timeout_s:g} seconds, got {timeout_s:g}")
        episode = self._episode(episode_id)
        if not episode.cached:
            raise CapacityError(
                f"episode {episode_id!r} is finished and every slot holds an open episode (the limit is "
                f"{self.config.store.max_episodes}), so it has no sandbox now; its grade and observation stay "
                "readable, and run_python works again once an open episode finishes"
            )
        with episode.run_lock:
            if episode.released:
                raise UnknownEpisodeError(f"episode {episode_id!r} was closed while this call waited")
            if episode.session_stale:
                self._catch_up(episode)
            fresh_after_reload = episode.session is None and episode.reloaded and episode.run_count > 0
            if episode.session is None:
                episode.session = self.sandbox.open_session(episode.task.files, episode.history)
            try:
                result = episode.session.run(code, timeout_s, progress)
            except SandboxError as exc:
                raise EnvError(f"run_python could not run the code: {exc}; try again shortly") from None
            if fresh_after_reload and not result.restored:
                notice = RELOADED_SANDBOX_NOTICE + (f" {result.notice}" if result.notice else "")
                result = result.model_copy(update={"notice": notice})
            with episode.lock:
                try:
                    in_step = self.recorder.code_ran(episode_id, code, timeout_s, result, episode.version + 1)
                except RecordingError as exc:
                    raise RecordError(f"{exc}; the code ran but its result was not recorded") from None
                if in_step:  # else another replica wrote too: the next call refreshes the copy from the record
                    episode.version += 1
                episode.run_count += 1
                episode.last_exit_code = result.exit_code
        return result

    # -- lifecycle ---------------------------------------------------------------------------------

    @property
    def open_episodes(self) -> int:
        return len(self._store)

    def sweep(self) -> int:
        return self._store.sweep()

    def _park(self, episode: Episode) -> None:
        """Free a finished episode's interpreter at once, keeping its cells: a later run_python replays them.

        Called after the episode lock is released: run_python takes the run lock before the episode lock.
        """
        with episode.run_lock:
            if episode.session is not None and not episode.session_stale:
                episode.history = episode.session.history
            self._close_session(episode)

    def _catch_up(self, episode: Episode) -> None:
        """Under the run lock, after another replica ran code in this episode: a live interpreter whose cells
        begin the record's runs the rest (output suppressed); one that diverged (runs raced on two replicas)
        is closed, and the next call replays the record's cells in a fresh one."""
        session, recorded = episode.session, episode.history
        if session is not None and recorded[: len(session.history)] == session.history:
            session.catch_up(recorded[len(session.history) :])
            episode.session_stale = False
        else:
            self._close_session(episode)

    @staticmethod
    def _close_session(episode: Episode) -> None:
        """Close the episode's interpreter (under its run lock); a later run replays `history`."""
        if episode.session is not None:
            episode.session.close()
            episode.session = None
        episode.session_stale = False

    def _release(self, episode: Episode) -> None:
        with episode.run_lock:
            episode.released = True
            self._close_session(episode)

    def close(self) -> None:
        """Drop every episode from memory, release every workspace and close the record."""
        self._store.clear()
        self.sandbox.close()
        self.recorder.close()

    def __enter__(self) -> ReviewEnv:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
