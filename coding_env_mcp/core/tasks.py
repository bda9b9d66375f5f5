"""The task registry: PR-review tasks loaded from plain data under `tasks/` and validated on load.

A task is a folder `tasks/<task_id>/` holding
- `task.toml`        what the reviewer is shown: title, description, difficulty, split, tags;
- `pr.diff`          the unified diff of the pull request;
- `files/`           the post-PR content of every changed file (and any context files);
- `answer_key.toml`  the planted issues (none for a clean PR), the private labels (defect class, CWE) and
                     the accepted findings (real minor points that are not planted), which never leave
                     the core except as a grade;
- `witness/*.py`     per issue, a script that fails (a failed assert) on the PR's code and passes once fixed;
                     a clean PR has one `clean_witness` that passes on the PR's code;
- `fix.patch`        a unified diff against `files/` that fixes every planted issue (not for a clean PR).

The answer key, witnesses and fix are secret: they are never served and never copied into a sandbox
workspace.

A task that breaks any rule fails loudly with its path and the reason, so a bad task can never be
served with wrong line numbers or an impossible answer.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..models import BugType, Difficulty, IssueType, Severity, Split, TaskSummary
from ..settings import TASKS_DIR_ENV
from .diffs import DiffError, check_diff_matches_files, parse_diff, read_patch
from .evidence import generic_concepts
from .patching import apply_patch

DEFAULT_TASK_DESCRIPTION = (
    "Review this pull request as a careful senior engineer. The diff and the post-PR files are "
    "available; you may run Python against the PR's code. For each defect you find, submit one "
    "finding with submit_review: the file path, the line number in the new file, issue_type, "
    "bug_type, severity, your confidence, and a review explaining what is wrong and its impact. "
    "Every finding that matches no defect counts against you. When you are done, call finish_episode "
    "with verdict 'request_changes' if you found defects, or 'approve' if the PR is correct as it is."
)

# An answer range covers the defective lines, not the function around them: a wide range would make line
# credit free. Wider ranges need a stated reason (`wide_range_reason`).
MAX_RANGE_LINES = 6

# Public tags describe the area of the code, never the defect or the verdict: those are private labels in
# answer_key.toml. A tag that names a defect class, a CWE or the verdict is refused when the task loads.
PRIVATE_TAG_WORDS = frozenset(
    {
        "clean",
        "buggy",
        "bug",
        "defect",
        "security",
        "vulnerability",
        "injection",
        "sql-injection",
        "command-injection",
        "xss",
        "path-traversal",
        "open-redirect",
        "deserialization",
        "race-condition",
        "race",
        "check-then-act",
        "toctou",
        "deadlock",
        "off-by-one",
        "resource-leak",
        "leak",
        "memory-leak",
        "n-plus-one",
        "quadratic",
        "algorithmic-complexity",
        "performance",
        "information-disclosure",
        "timing-attack",
        "mutable-default",
        "duplication",
        "maintainability",
        "swallowed-exception",
        "integer-division",
        "division-by-zero",
    }
)


def private_tag_problem(tag: str) -> str | None:
    """Why `tag` may not be public (it names a defect, a CWE or the verdict), or None if it may."""
    if tag.lower().startswith("cwe-"):
        return "a CWE id names the defect"
    if tag.lower() in PRIVATE_TAG_WORDS:
        return "it names a defect class or the verdict"
    return None


class TaskFormatError(ValueError):
    """A task on disk breaks the task format; the message names the task folder and the rule."""


# Licences whose code a task may carry (permissive: the task, the answer key and the fix may all be shared).
SOURCE_LICENSES = ("MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "ISC", "PSF-2.0")


class _SourceSpec(BaseModel):
    """Where a task's code comes from, when it is a PR on top of a real open-source project."""

    model_config = ConfigDict(extra="forbid")

    project: str = Field(min_length=1)
    version: str = Field(min_length=1)
    license: str
    url: str = Field(min_length=1, description="where the source distribution was published")
    license_file: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="the licence text, beside task.toml")
    paths: dict[str, str] = Field(
        min_length=1, description="each file of files/ taken from the project -> its path in the distribution"
    )

    @field_validator("license")
    @classmethod
    def _permissive(cls, value: str) -> str:
        if value not in SOURCE_LICENSES:
            raise ValueError(f"licence {value!r} is not one a task may carry; accepted: {', '.join(SOURCE_LICENSES)}")
        return value


