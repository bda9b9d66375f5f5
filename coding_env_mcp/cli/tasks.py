"""`coding-env-mcp tasks list|show|validate|stats|new`: the task suite's tooling for users and authors.

    coding-env-mcp tasks list [--difficulty D] [--split S] [--tag T] [--json]
    coding-env-mcp tasks show TASK_ID [--answer-key]
    coding-env-mcp tasks validate [TASK_ID ...] [--no-witnesses]
    coding-env-mcp tasks stats [--json]            the suite's composition (docs/tasks.md)
    coding-env-mcp tasks new TASK_ID --before DIR --after DIR [--difficulty D] [--split S] [--clean]

`new` writes the diff from two trees, so an author never edits a diff by hand (tasks/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from ..core.composition import composition, describe
from ..core.diffs import make_diff
from ..core.tasks import TaskFormatError, TaskRegistry, default_tasks_dir, load_task, task_folders
from ..models import DIFFICULTIES, SPLITS
from .compose import add_sandbox_settings, sandbox_config

TASK_TOML = """\
task_id = "{task_id}"
difficulty = "{difficulty}"   # easy | medium | hard: see "Difficulty" in tasks/README.md
split = "{split}"
tags = []                     # public topics of the code (sql, billing, web-handler): never the defect
pr_title = ""
pr_description = \"\"\"
\"\"\"
"""

CLEAN_KEY = """\
issues = []
clean_witness = "witness/{name}.py"
"""

BUGGY_KEY = """\
labels = []                   # private: the defect classes and CWE ids of the issues

[[issues]]
file = ""
lines = [0, 0]                # at most 6 lines, all added by the diff
issue_type = ""               # logic | security | performance | maintainability
bug_type = ""                 # syntax | logic | security | none
severity = ""                 # low | medium | high | critical
summary = \"\"\"
\"\"\"
evidence = [[], [], []]       # three key points, each a list of specific synonyms
witness = "witness/{name}.py"
"""

WITNESS = '''"""{purpose}

Run with the task's files as the working directory; stdlib only; fails by a failed assert.
"""

raise AssertionError("write this witness")
'''


def add_tasks_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tasks ...` on the top-level parser's sub-commands."""
    tasks = commands.add_parser("tasks", help="list, show, validate, measure and create tasks")
    sub = tasks.add_subparsers(dest="tasks_command", required=True)
    listing = sub.add_parser("list", help="list the tasks")
    listing.add_argument("--difficulty", choices=DIFFICULTIES)
    listing.add_argument("--split", choices=SPLITS)
    listing.add_argument("--tag")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_tasks_list)
    show = sub.add_parser("show", help="show one task")
    show.add_argument("task_id")
    show.add_argument("--answer-key", action="store_true", help="also print the planted issues and private labels")
    show.set_defaults(func=_tasks_show)
    validate = sub.add_parser("validate", help="validate every task and prove it by its witnesses")
    validate.add_argument("task_ids", nargs="*", metavar="TASK_ID", help="only these tasks (default: all)")
    validate.add_argument("--no-witnesses", action="store_true", help="check the format only (fast)")
    add_sandbox_settings(validate)
    validate.set_defaults(func=_tasks_validate)
    stats = sub.add_parser("stats", help="the suite's composition: verdicts, difficulty, defect classes, PR sizes")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=_tasks_stats)
    new = sub.add_parser("new", help="a new task folder from a before and an after tree (the diff is generated)")
    new.add_argument("task_id")
    new.add_argument("--before", type=Path, required=True, metavar="DIR", help="the code as it was before the PR")
    new.add_argument("--after", type=Path, required=True, metavar="DIR", help="the code as the PR leaves it")
    new.add_argument("--difficulty", choices=DIFFICULTIES, default="medium")
    new.add_argument("--split", choices=SPLITS, default="train")
    new.add_argument("--clean", action="store_true", help="a PR with no planted issue")
    new.set_defaults(func=_tasks_new)
    for parser in (listing, show, validate, stats, new):
        parser.add_argument("--tasks-dir", type=Path, default=None, help="the task suite (default: bundled)")


def _tasks_list(args: argparse.Namespace) -> int:
    registry = TaskRegistry.load(args.tasks_dir)
    tasks = [task.summary() for task in registry.select(args.difficulty, args.split, args.tag)]
    if args.json:
        print(json.dumps([task.model_dump() for task in tasks], indent=2))
        return 0
    print(f"{'task_id':<28} {'difficulty':<10} {'split':<6} {'files':>5}  pr_title")
    for task in tasks:
        print(f"{task.task_id:<28} {task.difficulty:<10} {task.split:<6} {len(task.changed_files):>5}  {task.pr_title}")
    print(f"{len(tasks)} task(s)")
    return 0


