"""`tasks stats` and `tasks new`: the suite's composition, and a task folder made from two trees."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from coding_env_mcp.cli.main import main
from coding_env_mcp.core.composition import changed_line_count, composition, describe
from coding_env_mcp.core.diffs import check_diff_matches_files, make_diff, parse_diff
from coding_env_mcp.core.tasks import load_task


def test_stats_reports_the_composition_a_benchmark_user_checks(registry, capsys):
    assert main(["tasks", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    tasks = registry.select()
    assert stats["tasks"] == len(tasks) and stats["clean"] == sum(t.is_clean for t in tasks)
    assert stats["buggy"] + stats["clean"] == stats["tasks"]
    assert sum(stats["by_difficulty"].values()) == len(tasks) and set(stats["by_split"]) == {"train", "test"}
    assert stats["cwe"]["cwe-89"] >= 1 and "sql-injection" in stats["defect_classes"]
    assert stats["changed_lines"]["min"] <= stats["changed_lines"]["median"] <= stats["changed_lines"]["max"]
    assert main(["tasks", "stats"]) == 0
    text = capsys.readouterr().out
    assert f"tasks: {len(tasks)}" in text and "clean:" in text and "changed lines per PR" in text
    assert "clean per difficulty: easy " in text


def test_stats_report_the_clean_share_of_each_difficulty(registry):
    # A correct approval scores the same at every level, so a level's mean depends on its clean share.
    tasks = registry.select()
    suite = composition(tasks)
    for level, count in suite.by_difficulty.items():
        assert suite.clean_by_difficulty.get(level, 0) == sum(t.is_clean for t in tasks if t.difficulty == level)
        assert 0 < suite.clean_by_difficulty[level] < count, level
    assert sum(suite.clean_by_difficulty.values()) == suite.clean
    easy_clean = registry.get("task_easy_4")  # clean, easy
    hard_buggy = registry.get("task_hard_5")  # planted issue, hard
    small = composition([easy_clean, hard_buggy])
    assert small.clean_by_difficulty == {"easy": 1} and small.by_difficulty == {"easy": 1, "hard": 1}
    assert "clean per difficulty: easy 1 (100%), hard 0 (0%)" in describe(small)


def test_composition_counts_multi_issue_prs_and_changed_lines(registry):
    medium_7 = registry.get("task_medium_7")  # two issues in two files
    suite = composition([medium_7, registry.get("task_easy_4")])
    assert (suite.tasks, suite.clean, suite.buggy, suite.multi_issue, suite.issues) == (2, 1, 1, 1, 2)
    assert changed_line_count("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n") == 2


def test_make_diff_writes_what_diff_u_would(tmp_path: Path):
    before = {"app/a.py": "one\ntwo\nthree\n", "app/gone.py": "x\n", "same.py": "s\n"}
    after = {"app/a.py": "one\n2\nthree", "app/new.py": "fresh\n", "same.py": "s\n"}
    diff = make_diff(before, after)
    assert "--- a/app/a.py\n+++ b/app/a.py\n" in diff and "+2\n" in diff
    assert "\\ No newline at end of file" in diff
    assert "--- /dev/null\n+++ b/app/new.py\n" in diff and "--- a/app/gone.py\n+++ /dev/null\n" in diff
    assert "same.py" not in diff
    changed = {item.path: item for item in parse_diff(diff)}
    assert changed["app/new.py"].is_new and changed["app/gone.py"].is_deleted
    check_diff_matches_files(diff, {path: text for path, text in after.items()})


def test_new_makes_a_task_folder_from_two_trees(tmp_path: Path, capsys):
    before, after, suite = tmp_path / "before", tmp_path / "after", tmp_path / "suite"
    for root, text in ((before, "def f(x):\n    return x\n"), (after, "def f(x):\n    return x + 1\n")):
        (root / "app").mkdir(parents=True)
        (root / "app" / "calc.py").write_text(text)
    suite.mkdir()
    args = ["tasks", "new", "task_x", "--before", str(before), "--after", str(after), "--tasks-dir", str(suite)]
    assert main([*args, "--clean", "--difficulty", "easy"]) == 0
    assert "then run: coding-env-mcp tasks validate task_x" in capsys.readouterr().out
    folder = suite / "task_x"
    assert (folder / "files" / "app" / "calc.py").read_text() == "def f(x):\n    return x + 1\n"
    assert "+    return x + 1" in (folder / "pr.diff").read_text()
    assert 'difficulty = "easy"' in (folder / "task.toml").read_text()
    toml = (folder / "task.toml").read_text().replace('pr_title = ""', 'pr_title = "Add one"')
    toml = toml.replace('pr_description = """\n"""', 'pr_description = """\nf now adds one.\n"""')
    (folder / "task.toml").write_text(toml)
    task = load_task(folder)  # filled in, the scaffold is a valid clean task
    assert task.is_clean and task.changed_files == ("app/calc.py",)
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_refuses_trees_that_change_nothing(tmp_path: Path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text("x = 1\n")
    args = ["tasks", "new", "task_y", "--before", str(tmp_path / "a"), "--after", str(tmp_path / "a")]
    assert main([*args, "--tasks-dir", str(tmp_path)]) == 2
    assert "the PR changes nothing" in capsys.readouterr().err
    assert not (tmp_path / "task_y").exists()


@pytest.mark.parametrize("command", [["tasks", "list"], ["tasks", "stats"], ["tasks", "show", "task_easy_4"]])
def test_task_commands_still_answer(command, capsys):
    assert main(command) == 0
    assert capsys.readouterr().out


def test_a_listing_whose_reader_went_away_stops_quietly(monkeypatch, capsys):
    """`coding-env-mcp tasks list --json | head`: the pipe closes under the writer; no traceback, exit 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed_pipe = os.fdopen(write_end, "w")
    monkeypatch.setattr(sys, "stdout", closed_pipe)
    assert main(["tasks", "list", "--json"]) == 0  # far more than one buffer: the write fails inside main
    closed_pipe.close()