class _TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task_id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$")
    difficulty: Difficulty
    split: Split = "train"
    tags: list[str] = []
    pr_title: str = Field(min_length=1, max_length=200)

    @field_validator("tags")
    @classmethod
    def _public(cls, value: list[str]) -> list[str]:
        for tag in value:
            problem = private_tag_problem(tag)
            if problem:
                raise ValueError(
                    f"tag {tag!r} is served to agents, but {problem}: move it to answer_key.toml labels "
                    "(private) and keep tags to the area of the code (e.g. billing, sql, web-handler)"
                )
        return value

    pr_description: str = Field(min_length=1)
    task_description: str | None = None
    source: _SourceSpec | None = None


class _IssueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str = Field(min_length=1)
    lines: tuple[int, int]
    issue_type: IssueType
    bug_type: BugType
    severity: Severity
    summary: str = Field(min_length=1)
    evidence: list[list[str]] = Field(min_length=1)
    witness: str = Field(pattern=r"^witness/[A-Za-z0-9_\-]+\.py$")
    wide_range_reason: str | None = None

    @model_validator(mode="after")
    def _tight(self) -> _IssueSpec:
        width = self.lines[1] - self.lines[0] + 1
        if width > MAX_RANGE_LINES and not self.wide_range_reason:
            raise ValueError(
                f"lines {list(self.lines)} span {width} lines; a range covers the defective lines only (at most "
                f"{MAX_RANGE_LINES}), or states why it cannot in wide_range_reason"
            )
        return self

    @field_validator("lines")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        start, end = value
        if start < 1 or end < start:
            raise ValueError(f"lines must be [start, end] with 1 <= start <= end, got {list(value)}")
        return value

    @field_validator("evidence")
    @classmethod
    def _concepts(cls, value: list[list[str]]) -> list[list[str]]:
        for group in value:
            if not group or any(not word.strip() for word in group):
                raise ValueError("each evidence concept is a non-empty list of non-empty synonyms")
        generic = generic_concepts(value)
        if generic:
            words = ", ".join(sorted({repr(word) for _, word, _ in generic}))
            raise ValueError(
                f"evidence synonyms {words} are mentioned by reviews that explain nothing (see "
                "evidence.GENERIC_REVIEWS); name this defect specifically"
            )
        return value


