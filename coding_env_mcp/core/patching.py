"""Applying a unified diff to an in-memory tree of files, strictly.

Used to apply a task's `fix.patch` to its post-PR files when proving a witness: every context and
removed line must match exactly where the hunk says, so a stale fix fails loudly instead of fuzzily.
"""

from __future__ import annotations

from collections.abc import Mapping

from .diffs import DiffError, read_patch, strip_prefix


def apply_patch(files: Mapping[str, str], patch_text: str) -> dict[str, str]:
    """Return a copy of `files` with `patch_text` applied; raise `DiffError` on any mismatch."""
    patch = read_patch(patch_text, "patch")
    result = dict(files)
    for patched in patch:
        source = strip_prefix(patched.source_file)
        target = strip_prefix(patched.target_file)
        if patched.is_removed_file:
            if source not in result:
                raise DiffError(f"{source}: the patch deletes a file that does not exist")
            del result[source]
            continue
        if patched.is_added_file:
            old_lines: list[str] = []
        elif source not in result:
            raise DiffError(f"{source}: the patch changes a file that does not exist")
        else:
            old_lines = result[source].splitlines(keepends=True)
        new_lines: list[str] = []
        cursor = 0
        for number, hunk in enumerate(patched, start=1):
            start = hunk.source_start - 1 if hunk.source_length else hunk.source_start
            if start < cursor:
                raise DiffError(f"{source}: hunk {number} overlaps the previous hunk")
            new_lines.extend(old_lines[cursor:start])
            position = start
            for line in hunk:
                if line.is_context or line.is_removed:
                    actual = old_lines[position] if position < len(old_lines) else None
                    if actual is None or actual.rstrip("\r\n") != line.value.rstrip("\r\n"):
                        raise DiffError(
                            f"{source}:{position + 1}: hunk {number} expects {line.value.rstrip()!r}, "
                            f"found {actual.rstrip() if actual is not None else 'end of file'!r}"
                        )
                    position += 1
                    if line.is_context:
                        new_lines.append(actual)
                elif line.is_added:
                    new_lines.append(line.value if line.value.endswith("\n") else line.value + "\n")
            cursor = position
        new_lines.extend(old_lines[cursor:])
        if source != target:
            result.pop(source, None)
        result[target] = "".join(new_lines)
    return result
