"""Reading a task's unified diff with `unidiff` and checking it against the post-PR files.

Line numbers anywhere in this project are line numbers of the *new* file (the PR's version), which
is what a reviewer sees in an editor. These checks are what make that true for every task.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError


class DiffError(ValueError):
    """The diff is malformed or does not describe the files it ships with."""


@dataclass(frozen=True)
class ChangedFile:
    """One file the diff touches, with the new-file line numbers it adds."""

    path: str
    added_lines: frozenset[int]
    is_new: bool
    is_deleted: bool


def strip_prefix(path: str) -> str:
    return path[2:] if path.startswith(("a/", "b/")) else path


def read_patch(text: str, what: str = "diff") -> PatchSet:
    """Parse a unified diff, or raise `DiffError` saying why it is not one (`what` names it: diff, patch)."""
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise DiffError(f"the {what} does not parse: {exc}") from exc
    if not patch:
        raise DiffError(f"the {what} touches no file (is it a unified diff with ---/+++ headers?)")
    return patch


def parse_diff(diff_text: str | PatchSet) -> list[ChangedFile]:
    """Parse `diff_text`, rejecting anything a reviewer could not trust.

    Raises `DiffError` when the text does not parse, touches no file, or contains a hunk whose
    removed and added lines are identical (a change that changes nothing).
    """
    patch = diff_text if isinstance(diff_text, PatchSet) else read_patch(diff_text, "diff")
    changed: list[ChangedFile] = []
    for patched in patch:
        path = strip_prefix(patched.target_file if not patched.is_removed_file else patched.source_file)
        added: set[int] = set()
        for number, hunk in enumerate(patched, start=1):
            removed_text = [line.value for line in hunk if line.is_removed]
            added_text = [line.value for line in hunk if line.is_added]
            if not removed_text and not added_text:
                raise DiffError(f"{path}: hunk {number} has no - or + lines")
            if removed_text == added_text:
                raise DiffError(f"{path}: hunk {number} changes nothing (its - and + lines are identical)")
            added.update(line.target_line_no for line in hunk if line.is_added)
        changed.append(
            ChangedFile(
                path=path,
                added_lines=frozenset(added),
                is_new=patched.is_added_file,
                is_deleted=patched.is_removed_file,
            )
        )
    return changed


def check_diff_matches_files(diff_text: str | PatchSet, files: Mapping[str, str]) -> None:
    """Check that every context and added line of the diff sits at its line number in `files`.

    `files` maps a path to the post-PR text of that file. Raises `DiffError` naming the first
    mismatch, so a task whose diff and files disagree cannot be loaded.
    """
    for patched in diff_text if isinstance(diff_text, PatchSet) else PatchSet(diff_text):
        if patched.is_removed_file:
            continue
        path = strip_prefix(patched.target_file)
        if path not in files:
            raise DiffError(f"{path}: changed by the diff but missing from files/")
        lines = files[path].splitlines()
        for hunk in patched:
            for line in hunk:
                if line.is_removed or line.target_line_no is None:  # None: a "\\ No newline at end of file" marker
                    continue
                number = line.target_line_no
                expected = line.value.rstrip("\r\n")
                actual = lines[number - 1] if 0 < number <= len(lines) else None
                if actual != expected:
                    raise DiffError(
                        f"{path}:{number}: the diff shows {expected!r} but files/{path} has "
                        f"{actual!r} (files/ must hold the post-PR content)"
                    )


def make_diff(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """The unified diff (a/ and b/ prefixes, 3 lines of context) turning the `before` files into `after`.

    What `diff -u --label a/X --label b/X` prints for each changed file, new files from /dev/null, removed
    files to /dev/null, and the `\\ No newline at end of file` marker where a side lacks a final newline.
    """
    out: list[str] = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        old_lines = _lines(old)
        new_lines = _lines(new)
        source = "/dev/null" if old is None else f"a/{path}"
        target = "/dev/null" if new is None else f"b/{path}"
        for line in difflib.unified_diff(old_lines, new_lines, fromfile=source, tofile=target, lineterm="\n"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str | None) -> list[str]:
    return [] if text is None else text.splitlines(keepends=True)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


@functools.lru_cache(maxsize=1024)
def numbered_diff(diff: str) -> str:
    """The diff with each added and context line's new-file number before its `+` or ` ` (`44+    x = 1`);
    removed lines stay as they are (`-    x = 0`).

    Line numbers are what findings are graded on; reading them off beats counting from a hunk header. The
    number takes the place of nothing else, so the text grows by a few characters a line. Every observation
    of a task shows the same numbered diff, so it is computed once per diff (a task's diff is one string
    object, so a cache hit costs a hash lookup, not a comparison of the text).
    """
    out, number = [], 0
    for line in diff.splitlines():
        if match := _HUNK.match(line):
            number = int(match.group(1))
            out.append(line)
        elif line.startswith(("+++ ", "--- ", "\\")) or not number:
            out.append(line)
        elif line.startswith("+") or line.startswith(" ") or line == "":
            out.append(f"{number}{line[:1] or ' '}{line[1:]}")
            number += 1
        else:
            out.append(line)
    return "\n".join(out)