class _AcceptedSpec(BaseModel):
    """A real minor point a good reviewer may flag that is not a planted issue: no credit, no cost."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(min_length=1)
    lines: tuple[int, int]
    why: str = Field(min_length=1)


class _AnswerKeySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issues: list[_IssueSpec]
    labels: list[str] = []
    accepted: list[_AcceptedSpec] = []
    clean_witness: str | None = Field(None, pattern=r"^witness/[A-Za-z0-9_\-]+\.py$")

    @model_validator(mode="after")
    def _distinct(self) -> _AnswerKeySpec:
        if not self.issues and self.clean_witness is None:
            raise ValueError("a clean PR (no issues) needs a clean_witness that passes on the PR's code")
        if self.issues and self.clean_witness is not None:
            raise ValueError("clean_witness is only for a clean PR; give each issue its own witness")
        seen = set()
        for issue in self.issues:
            key = (issue.file, issue.lines)
            if key in seen:
                raise ValueError(f"two issues share {issue.file} lines {list(issue.lines)}")
            seen.add(key)
        return self


@dataclass(frozen=True)
class PlantedIssue:
    """One defect of the answer key, located in new-file line numbers (inclusive range)."""

    file: str
    start_line: int
    end_line: int
    issue_type: IssueType
    bug_type: BugType
    severity: Severity
    summary: str
    evidence: tuple[tuple[str, ...], ...]
    witness: str = field(repr=False)


@dataclass(frozen=True)
class AcceptedFinding:
    """A range where a finding is neither credited nor charged: a real nit that is not planted."""

    file: str
    start_line: int
    end_line: int
    why: str


@dataclass(frozen=True)
class Task:
    """A loaded, validated task. `files` maps a path to its post-PR text."""

    task_id: str
    difficulty: Difficulty
    split: Split
    tags: tuple[str, ...]
    pr_title: str
    pr_description: str
    task_description: str
    diff: str
    changed_files: tuple[str, ...]
    files: Mapping[str, str]
    issues: tuple[PlantedIssue, ...]
    root: Path = field(compare=False)
    fix_patch: str | None = field(default=None, repr=False)
    clean_witness: str | None = field(default=None, repr=False)
    labels: tuple[str, ...] = field(default=(), repr=False)
    accepted: tuple[AcceptedFinding, ...] = field(default=(), repr=False)
    source_project: str | None = None
    source_license: str | None = None

    @property
    def is_clean(self) -> bool:
        return not self.issues

    @property
    def private_labels(self) -> tuple[str, ...]:
        """What the answer key says about the task (defect classes, CWEs, `clean`): never served."""
        return ("clean",) if self.is_clean else self.labels

    def summary(self) -> TaskSummary:
        return TaskSummary(
            task_id=self.task_id,
            difficulty=self.difficulty,
            split=self.split,
            tags=list(self.tags),
            pr_title=self.pr_title,
            changed_files=list(self.changed_files),
        )


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise TaskFormatError(f"{path}: missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise TaskFormatError(f"{path}: not valid TOML: {exc}") from exc


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def _read_files(files_dir: Path) -> dict[str, str]:
    if not files_dir.is_dir():
        raise TaskFormatError(f"{files_dir}: missing (it holds the post-PR content of every changed file)")
    files: dict[str, str] = {}
    for path in sorted(files_dir.rglob("*")):
        # Installers byte-compile a wheel's .py files; bytecode is never part of a PR.
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            relative = path.relative_to(files_dir).as_posix()
            try:
                files[relative] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise TaskFormatError(f"{path}: not UTF-8 text") from None
    return files


def _read_secret(folder: Path, relative: str) -> str:
    path = folder / relative
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaskFormatError(f"{path}: missing (named by answer_key.toml)") from None


def _check_source(folder: Path, source: _SourceSpec) -> None:
    where = f"{folder / 'task.toml'}: source"
    if not (folder / source.license_file).is_file():
        raise TaskFormatError(f"{where}: license_file {source.license_file!r} is missing beside task.toml")
    missing = [path for path in source.paths if not (folder / "files" / path).is_file()]
    if missing:
        raise TaskFormatError(f"{where}: paths names files not in files/: {', '.join(missing)}")


def load_task(folder: Path) -> Task:
    """Load and validate one task folder; raise `TaskFormatError` naming the folder and the rule broken."""
    spec_data = _read_toml(folder / "task.toml")
    try:
        spec = _TaskSpec.model_validate(spec_data)
    except ValidationError as exc:
        raise TaskFormatError(f"{folder / 'task.toml'}: {_validation_message(exc)}") from None
    if spec.task_id != folder.name:
        raise TaskFormatError(f"{folder / 'task.toml'}: task_id {spec.task_id!r} must equal the folder name")
    try:
        key = _AnswerKeySpec.model_validate(_read_toml(folder / "answer_key.toml"))
    except ValidationError as exc:
        raise TaskFormatError(f"{folder / 'answer_key.toml'}: {_validation_message(exc)}") from None

    if spec.source is not None:
        _check_source(folder, spec.source)
    diff_path = folder / "pr.diff"
    try:
        diff = diff_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaskFormatError(f"{diff_path}: missing") from None
    files = _read_files(folder / "files")
    try:
        patch = read_patch(diff)  # parsed once, checked twice
        changed = parse_diff(patch)
        check_diff_matches_files(patch, files)
    except DiffError as exc:
        raise TaskFormatError(f"{diff_path}: {exc}") from None

    added_by_file = {item.path: item.added_lines for item in changed}
    issues = []
    for number, issue in enumerate(key.issues, start=1):
        where = f"{folder / 'answer_key.toml'}: issue {number}"
        if issue.file not in added_by_file:
            raise TaskFormatError(f"{where}: file {issue.file!r} is not changed by the diff")
        start, end = issue.lines
        off_diff = [line for line in range(start, end + 1) if line not in added_by_file[issue.file]]
        if off_diff:
            raise TaskFormatError(f"{where}: lines {off_diff} of {issue.file} are not lines the diff adds or changes")
        issues.append(
            PlantedIssue(
                file=issue.file,
                start_line=start,
                end_line=end,
                issue_type=issue.issue_type,
                bug_type=issue.bug_type,
                severity=issue.severity,
                summary=" ".join(issue.summary.split()),
                evidence=tuple(tuple(group) for group in issue.evidence),
                witness=_read_secret(folder, issue.witness),
            )
        )
    accepted = []
    for number, item in enumerate(key.accepted, start=1):
        where = f"{folder / 'answer_key.toml'}: accepted {number}"
        if item.file not in files:
            raise TaskFormatError(f"{where}: file {item.file!r} is not in files/")
        accepted.append(AcceptedFinding(item.file, item.lines[0], item.lines[1], " ".join(item.why.split())))
    served = sorted(set(spec.tags) & set(key.labels))
    if served:
        raise TaskFormatError(
            f"{folder / 'task.toml'}: tag(s) {', '.join(served)} are also private labels of this task: a label must "
            "never be served; rename the label to the defect (e.g. signing-key-order) or drop the tag"
        )
    if issues and not key.labels:
        raise TaskFormatError(
            f"{folder / 'answer_key.toml'}: labels is empty; name the defect classes (and CWE ids) of the issues"
        )
    fix_path = folder / "fix.patch"
    if issues and not fix_path.is_file():
        raise TaskFormatError(f"{fix_path}: missing (a task with issues ships the fix as a patch)")
    if not issues and fix_path.exists():
        raise TaskFormatError(f"{fix_path}: a clean PR has nothing to fix; remove it")
    fix_patch = fix_path.read_text(encoding="utf-8") if issues else None
    if fix_patch is not None:
        try:
            apply_patch(files, fix_patch)
        except DiffError as exc:
            raise TaskFormatError(f"{fix_path}: does not apply to files/: {exc}") from None
    return Task(
        task_id=spec.task_id,
        difficulty=spec.difficulty,
        split=spec.split,
        tags=tuple(spec.tags),
        pr_title=spec.pr_title,
        pr_description=spec.pr_description.strip(),
        task_description=(spec.task_description or DEFAULT_TASK_DESCRIPTION).strip(),
        diff=diff,
        changed_files=tuple(item.path for item in changed),
        files=files,
        issues=tuple(issues),
        root=folder,
        fix_patch=fix_patch,
        clean_witness=_read_secret(folder, key.clean_witness) if key.clean_witness else None,
        labels=tuple(key.labels),
        accepted=tuple(accepted),
        source_project=f"{spec.source.project} {spec.source.version}" if spec.source else None,
        source_license=spec.source.license if spec.source else None,
    )


def check_tasks_dir(root: Path) -> None:
    """Refuse a tasks directory that does not exist (cheap: servers check it before serving)."""
    if not Path(root).is_dir():
        raise TaskFormatError(f"{root}: tasks directory not found")


def task_folders(root: Path) -> list[Path]:
    """The task folders under `root`: every sub-folder holding a `task.toml`, sorted by name."""
    check_tasks_dir(root)
    return sorted(path.parent for path in root.glob("*/task.toml"))


def default_tasks_dir() -> Path:
    """Where the task suite lives: `$CODING_ENV_MCP_TASKS_DIR`, else inside the wheel, else the repo's `tasks/`."""
    override = os.environ.get(TASKS_DIR_ENV)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_tasks"
    if packaged.is_dir():
        return packaged
    return package.parent / "tasks"


