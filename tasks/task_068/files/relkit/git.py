"""What relkit asks git."""

from pathlib import Path

from relkit import proc
from relkit.proc import ToolError


def _git(repo: Path, *args: str) -> str:
    return proc.run(["git", "-C", str(repo), *args]).strip()


def head_commit(repo: Path) -> str:
    return _git(repo, "rev-parse", "HEAD")


def current_branch(repo: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD."""
    name = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    return None if name == "HEAD" else name


def is_dirty(repo: Path) -> bool:
    """Whether the work tree has uncommitted changes to tracked files."""
    return bool(_git(repo, "status", "--porcelain", "--untracked-files=no"))


def resolve_commit(repo: Path, ref: str) -> str:
    """The full id of the commit `ref` names: a branch, a tag, a commit id or any other revision."""
    if not ref or ref.startswith("-"):
        raise ToolError(f"not a git revision: {ref!r}")
    return _git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}")


def archive(repo: Path, commit: str, out: Path) -> None:
    """Write the files of `commit` (as committed: no local changes, no untracked files) to `out` as .tar.gz."""
    _git(repo, "archive", "--format=tar.gz", "-o", str(out), commit)