def _tasks_show(args: argparse.Namespace) -> int:
    registry = TaskRegistry.load(args.tasks_dir)
    task = registry.get(args.task_id)
    if task is None:
        raise TaskFormatError(registry.unknown_task_message(args.task_id))
    print(f"{task.task_id}  ({task.difficulty}, {task.split}; tags: {', '.join(task.tags) or '-'})")
    print(f"\n# {task.pr_title}\n\n{task.pr_description}\n")
    print("Changed files:\n" + "\n".join(f"  {path}" for path in task.changed_files) + "\n")
    print(task.diff)
    if args.answer_key:
        print("Answer key:" if task.issues else "Answer key: clean PR (the right review approves it)")
        print(f"  private labels: {', '.join(task.private_labels)}")
        if task.source_project:
            print(f"  code from: {task.source_project} ({task.source_license})")
        for number, issue in enumerate(task.issues, start=1):
            print(
                f"  {number}. {issue.file}:{issue.start_line}-{issue.end_line} {issue.issue_type}/{issue.bug_type} "
                f"{issue.severity}: {issue.summary}"
            )
        for item in task.accepted:
            print(f"  accepted: {item.file}:{item.start_line}-{item.end_line}: {item.why}")
    return 0


def _tasks_validate(args: argparse.Namespace) -> int:
    """Check each task's format, then (unless --no-witnesses) prove it by running its witnesses.

    Tasks are proven concurrently (each witness still runs in a fresh interpreter of its own); many
    witnesses mostly wait on timers or threads, so this is what keeps a large suite quick.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ..core.witness import prove_task
    from ..sandbox import WorkerSandbox

    root = args.tasks_dir or default_tasks_dir()
    folders = task_folders(root)
    if args.task_ids:
        unknown = sorted(set(args.task_ids) - {folder.name for folder in folders})
        if unknown:
            raise TaskFormatError(
                f"no task {', '.join(unknown)} in {root}; it has: {', '.join(f.name for f in folders)}"
            )
        folders = [folder for folder in folders if folder.name in args.task_ids]
    failed = 0
    sandbox = WorkerSandbox(sandbox_config(args, protect=(Path(root),)))

    def check(folder: Path) -> list[str]:
        try:
            task = load_task(folder)
            return [] if args.no_witnesses else prove_task(task, sandbox)
        except TaskFormatError as exc:
            return [str(exc)]

    try:
        with ThreadPoolExecutor(max_workers=sandbox.config.pool.max_concurrent) as workers:
            for number, (folder, problems) in enumerate(
                zip(folders, workers.map(check, folders), strict=True), start=1
            ):
                failed += bool(problems)
                status = "FAIL" if problems else "ok"
                print(f"[{number}/{len(folders)}] {status:4} {folder.name}", file=sys.stderr)
                for problem in problems:
                    print(f"       {problem}", file=sys.stderr)
    finally:
        sandbox.close()
    proven = "" if args.no_witnesses else f" and proven by their witnesses (isolation: {sandbox.isolation})"
    print(f"{len(folders) - failed}/{len(folders)} task(s) valid{proven} in {root}")
    return 1 if failed or not folders else 0


def _tasks_stats(args: argparse.Namespace) -> int:
    suite = composition(TaskRegistry.load(args.tasks_dir).select())
    print(json.dumps(suite.as_dict(), indent=2) if args.json else describe(suite))
    return 0


def _read_tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        raise TaskFormatError(f"{root}: not a folder")
    tree = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                tree[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise TaskFormatError(f"{path}: not UTF-8 text; a task holds text files only") from None
    return tree


def _tasks_new(args: argparse.Namespace) -> int:
    root = args.tasks_dir or default_tasks_dir()
    folder = root / args.task_id
    if folder.exists():
        raise TaskFormatError(f"{folder}: already exists; pick another task id")
    before, after = _read_tree(args.before), _read_tree(args.after)
    diff = make_diff(before, after)
    if not diff:
        raise TaskFormatError(f"{args.before} and {args.after} hold the same files: the PR changes nothing")
    name = "clean_pr_is_correct" if args.clean else "defect_shows"
    shutil.copytree(args.after, folder / "files", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "witness").mkdir()
    (folder / "pr.diff").write_text(diff, encoding="utf-8")
    (folder / "task.toml").write_text(
        TASK_TOML.format(task_id=args.task_id, difficulty=args.difficulty, split=args.split)
    )
    (folder / "answer_key.toml").write_text((CLEAN_KEY if args.clean else BUGGY_KEY).format(name=name))
    purpose = (
        "Passes on the PR's code: it proves the PR is correct."
        if args.clean
        else ("Fails on the PR's code and passes once fix.patch is applied: it proves the planted issue.")
    )
    (folder / "witness" / f"{name}.py").write_text(WITNESS.format(purpose=purpose))
    changed = sum(1 for line in diff.splitlines() if line.startswith(("--- a/", "--- /dev/null")))
    print(f"{folder}: {changed} changed file(s); fill in task.toml, answer_key.toml and witness/{name}.py", end="")
    print("" if args.clean else ", add fix.patch (a diff against files/)", end="")
    print(f", then run: coding-env-mcp tasks validate {args.task_id}", file=sys.stdout)
    return 0