class TaskRegistry:
    """All loaded tasks, by id. Immutable once built, so it is shared freely across threads."""

    def __init__(self, tasks: Iterable[Task]):
        self._tasks = {task.task_id: task for task in tasks}

    @classmethod
    def load(cls, root: Path | None = None) -> TaskRegistry:
        """Load every task under `root`; any invalid task raises `TaskFormatError` listing all problems."""
        root = root or default_tasks_dir()
        tasks, problems = [], []
        for folder in task_folders(root):
            try:
                tasks.append(load_task(folder))
            except TaskFormatError as exc:
                problems.append(str(exc))
        if problems:
            raise TaskFormatError("invalid tasks:\n  " + "\n  ".join(problems))
        if not tasks:
            raise TaskFormatError(f"{root}: no tasks found (expected <task_id>/task.toml folders)")
        return cls(tasks)

    def __len__(self) -> int:
        return len(self._tasks)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._tasks

    def ids(self) -> list[str]:
        return sorted(self._tasks)

    def get(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def known_ids(self, limit: int = 12) -> str:
        """The task ids for a message, shortened past `limit`."""
        names = self.ids()
        shown = ", ".join(names[:limit])
        return shown + (f", ... ({len(names) - limit} more; see list_tasks)" if len(names) > limit else "")

    def unknown_task_message(self, task_id: str) -> str:
        """The one wording of "no such task", shared by the tools, the HTTP routes and the CLI."""
        return f"unknown task {task_id!r}; known tasks: {self.known_ids()}"

    def select(self, difficulty: str | None = None, split: str | None = None, tag: str | None = None) -> list[Task]:
        """Tasks matching every given filter, sorted by id (a stable order for seeded choice)."""
        return [
            task
            for task_id, task in sorted(self._tasks.items())
            if (difficulty is None or task.difficulty == difficulty)
            and (split is None or task.split == split)
            and (tag is None or tag in task.tags)
        ]
