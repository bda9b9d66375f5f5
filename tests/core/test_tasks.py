"""Task loading: the format rules, each of which fails loudly with the task's path and the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coding_env_mcp.core.diffs import DiffError, check_diff_matches_files, parse_diff
from coding_env_mcp.core.patching import apply_patch
from coding_env_mcp.core.tasks import TaskFormatError, TaskRegistry, load_task

from ..conftest import TASKS_DIR

SEED_TASKS = ("task_easy_1", "task_medium_1", "task_hard_1")


@pytest.fixture
def task_copy(tmp_path: Path) -> Path:
    """A private copy of task_easy_1 to break in one way per test."""
    folder = tmp_path / "tasks" / "task_easy_1"
    shutil.copytree(TASKS_DIR / "task_easy_1", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_seed_tasks_load_with_real_line_numbers(registry: TaskRegistry):
    for task_id in SEED_TASKS:
        task = registry.get(task_id)
        assert task is not None and task.issues
        for planted in task.issues:
            lines = task.files[planted.file].splitlines()
            assert 1 <= planted.start_line <= planted.end_line <= len(lines)
    easy = registry.get("task_easy_1")
    assert easy.files["app/pagination.py"].splitlines()[43] == "    total_pages = len(items) // size"


def test_seed_diffs_really_change_what_they_show(registry: TaskRegistry):
    for task_id in SEED_TASKS:
        for changed in parse_diff(registry.get(task_id).diff):
            assert changed.added_lines


def test_a_valid_copy_loads(task_copy: Path):
    assert load_task(task_copy).task_id == "task_easy_1"


def test_identical_minus_plus_lines_are_rejected(task_copy: Path):
    """The seed env shipped a diff whose - and + lines were the same: such a task must not load."""
    (task_copy / "pr.diff").write_text(
        "--- a/app/pagination.py\n+++ b/app/pagination.py\n@@ -44,1 +44,1 @@\n"
        "-    total_pages = len(items) // size\n+    total_pages = len(items) // size\n"
    )
    with pytest.raises(TaskFormatError, match=r"pr.diff: app/pagination.py: hunk 1 changes nothing"):
        load_task(task_copy)


def test_hunk_of_identical_lines_is_named():
    diff = "--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n keep\n-same\n+same\n"
    with pytest.raises(DiffError, match=r"changes nothing"):
        parse_diff(diff)


def test_malformed_diff_fails_with_the_path(task_copy: Path):
    (task_copy / "pr.diff").write_text("--- a/app/pagination.py\n+++ b/app/pagination.py\n@@ -1,3 +1,99 @@\n+x\n")
    with pytest.raises(TaskFormatError, match=r"task_easy_1/pr.diff: the diff does not parse"):
        load_task(task_copy)


def test_diff_must_match_the_post_pr_files(task_copy: Path):
    edit(
        task_copy / "files/app/pagination.py",
        "total_pages = len(items) // size",
        "total_pages = len(items) // size  # x",
    )
    with pytest.raises(TaskFormatError, match=r"app/pagination.py:44: the diff shows"):
        load_task(task_copy)


def test_changed_file_missing_from_files(task_copy: Path):
    (task_copy / "files/tests/test_pagination.py").unlink()
    with pytest.raises(TaskFormatError, match=r"tests/test_pagination.py: changed by the diff but missing from files/"):
        load_task(task_copy)


def test_answer_key_range_must_lie_on_added_lines(task_copy: Path):
    edit(task_copy / "answer_key.toml", "lines = [44, 44]", "lines = [43, 44]")
    with pytest.raises(
        TaskFormatError, match=r"issue 1: lines \[43\] of app/pagination.py are not lines the diff adds"
    ):
        load_task(task_copy)


def test_answer_key_file_must_be_changed_by_the_diff(task_copy: Path):
    edit(task_copy / "answer_key.toml", 'file = "app/pagination.py"', 'file = "app/other.py"')
    with pytest.raises(TaskFormatError, match=r"file 'app/other.py' is not changed by the diff"):
        load_task(task_copy)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('severity = "medium"', 'severity = "urgent"', r"issues.0.severity: Input should be 'low', 'medium'"),
        ('issue_type = "logic"', 'issue_type = "style"', r"issues.0.issue_type"),
        ("lines = [44, 44]", "lines = [44, 40]", r"lines must be \[start, end\]"),
        ("evidence = [", "evidence = [[], ", "non-empty list of non-empty synonyms"),
        ("evidence = [", "unknown_field = 1\nevidence = [", r"unknown_field: Extra inputs are not permitted"),
        (
            "lines = [44, 44]",
            "lines = [40, 46]",
            r"span 7 lines; a range covers the defective lines only \(at most 6\)",
        ),
        (
            "evidence = [",
            'evidence = [["edge case", "floor"], ',
            r"evidence synonyms 'edge case' are mentioned by reviews",
        ),
        ('labels = ["integer-division", "boundary"]', "labels = []", r"labels is empty; name the defect classes"),
    ],
)
def test_answer_key_schema_errors_name_the_field(task_copy: Path, old: str, new: str, message: str):
    edit(task_copy / "answer_key.toml", old, new)
    with pytest.raises(TaskFormatError, match=message):
        load_task(task_copy)


def test_task_toml_errors(task_copy: Path):
    edit(task_copy / "task.toml", 'difficulty = "easy"', 'difficulty = "trivial"')
    with pytest.raises(TaskFormatError, match=r"task.toml: difficulty: Input should be 'easy', 'medium' or 'hard'"):
        load_task(task_copy)


@pytest.mark.parametrize("tag", ["clean", "cwe-89", "off-by-one", "race-condition", "security"])
def test_a_public_tag_never_names_the_defect_or_the_verdict(task_copy: Path, tag: str):
    edit(task_copy / "task.toml", 'tags = ["pagination", "api"]', f'tags = ["pagination", "{tag}"]')
    with pytest.raises(TaskFormatError, match=rf"tag '{tag}' is served to agents, but .* move it to answer_key.toml"):
        load_task(task_copy)


def test_a_wide_range_needs_a_reason_and_accepted_findings_load(task_copy: Path):
    edit(task_copy / "answer_key.toml", "lines = [44, 44]", 'lines = [46, 53]\nwide_range_reason = "the whole loop"')
    edit(
        task_copy / "answer_key.toml",
        "[[issues]]",
        '[[accepted]]\nfile = "app/pagination.py"\nlines = [10, 11]\nwhy = "a nit"\n\n[[issues]]',
    )
    task = load_task(task_copy)
    assert (task.issues[0].start_line, task.issues[0].end_line) == (46, 53)
    assert task.accepted[0].why == "a nit" and task.private_labels == ("integer-division", "boundary")


def test_task_id_must_match_folder(task_copy: Path):
    edit(task_copy / "task.toml", 'task_id = "task_easy_1"', 'task_id = "task_easy_9"')
    with pytest.raises(TaskFormatError, match=r"must equal the folder name"):
        load_task(task_copy)


def test_invalid_toml(task_copy: Path):
    (task_copy / "task.toml").write_text("task_id = \n")
    with pytest.raises(TaskFormatError, match=r"task.toml: not valid TOML"):
        load_task(task_copy)


def test_missing_witness_and_fix(task_copy: Path):
    (task_copy / "witness/partial_last_page.py").unlink()
    with pytest.raises(TaskFormatError, match=r"witness/partial_last_page.py: missing"):
        load_task(task_copy)


def test_fix_patch_must_apply(task_copy: Path):
    edit(task_copy / "fix.patch", "-    total_pages = len(items) // size", "-    total_pages = len(items) / size")
    with pytest.raises(TaskFormatError, match=r"fix.patch: does not apply"):
        load_task(task_copy)


def test_clean_pr_needs_a_clean_witness_and_no_fix(task_copy: Path):
    key = task_copy / "answer_key.toml"
    key.write_text("issues = []\n")
    with pytest.raises(TaskFormatError, match=r"clean PR .* needs a clean_witness"):
        load_task(task_copy)
    key.write_text('issues = []\nclean_witness = "witness/partial_last_page.py"\n')
    with pytest.raises(TaskFormatError, match=r"a clean PR has nothing to fix"):
        load_task(task_copy)
    (task_copy / "fix.patch").unlink()
    assert load_task(task_copy).is_clean


def test_registry_reports_every_broken_task_at_once(tmp_path: Path):
    for name in ("task_easy_1", "task_medium_1"):
        shutil.copytree(TASKS_DIR / name, tmp_path / name)
    (tmp_path / "task_easy_1/pr.diff").write_text("not a diff")
    (tmp_path / "task_medium_1/answer_key.toml").write_text("issues = 3")
    with pytest.raises(TaskFormatError) as raised:
        TaskRegistry.load(tmp_path)
    assert "task_easy_1/pr.diff" in str(raised.value) and "task_medium_1/answer_key.toml" in str(raised.value)


def test_empty_tasks_dir_is_an_error(tmp_path: Path):
    with pytest.raises(TaskFormatError, match=r"no tasks found"):
        TaskRegistry.load(tmp_path)
    with pytest.raises(TaskFormatError, match=r"tasks directory not found"):
        TaskRegistry.load(tmp_path / "absent")


def test_registry_filters(registry: TaskRegistry):
    assert all(t.difficulty == "hard" for t in registry.select(difficulty="hard"))
    assert [t.task_id for t in registry.select(difficulty="easy") if t.task_id in SEED_TASKS] == [
        "task_easy_1",
        "task_hard_1",
        "task_medium_1",
    ]
    assert all(t.split == "train" for t in registry.select(split="train"))
    assert "task_easy_1" in [t.task_id for t in registry.select(tag="pagination")]
    assert "task_medium_1" not in [t.task_id for t in registry.select(tag="pagination")]
    assert registry.select(tag="no-such-tag") == []


def test_fix_patches_apply_and_change_only_what_they_say(registry: TaskRegistry):
    task = registry.get("task_easy_1")
    fixed = apply_patch(task.files, task.fix_patch)
    assert "(len(items) + size - 1) // size" in fixed["app/pagination.py"]
    assert fixed["tests/test_pagination.py"] == task.files["tests/test_pagination.py"]


def test_patch_with_stale_context_is_refused():
    with pytest.raises(DiffError, match=r"x.py:2: hunk 1 expects 'b'"):
        apply_patch({"x.py": "a\nc\n"}, "--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n")


def test_check_diff_matches_files_names_line():
    diff = "--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,2 @@\n a\n+b\n"
    check_diff_matches_files(diff, {"x.py": "a\nb\n"})
    with pytest.raises(DiffError, match=r"x.py:2: the diff shows 'b' but files/x.py has 'c'"):
        check_diff_matches_files(diff, {"x.py": "a\nc\n"})


def test_bytecode_caches_in_files_are_not_part_of_the_pr(task_copy: Path):
    """pip byte-compiles the .py files of an installed wheel, task files included."""
    cache = task_copy / "files/app/__pycache__"
    cache.mkdir()
    (cache / "pagination.cpython-311.pyc").write_bytes(b"\x00\xff binary")
    assert "app/__pycache__/pagination.cpython-311.pyc" not in load_task(task_copy).files


SOURCE = """
[source]
project = "tinylib"
version = "1.2.3"
license = "{license}"
url = "https://pypi.org/project/tinylib/1.2.3/"
license_file = "LICENSE.tinylib"
paths = {{ "app/pagination.py" = "tinylib-1.2.3/src/tinylib/pages.py" }}
"""


def test_a_task_on_open_source_code_names_its_project_licence_and_paths(task_copy: Path):
    (task_copy / "task.toml").write_text((task_copy / "task.toml").read_text() + SOURCE.format(license="MIT"))
    with pytest.raises(TaskFormatError, match=r"license_file 'LICENSE.tinylib' is missing beside task.toml"):
        load_task(task_copy)
    (task_copy / "LICENSE.tinylib").write_text("MIT License\n")
    assert load_task(task_copy).source_project == "tinylib 1.2.3"
    text = (task_copy / "task.toml").read_text().replace('license = "MIT"', 'license = "GPL-3.0"')
    (task_copy / "task.toml").write_text(text)
    with pytest.raises(TaskFormatError, match=r"licence 'GPL-3.0' is not one a task may carry; accepted: MIT"):
        load_task(task_copy)
