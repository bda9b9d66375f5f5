"""The on-disk cache of the validated suite: used while nothing changed, never once anything did."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from coding_env_mcp.cli.compose import sandbox_config
from coding_env_mcp.cli.main import _parser
from coding_env_mcp.core.task_cache import UNUSED_CACHE_DAYS, cache_file, load_registry
from coding_env_mcp.core.tasks import TaskFormatError, TaskRegistry

from ..conftest import TASKS_DIR

TASKS = ("task_032", "task_easy_1", "task_hard_1")  # sorted: the cache lists tasks in this order; task_032 is clean


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    root = tmp_path / "tasks"
    for name in TASKS:
        shutil.copytree(TASKS_DIR / name, root / name)
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _stored(cache_dir: Path, suite: Path) -> dict:
    return json.loads(cache_file(cache_dir, suite).read_text())


def _retitle_in_cache(cache_dir: Path, suite: Path, title: str) -> None:
    """Edit the cached copy only, so a later load shows whether it read the cache or the task files."""
    path = cache_file(cache_dir, suite)
    stored = json.loads(path.read_text())
    stored["tasks"][0]["pr_title"] = title  # TASKS[0]
    path.write_text(json.dumps(stored))


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_cached_suite_loads_as_the_validated_one_and_is_read_while_nothing_changed(suite: Path, cache_dir: Path):
    fresh = TaskRegistry.load(suite)
    first = load_registry(suite, cache_dir)
    assert cache_file(cache_dir, suite).is_file()
    second = load_registry(suite, cache_dir)
    for registry in (first, second):
        assert registry.ids() == fresh.ids()
        for task_id in fresh.ids():
            assert registry.get(task_id) == fresh.get(task_id)
            assert registry.get(task_id).root == fresh.get(task_id).root  # type: ignore[union-attr]

    _retitle_in_cache(cache_dir, suite, "read from the cache")
    assert load_registry(suite, cache_dir).get(TASKS[0]).pr_title == "read from the cache"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "change",
    ["edit a task file", "add a task", "remove a task", "touch a file"],
)
def test_any_change_to_the_suite_makes_the_cache_stale(suite: Path, cache_dir: Path, change: str):
    load_registry(suite, cache_dir)
    _retitle_in_cache(cache_dir, suite, "stale")
    if change == "edit a task file":
        _rewrite(suite / TASKS[0] / "task.toml", "pr_title = ", 'pr_title = "Edited" #')
    elif change == "add a task":
        shutil.copytree(TASKS_DIR / "task_medium_1", suite / "task_medium_1")
    elif change == "remove a task":
        shutil.rmtree(suite / TASKS[2])
    else:
        info = (suite / TASKS[1] / "pr.diff").stat()
        os.utime(suite / TASKS[1] / "pr.diff", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    registry = load_registry(suite, cache_dir)
    assert registry.ids() == TaskRegistry.load(suite).ids()
    titles = [registry.get(task_id).pr_title for task_id in registry.ids()]  # type: ignore[union-attr]
    assert "stale" not in titles
    assert "stale" not in json.dumps(_stored(cache_dir, suite))  # rewritten for the new suite
    if change == "edit a task file":
        assert registry.get(TASKS[0]).pr_title == "Edited"  # type: ignore[union-attr]


def test_a_task_broken_after_caching_fails_as_it_does_without_a_cache(suite: Path, cache_dir: Path):
    load_registry(suite, cache_dir)
    (suite / "task_easy_1/answer_key.toml").write_text('[[issues]]\nfile = "x"\n')
    with pytest.raises(TaskFormatError) as uncached:
        TaskRegistry.load(suite)
    with pytest.raises(TaskFormatError) as cached:
        load_registry(suite, cache_dir)
    assert str(cached.value) == str(uncached.value)
    assert "invalid tasks:" in str(cached.value) and "task_easy_1/answer_key.toml" in str(cached.value)
    with pytest.raises(TaskFormatError):  # and the broken suite was not cached as if it were valid
        load_registry(suite, cache_dir)


@pytest.mark.parametrize(
    "content",
    [b"", b'{"key": "', b"\x00\xff garbage", b"[]", b'{"key": null, "tasks": 3}', b"{}"],
    ids=["empty", "truncated", "binary", "a list", "wrong shape", "no key"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(suite: Path, cache_dir: Path, content: bytes):
    load_registry(suite, cache_dir)
    path = cache_file(cache_dir, suite)
    key = _stored(cache_dir, suite)["key"]
    path.write_bytes(content)
    assert load_registry(suite, cache_dir).ids() == sorted(TASKS)
    assert _stored(cache_dir, suite)["key"] == key  # rewritten whole


def test_a_cache_with_the_right_key_but_unusable_tasks_is_rebuilt(suite: Path, cache_dir: Path):
    load_registry(suite, cache_dir)
    path = cache_file(cache_dir, suite)
    stored = json.loads(path.read_text())
    del stored["tasks"][1]["issues"]
    path.write_text(json.dumps(stored))
    registry = load_registry(suite, cache_dir)
    assert registry.get(TASKS[1]) == TaskRegistry.load(suite).get(TASKS[1])


def test_the_cache_is_readable_by_its_owner_only(suite: Path, cache_dir: Path):
    load_registry(suite, cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file(cache_dir, suite).stat().st_mode) == 0o600


def test_an_unwritable_cache_only_costs_speed(suite: Path, tmp_path: Path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    assert load_registry(suite, blocked / "cache").ids() == sorted(TASKS)


def test_the_sandbox_protects_the_cache_like_the_suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    default = sandbox_config(_parser().parse_args(["serve"]))
    assert tmp_path / "xdg" / "coding-env-mcp" in default.protect
    chosen = sandbox_config(_parser().parse_args(["serve", "--task-cache", str(tmp_path / "mine")]))
    assert tmp_path / "mine" in chosen.protect
    off = sandbox_config(_parser().parse_args(["serve", "--task-cache", "off"]))
    assert not any("coding-env-mcp" in str(path) or "mine" in str(path) for path in off.protect)


def test_caches_no_start_used_for_a_month_are_deleted_when_another_is_written(suite: Path, cache_dir: Path):
    load_registry(suite, cache_dir)
    ours = cache_file(cache_dir, suite)
    month_ago = time.time() - (UNUSED_CACHE_DAYS + 1) * 86400
    os.utime(ours, (month_ago, month_ago))
    load_registry(suite, cache_dir)  # a start that reads a cache marks it used
    assert ours.stat().st_mtime > month_ago + 86400

    gone, recent = cache_dir / "tasks-0000000000000000.json", cache_dir / "tasks-1111111111111111.json"
    for path in (gone, recent):
        path.write_text("{}")
    os.utime(gone, (month_ago, month_ago))
    _rewrite(suite / TASKS[0] / "task.toml", "pr_title = ", 'pr_title = "Edited" #')
    load_registry(suite, cache_dir)  # validated afresh and written: the unused cache goes, the others stay
    assert not gone.exists() and recent.exists() and ours.exists()
